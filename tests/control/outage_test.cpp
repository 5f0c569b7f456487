// The outage of a control change: lost ÷ offered rate over a window.
#include "src/operations/outage.hpp"

#include <gtest/gtest.h>

namespace hammer::operations {
namespace {

using std::chrono::milliseconds;

TEST(Outage, IsTheFramesTheOfferedRateDidNotDeliverAsTime)
{
    // 20 000 frames/s over 1.5 s offers 30 000; 19 600 arrived: 10 400 lost, 520 ms.
    const Outage outage = outage_between({milliseconds{1000}, 5000}, {milliseconds{2500}, 24'600}, 20'000.0);
    EXPECT_EQ(outage.lost, 10'400U);
    EXPECT_EQ(outage.window, milliseconds{1500});
    EXPECT_DOUBLE_EQ(outage.milliseconds(), 520.0);
    EXPECT_EQ(to_json(outage), (nlohmann::json{{"lost-packets", 10'400}, {"offered-pps", 20'000.0},
                                               {"window-ms", 1500}, {"outage-ms", 520.0}}));
}

TEST(Outage, AGeneratorCatchingUpIsNoOutage)
{
    const Outage outage = outage_between({milliseconds{0}, 0}, {milliseconds{1000}, 1200}, 1000.0);
    EXPECT_EQ(outage.lost, 0U);
    EXPECT_DOUBLE_EQ(outage.milliseconds(), 0.0);
}

TEST(Outage, WithoutAnOfferedRateThereIsNoTime)
{
    EXPECT_DOUBLE_EQ(outage_between({milliseconds{0}, 0}, {milliseconds{10}, 0}, 0.0).milliseconds(), 0.0);
}

TEST(Outage, TheRateReceivedBetweenTwoMarks)
{
    EXPECT_DOUBLE_EQ(received_rate({milliseconds{100}, 1000}, {milliseconds{600}, 6000}), 10'000.0);
    EXPECT_DOUBLE_EQ(received_rate({milliseconds{100}, 1000}, {milliseconds{100}, 6000}), 0.0);
}

} // namespace
} // namespace hammer::operations
