#include "src/run/live_view.hpp"

#include <gtest/gtest.h>

namespace hammer::run {
namespace {

TEST(LiveView, ShowsTheReceivedRateOfEachDirectionWhileTrafficRuns)
{
    record::WatchedPair pair;
    EXPECT_EQ(rate_text(pair), "") << "no traffic, no rates";
    pair.directions[0].tx_pps = 1000.0;
    pair.directions[0].rx_pps = 990.0;
    pair.directions[0].rx_bps = 792000.0;
    EXPECT_EQ(rate_text(pair), "  fwd 990 pps 792 kbit/s");
    pair.directions[1].tx_pps = 2.5e6;
    pair.directions[1].rx_pps = 2.46e6;
    pair.directions[1].rx_bps = 1.26e9;
    EXPECT_EQ(rate_text(pair), "  fwd 990 pps 792 kbit/s  rev 2.46 Mpps 1.26 Gbit/s");
}

} // namespace
} // namespace hammer::run
