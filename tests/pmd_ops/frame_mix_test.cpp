#include "pmd_ops/frame_mix.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <tuple>

namespace hammer::pmd_ops {
namespace {

TEST(FrameMix, InterleaveKeepsTheProportionsInTheShortestOrder)
{
    EXPECT_EQ(interleave({8, 1, 1}), (std::vector<std::uint16_t>{0, 0, 0, 1, 0, 0, 2, 0, 0, 0}));
    // 70:40:10 is 7:4:1.
    const auto order = interleave({70, 40, 10});
    ASSERT_EQ(order.size(), 12U);
    EXPECT_EQ(std::count(order.begin(), order.end(), 0), 7);
    EXPECT_EQ(std::count(order.begin(), order.end(), 1), 4);
    EXPECT_EQ(std::count(order.begin(), order.end(), 2), 1);
}

TEST(FrameMix, CsitImixIsSevenFourOneWithoutFcs)
{
    EXPECT_EQ(csit_imix(), (std::vector<SizeShare>{{60, 7}, {566, 4}, {1514, 1}}));
    const FrameMix imix = mix_sizes({FrameSpec{}}, {1}, csit_imix());
    EXPECT_NEAR(mean_size(imix.kinds, imix.order), (7 * 60 + 4 * 566 + 1514) / 12.0, 1e-9);
    FrameSpec ipv6;
    ipv6.ip_version = IpVersion::v6;
    const FrameMix raised = mix_sizes({ipv6}, {1}, csit_imix());
    EXPECT_EQ(raised.kinds[0].size, 80) << "60 bytes hold no IPv6 headers and stamp";
    EXPECT_NEAR(mean_size(raised.kinds, raised.order), (7 * 80 + 4 * 566 + 1514) / 12.0, 1e-9);
    EXPECT_EQ(mean_size({FrameSpec{}}, {}), 64);
}

TEST(FrameMix, EveryKindAtEverySize)
{
    FrameSpec unicast;
    FrameSpec broadcast;
    broadcast.frame_class = FrameClass::broadcast;
    const FrameMix mix = mix_sizes({unicast, broadcast}, {3, 1}, {{64, 2}, {1500, 1}});
    ASSERT_EQ(mix.kinds.size(), 4U);
    EXPECT_EQ(mix.kinds[0].size, 64);
    EXPECT_EQ(mix.kinds[1].size, 1500);
    EXPECT_EQ(mix.kinds[2].frame_class, FrameClass::broadcast);
    EXPECT_EQ(mix.kinds[3].size, 1500);
    // Weights 6, 3, 2, 1.
    ASSERT_EQ(mix.order.size(), 12U);
    EXPECT_EQ(std::count(mix.order.begin(), mix.order.end(), 0), 6);
    EXPECT_EQ(std::count(mix.order.begin(), mix.order.end(), 3), 1);
}

TEST(FrameMix, TooLongAMixIsRefused)
{
    EXPECT_THROW(std::ignore = mix_sizes({FrameSpec{}, FrameSpec{}}, {1000, 999}, {{64, 1000}, {128, 999}}),
                 std::invalid_argument);
}

} // namespace
} // namespace hammer::pmd_ops
