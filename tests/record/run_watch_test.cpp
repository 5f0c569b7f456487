#include "src/record/run_watch.hpp"

#include "src/operations/outcome.hpp"

#include <gtest/gtest.h>

namespace hammer::record {
namespace {

using nlohmann::json;

void start(RunWatch& watch)
{
    watch.observe({{"event", "run-start"},
                   {"run-id", "r1"},
                   {"pairs", json::array({{{"pair-id", "pair0"}}, {{"pair-id", "pair1"}}})}});
}

TEST(RunWatch, FollowsTheRunState)
{
    RunWatch watch;
    start(watch);
    EXPECT_EQ(watch.view().run_id, "r1");
    EXPECT_EQ(watch.view().state, WatchedState::starting);
    watch.observe({{"event", "snapshots-complete"}, {"endpoints", 4}});
    EXPECT_EQ(watch.view().state, WatchedState::running);
    watch.observe({{"event", "stop-requested"}, {"signal", "SIGINT"}, {"count", 1}});
    EXPECT_EQ(watch.view().state, WatchedState::stopping);
    watch.observe({{"event", "restore"}, {"node-id", "n"}, {"tp-id", "t"}});
    EXPECT_EQ(watch.view().state, WatchedState::restoring);
    watch.observe({{"event", "run-end"}, {"status", "PASS"}});
    EXPECT_EQ(watch.view().state, WatchedState::done);
}

TEST(RunWatch, KeepsEachPairsStepTrafficAndOutcomes)
{
    RunWatch watch;
    start(watch);
    watch.observe({{"event", "slot-start"}, {"pair-id", "pair1"}, {"operation-id", "mix"},
                   {"operation", "traffic_mix"}, {"loop", 2}, {"slot", 5}});
    watch.observe({{"event", "traffic-sample"}, {"pair-id", "pair1"}, {"direction", "reverse"},
                   {"tx-pps", 10.0}, {"rx-pps", 9.0}, {"tx-bps", 80.0}, {"rx-bps", 72.0}});
    auto pair = watch.view().pairs[1];
    EXPECT_EQ(pair.operation_id, "mix");
    EXPECT_EQ(pair.operation, "traffic_mix");
    EXPECT_EQ(pair.loop, 2U);
    EXPECT_EQ(pair.directions[1].rx_pps, 9.0);
    EXPECT_EQ(pair.directions[1].rx_bps, 72.0);

    watch.observe({{"event", "traffic"}, {"pair-id", "pair1"}, {"direction", "reverse"}, {"tx-packets", 100},
                   {"rx-packets", 90}, {"tx-bytes", 6400}, {"rx-bytes", 5760}, {"duration-ms", 1000},
                   {"latency", {{"p50-ns", 1000}, {"p90-ns", 2000}, {"p99-ns", 3000}, {"p999-ns", 4000}}}});
    watch.observe({{"event", "outage"}, {"pair-id", "pair1"}, {"outage-ms", 12.5}});
    watch.observe({{"event", "slot-end"}, {"pair-id", "pair1"}, {"operation-id", "mix"}, {"outcome", "FAIL"}});
    pair = watch.view().pairs[1];
    EXPECT_EQ(pair.directions[1].tx_packets, 100U);
    EXPECT_EQ(pair.directions[1].lost_packets(), 10U);
    EXPECT_EQ(pair.directions[1].rx_bytes, 5760U);
    ASSERT_TRUE(pair.directions[1].latency);
    EXPECT_EQ(pair.directions[1].latency->p99_ns, 3000.0);
    EXPECT_EQ(pair.directions[1].rx_pps, 0.0) << "no live rate once the step ended";
    EXPECT_EQ(pair.outages, 1U);
    EXPECT_EQ(pair.outage_ms, 12.5);
    EXPECT_EQ(pair.outcomes.at("mix")[static_cast<std::size_t>(operations::Outcome::fail)], 1U);
    EXPECT_EQ(watch.view().pairs[0].directions[0].tx_packets, 0U) << "the other pair is untouched";
}

TEST(RunWatch, PassesOverEventsOfUnknownPairs)
{
    RunWatch watch;
    start(watch);
    watch.observe({{"event", "traffic"}, {"pair-id", "nope"}, {"direction", "forward"}, {"tx-packets", 1}});
    watch.observe({{"event", "slot-end"}, {"pair-id", "pair0"}, {"operation-id", "x"}, {"outcome", "MAYBE"}});
    EXPECT_EQ(watch.view().pairs.size(), 2U);
    EXPECT_TRUE(watch.view().pairs[0].outcomes.empty());
}

} // namespace
} // namespace hammer::record
