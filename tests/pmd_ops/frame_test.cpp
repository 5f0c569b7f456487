#include "pmd_ops/frame.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace hammer::pmd_ops {
namespace {

TEST(Frame, ShortestFrameHoldsHeadersAndStamp)
{
    const auto frame = build_frame({FrameClass::unicast, 60, 7});
    ASSERT_EQ(frame.size(), 60U);
    EXPECT_EQ(frame_layout::pattern, 60U) << "the stamp fills a 60-byte frame exactly";
    EXPECT_TRUE(is_test_frame(frame.data(), frame.size()));
    EXPECT_EQ(read_flow(frame.data()), 7);
    EXPECT_EQ(classify(frame.data()), FrameClass::unicast);
    // A correct IPv4 header checksum sums to zero.
    EXPECT_EQ(internet_checksum(frame.data() + frame_layout::ip, 20), 0);
    // IPv4 total length and UDP length.
    EXPECT_EQ(frame[16] << 8 | frame[17], 46);
    EXPECT_EQ(frame[38] << 8 | frame[39], 26);
}

TEST(Frame, ClassesByDestination)
{
    const auto multicast = build_frame({FrameClass::multicast, 64, 1});
    const auto broadcast = build_frame({FrameClass::broadcast, 64, 2});
    EXPECT_EQ(classify(multicast.data()), FrameClass::multicast);
    EXPECT_EQ(multicast[0], 0x01);
    EXPECT_EQ(multicast[30], 239) << "IPv4 destination in 239/8";
    EXPECT_EQ(classify(broadcast.data()), FrameClass::broadcast);
    EXPECT_EQ(broadcast[33], 255);
}

TEST(Frame, StampRoundTrips)
{
    auto frame = build_frame({FrameClass::unicast, 1500, 3});
    const Stamp written{0xbeef, 123456789012345ULL, 987654321ULL};
    write_stamp(frame.data(), written);
    const Stamp read = read_stamp(frame.data());
    EXPECT_EQ(read.tag, written.tag);
    EXPECT_EQ(read.sequence, written.sequence);
    EXPECT_EQ(read.tsc, written.tsc);
    EXPECT_EQ(read_flow(frame.data()), 3) << "the stamp leaves the headers alone";
}

TEST(Frame, PatternsFillThePayload)
{
    const auto fixed = build_frame({FrameClass::unicast, 128, 0, PayloadPattern::fixed});
    const auto incrementing = build_frame({FrameClass::unicast, 128, 0, PayloadPattern::incrementing});
    const auto random_a = build_frame({FrameClass::unicast, 128, 0, PayloadPattern::random, 1});
    const auto random_b = build_frame({FrameClass::unicast, 128, 0, PayloadPattern::random, 2});
    for (std::size_t i = frame_layout::pattern; i < 128; ++i) {
        EXPECT_EQ(fixed[i], 0xa5);
        EXPECT_EQ(incrementing[i], i);
    }
    EXPECT_NE(random_a, random_b) << "the seed changes the random payload";
    EXPECT_EQ(random_a, build_frame({FrameClass::unicast, 128, 0, PayloadPattern::random, 1}));
}

TEST(Frame, JumboAndOutOfRangeSizes)
{
    EXPECT_EQ(build_frame({FrameClass::broadcast, 9216, 0}).size(), 9216U);
    EXPECT_THROW(static_cast<void>(build_frame({FrameClass::unicast, 59, 0})), std::invalid_argument);
    EXPECT_THROW(static_cast<void>(build_frame({FrameClass::unicast, 9217, 0})), std::invalid_argument);
}

TEST(Frame, ForeignFramesAreNotTestFrames)
{
    auto frame = build_frame({FrameClass::unicast, 64, 0});
    frame[12] = 0x86, frame[13] = 0xdd; // IPv6
    EXPECT_FALSE(is_test_frame(frame.data(), frame.size()));
    EXPECT_FALSE(is_test_frame(frame.data(), 42)) << "too short";
}

} // namespace
} // namespace hammer::pmd_ops
