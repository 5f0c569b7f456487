#include "patterns/seeded_random.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <numeric>
#include <vector>

namespace hammer {
namespace {

TEST(SeededRandom, SameSeedGivesSameSequenceOtherSeedAnother)
{
    SeededRandom a{42}, b{42}, c{43};
    std::vector<std::uint64_t> from_a, from_b, from_c;
    for (int i = 0; i < 16; ++i) {
        from_a.push_back(a.next());
        from_b.push_back(b.next());
        from_c.push_back(c.next());
    }
    EXPECT_EQ(from_a, from_b);
    EXPECT_NE(from_a, from_c);
}

TEST(SeededRandom, KnownFirstOutputPinsTheAlgorithm)
{
    // SplitMix64 with seed 0 starts 0xe220a8397b1dcdaf: if this changes, every
    // recorded seed in the field stops reproducing its schedule.
    SeededRandom random{0};
    EXPECT_EQ(random.next(), 0xe220a8397b1dcdafULL);
}

TEST(SeededRandom, BelowStaysInRangeAndCoversIt)
{
    SeededRandom random{7};
    std::array<int, 6> seen{};
    for (int i = 0; i < 6000; ++i) {
        const auto value = random.below(6);
        ASSERT_LT(value, 6U);
        ++seen[value];
    }
    for (int count : seen) {
        EXPECT_GT(count, 800);
        EXPECT_LT(count, 1200);
    }
}

TEST(SeededRandom, UnitIsHalfOpen)
{
    SeededRandom random{9};
    for (int i = 0; i < 10000; ++i) {
        const double value = random.unit();
        ASSERT_GE(value, 0.0);
        ASSERT_LT(value, 1.0);
    }
}

TEST(SeededRandom, ShuffleIsAPermutationAndDependsOnSeed)
{
    std::vector<int> original(20);
    std::iota(original.begin(), original.end(), 0);
    auto first = original, second = original, other = original;
    SeededRandom{5}.shuffle(std::span{first});
    SeededRandom{5}.shuffle(std::span{second});
    SeededRandom{6}.shuffle(std::span{other});
    EXPECT_EQ(first, second);
    EXPECT_NE(first, other);
    EXPECT_NE(first, original);
    std::sort(first.begin(), first.end());
    EXPECT_EQ(first, original);
}

} // namespace
} // namespace hammer
