#include "pmd_ops/sequence_checker.hpp"

#include <gtest/gtest.h>

namespace hammer::pmd_ops {
namespace {

SequenceChecker feed(std::initializer_list<std::uint64_t> sequences)
{
    SequenceChecker checker;
    for (const auto sequence : sequences) {
        checker.observe(sequence);
    }
    return checker;
}

TEST(SequenceChecker, InOrderFlowIsClean)
{
    SequenceChecker checker;
    for (std::uint64_t s = 0; s < 100000; ++s) {
        checker.observe(s);
    }
    EXPECT_EQ(checker.received(), 100000U);
    EXPECT_EQ(checker.unique(), 100000U);
    EXPECT_EQ(checker.duplicates(), 0U);
    EXPECT_EQ(checker.reordered(), 0U);
    EXPECT_EQ(checker.missing(), 0U);
    EXPECT_EQ(checker.lost(100000), 0U);
}

TEST(SequenceChecker, GapIsLossUntilTheLatePacketComes)
{
    auto checker = feed({0, 1, 2, 5, 6});
    EXPECT_EQ(checker.missing(), 2U);
    EXPECT_EQ(checker.lost(7), 2U);
    checker.observe(3);
    EXPECT_EQ(checker.missing(), 1U);
    EXPECT_EQ(checker.reordered(), 1U);
    EXPECT_EQ(checker.lost(7), 1U);
}

TEST(SequenceChecker, LossAtTheEndCountsAgainstWhatWasSent)
{
    const auto checker = feed({0, 1, 2});
    EXPECT_EQ(checker.missing(), 0U);
    EXPECT_EQ(checker.lost(10), 7U);
}

TEST(SequenceChecker, SwappedPairIsOneReorderNoLoss)
{
    const auto checker = feed({0, 2, 1, 3});
    EXPECT_EQ(checker.reordered(), 1U);
    EXPECT_EQ(checker.duplicates(), 0U);
    EXPECT_EQ(checker.lost(4), 0U);
}

TEST(SequenceChecker, RepeatsAreDuplicatesNotReorders)
{
    const auto checker = feed({0, 1, 1, 2, 0, 2});
    EXPECT_EQ(checker.received(), 6U);
    EXPECT_EQ(checker.unique(), 3U);
    EXPECT_EQ(checker.duplicates(), 3U);
    EXPECT_EQ(checker.reordered(), 0U);
    EXPECT_EQ(checker.lost(3), 0U);
}

TEST(SequenceChecker, ReorderedPacketSeenTwiceIsReorderThenDuplicate)
{
    const auto checker = feed({0, 3, 1, 1, 2});
    EXPECT_EQ(checker.reordered(), 2U);
    EXPECT_EQ(checker.duplicates(), 1U);
    EXPECT_EQ(checker.lost(4), 0U);
}

TEST(SequenceChecker, WindowForgetsOldNumbersAfterAGap)
{
    SequenceChecker checker;
    checker.observe(0);
    checker.observe(5);
    // Far ahead: the bits of 0..5 are cleared, and 5 + window - 1 lands on the slot of 5 - 1.
    checker.observe(5 + SequenceChecker::window);
    EXPECT_EQ(checker.unique(), 3U);
    // 4 + window: within the window, not seen: a reorder, not a duplicate
    // (its bit slot once held 4, which was never seen either).
    checker.observe(4 + SequenceChecker::window);
    EXPECT_EQ(checker.reordered(), 1U);
    EXPECT_EQ(checker.duplicates(), 0U);
    // 5 is more than a window behind the newest: late.
    checker.observe(5);
    EXPECT_EQ(checker.late(), 1U);
}

TEST(SequenceChecker, SlotReusedAcrossWindowsIsNotADuplicate)
{
    SequenceChecker checker;
    for (std::uint64_t s = 0; s < 3 * SequenceChecker::window; ++s) {
        checker.observe(s);
    }
    // Skip one number, then deliver it late: its slot was last used one
    // window earlier, which must not read as "seen".
    const std::uint64_t skipped = 3 * SequenceChecker::window;
    checker.observe(skipped + 1);
    checker.observe(skipped);
    EXPECT_EQ(checker.duplicates(), 0U);
    EXPECT_EQ(checker.reordered(), 1U);
    EXPECT_EQ(checker.lost(skipped + 2), 0U);
}

} // namespace
} // namespace hammer::pmd_ops
