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
    write_stamp(frame.data() + frame_layout::stamp, written);
    const Stamp read = read_stamp(frame.data() + frame_layout::stamp);
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

/// Whether the IPv6 UDP checksum of `frame` is right: the sum over the
/// pseudo-header and the UDP datagram, checksum included, is all ones.
bool ipv6_udp_checksum_holds(const std::vector<std::uint8_t>& frame, std::size_t ip, std::size_t udp)
{
    const std::size_t length = frame.size() - udp;
    std::uint32_t sum = ones_sum(frame.data() + ip + 8, 32);
    sum += static_cast<std::uint32_t>(length) + 17U;
    sum = ones_sum(frame.data() + udp, length, sum);
    while (sum >> 16 != 0) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return sum == 0xffff;
}

TEST(Frame, VlanAndQinqTagsGoBeforeTheIpHeader)
{
    FrameSpec spec{FrameClass::unicast, 64, 5};
    spec.vlan = 100;
    const auto tagged = build_frame(spec);
    EXPECT_EQ(tagged[12] << 8 | tagged[13], 0x8100);
    EXPECT_EQ(tagged[14] << 8 | tagged[15], 100);
    EXPECT_EQ(tagged[16] << 8 | tagged[17], 0x0800);
    EXPECT_EQ(internet_checksum(tagged.data() + 18, 20), 0);
    EXPECT_EQ(test_frame_udp(tagged.data(), tagged.size()), 38U);
    EXPECT_EQ(read_flow(tagged.data(), 38), 5);

    spec.outer_vlan = 200;
    EXPECT_THROW(static_cast<void>(build_frame(spec)), std::invalid_argument) << "64 bytes hold one tag, not two";
    spec.size = 68;
    const auto qinq = build_frame(spec);
    EXPECT_EQ(qinq[12] << 8 | qinq[13], 0x88a8) << "S-tag first (802.1ad)";
    EXPECT_EQ(qinq[14] << 8 | qinq[15], 200);
    EXPECT_EQ(qinq[16] << 8 | qinq[17], 0x8100);
    EXPECT_EQ(qinq[18] << 8 | qinq[19], 100);
    EXPECT_EQ(test_frame_udp(qinq.data(), qinq.size()), 42U);
    EXPECT_EQ(frame_offsets(spec).stamp, 50);
    EXPECT_EQ(frame_offsets(spec).min_size, 68) << "QinQ IPv4: 18 + 20 + 8 bytes of headers and the stamp";
}

TEST(Frame, Ipv6CarriesTheStampAndAValidUdpChecksum)
{
    FrameSpec spec{FrameClass::unicast, 200, 9, PayloadPattern::random, 4};
    spec.ip_version = IpVersion::v6;
    const FrameOffsets offsets = frame_offsets(spec);
    EXPECT_EQ(offsets.udp, 54);
    EXPECT_EQ(offsets.min_size, 80) << "IPv6: 14 + 40 + 8 bytes of headers and the 18-byte stamp";
    EXPECT_EQ(offsets.udp_checksum, 60);
    auto frame = build_frame(spec);
    EXPECT_EQ(frame[12] << 8 | frame[13], 0x86dd);
    EXPECT_EQ(frame[14] >> 4, 6);
    EXPECT_EQ(frame[18] << 8 | frame[19], 200 - 54) << "payload length";
    EXPECT_EQ(frame[36] << 8 | frame[37], 9) << "the flow in the source address";
    EXPECT_EQ(test_frame_udp(frame.data(), frame.size()), 54U);
    EXPECT_TRUE(ipv6_udp_checksum_holds(frame, offsets.ip, offsets.udp));
    // What TX does per frame: the stamp, then the checksum brought up to date.
    write_stamp(frame.data() + offsets.stamp, Stamp{0x1234, 0xfedcba9876543210ULL, 42});
    EXPECT_FALSE(ipv6_udp_checksum_holds(frame, offsets.ip, offsets.udp));
    update_udp_checksum(frame.data() + offsets.udp_checksum, frame.data() + offsets.stamp);
    EXPECT_TRUE(ipv6_udp_checksum_holds(frame, offsets.ip, offsets.udp));

    spec.size = 64;
    EXPECT_THROW(static_cast<void>(build_frame(spec)), std::invalid_argument) << "no room for the stamp";
    spec.vlan = 7;
    spec.outer_vlan = 8;
    spec.size = 88;
    const auto longest = build_frame(spec);
    EXPECT_EQ(test_frame_udp(longest.data(), longest.size()), 62U);
    EXPECT_TRUE(ipv6_udp_checksum_holds(longest, 22, 62));
}

TEST(Frame, Ipv6ClassesByDestination)
{
    FrameSpec spec{FrameClass::multicast, 128, 1};
    spec.ip_version = IpVersion::v6;
    const auto multicast = build_frame(spec);
    EXPECT_EQ(classify(multicast.data()), FrameClass::multicast);
    EXPECT_EQ(multicast[0], 0x33) << "33:33 and the group's low 32 bits (RFC 2464)";
    EXPECT_EQ(multicast[38], 0xff);
    spec.frame_class = FrameClass::broadcast;
    const auto broadcast = build_frame(spec);
    EXPECT_EQ(classify(broadcast.data()), FrameClass::broadcast);
    EXPECT_EQ(broadcast[38] << 8 | broadcast[39], 0xff02) << "all nodes: IPv6 has no broadcast";
}

} // namespace
} // namespace hammer::pmd_ops
