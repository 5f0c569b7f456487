// The runtime with several worker lcores and queues: dedicated placement
// gives each pair lcores of its own, every port gets the queues asked for,
// and the traffic operations run on them, queue changes under traffic
// included. A binary of its own: EAL starts once per process, here with
// three workers and two queues per port.
#include "pmd_ops/runtime.hpp"
#include "tests/pmd_ops/operation_harness.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace hammer::pmd_ops {
namespace testing {

PmdOptions harness_options()
{
    PmdOptions options = test_environment_options();
    // Three workers on the machine's CPUs (more lcores than CPUs on two):
    // the two pairs the runtime is sized for get one lcore each, dedicated,
    // and the third worker is left for a pair beyond them.
    options.workers = 3;
    options.pairs = 2;
    options.queues = 2;
    options.placement = Placement::dedicated;
    return options;
}

} // namespace testing

namespace {

using namespace std::chrono_literals;
using namespace testing;
using operations::Outcome;

/// The lcores and queue counters of the pair's last traffic measurement in `direction`.
nlohmann::json last_traffic(std::string_view pair_id, std::string_view direction)
{
    nlohmann::json found;
    for (const auto& event : journaled("traffic", pair_id)) {
        if (event["direction"] == direction) {
            found = event;
        }
    }
    return found;
}

TEST(PmdPlacement, DedicatedLcoresAndQueuesPerPair)
{
    if (!is_root()) {
        GTEST_SKIP() << "not root: DPDK needs it here";
    }
    static_cast<void>(dpdk_backend());
    auto runtime = PmdRuntime::shared(harness_options()); // the harness's
    const auto first = ring_pair("plone");
    const auto second = ring_pair("pltwo");
    PairPorts* one = runtime->acquire(first).value();
    PairPorts* two = runtime->acquire(second).value();
    EXPECT_EQ(one->queues, 2);
    EXPECT_EQ(one->a.config().rx_queues, 2);
    EXPECT_EQ(two->b.config().tx_queues, 2);
    ASSERT_EQ(one->lcores.size(), 1U) << "3 workers / 2 pairs";
    ASSERT_EQ(two->lcores.size(), 1U);
    EXPECT_NE(one->lcores, two->lcores) << "each pair has lcores of its own";

    auto params = defaults("payload_baseline");
    params["rate_pps"] = 100000;
    params["flows"] = 1000;
    for (const auto* pair : {&first, &second}) {
        const auto verdict = step(*pair, "payload_baseline", params, 300ms);
        EXPECT_EQ(verdict.outcome, Outcome::pass) << verdict.message;
    }
    for (const auto& [pair, lcores] : {std::pair{&first, one->lcores}, std::pair{&second, two->lcores}}) {
        for (const auto* direction : {"forward", "reverse"}) {
            const auto traffic = last_traffic(pair->id, direction);
            ASSERT_FALSE(traffic.is_null()) << pair->id;
            EXPECT_EQ(traffic["lost"], 0);
            EXPECT_EQ(traffic["flows"], 1000);
            ASSERT_EQ(traffic["queues"].size(), 2U) << traffic.dump();
            std::uint64_t tx = 0;
            for (const auto& queue : traffic["queues"]) {
                EXPECT_EQ(queue["tx-lcore"], lcores.front()) << "the pair's own lcore";
                EXPECT_EQ(queue["rx-lcore"], lcores.front());
                EXPECT_GT(queue["rx-packets"].get<std::uint64_t>(), 0U);
                tx += queue["tx-packets"].get<std::uint64_t>();
            }
            EXPECT_EQ(tx, traffic["tx-packets"].get<std::uint64_t>());
            ASSERT_EQ(traffic["lcores"].size(), 1U) << "one lcore served the pair";
            EXPECT_EQ(traffic["lcores"][0]["lcore"], lcores.front());
            EXPECT_EQ(traffic["lcores"][0]["tx-packets"], traffic["tx-packets"]);
            EXPECT_EQ(traffic["lcores"][0]["rx-packets"], traffic["rx-packets"]);
        }
    }

    // Recovery closes and opens the ports again: the pair keeps its lcores.
    const auto kept = one->lcores;
    ASSERT_TRUE(runtime->release(first.a).has_value());
    EXPECT_EQ(runtime->acquire(first).value()->lcores, kept);

    // Pairs beyond the two the runtime was sized for take a free worker
    // while one is left (the third), then share (the fourth).
    const auto third = ring_pair("plthree");
    const auto fourth = ring_pair("plfour");
    const auto third_lcores = runtime->acquire(third).value()->lcores;
    ASSERT_EQ(third_lcores.size(), 1U);
    EXPECT_NE(third_lcores, one->lcores);
    EXPECT_NE(third_lcores, two->lcores);
    EXPECT_TRUE(runtime->acquire(fourth).value()->lcores.empty()) << "no worker left of its own";
    EXPECT_EQ(step(fourth, "payload_baseline", params, 200ms).outcome, Outcome::pass);
    for (const auto* pair : {&first, &second, &third, &fourth}) {
        EXPECT_TRUE(runtime->release(pair->a).has_value());
    }
}

TEST(PmdPlacement, QueueChangeTrafficStepsAndRestores)
{
    if (!is_root()) {
        GTEST_SKIP() << "not root: DPDK needs it here";
    }
    const auto pair = ring_pair("plqueues");
    auto params = defaults("queue_change_traffic");
    params["rate_pps"] = 100000;
    params["counts"] = {4, 1, 3, 64};
    const auto verdict = step(pair, "queue_change_traffic", params, 800ms);
    ASSERT_EQ(verdict.outcome, Outcome::pass) << verdict.message;
    EXPECT_NE(verdict.message.find("3 changes of queues"), std::string::npos)
        << "64 is more than a ring pair has and is left out: " << verdict.message;

    std::set<std::uint64_t> asked;
    for (const auto& state : journaled("state", "")) {
        if (state["state-id"] == "dpdk-queues" && state["tp-id"] == "plqueues-a") {
            const auto& data = state["operational-data"];
            EXPECT_EQ(data["rx"], data["asked"]);
            asked.insert(data["asked"].get<std::uint64_t>());
        }
    }
    EXPECT_EQ(asked, (std::set<std::uint64_t>{1, 2, 3, 4})) << "three steps and the restore to 2";
    const std::string journal = journal_text();
    EXPECT_NE(journal.find("port config all rxq "), std::string::npos) << "testpmd's command for the change";

    auto runtime = PmdRuntime::shared(harness_options());
    PairPorts* ports = runtime->acquire(pair).value();
    EXPECT_EQ(ports->a.config().rx_queues, 2) << "restored to the run's queues";
    EXPECT_EQ(ports->b.config().tx_queues, 2);
    const auto traffic = last_traffic(pair.id, "forward");
    ASSERT_EQ(traffic["queues"].size(), 4U) << "the job spans every queue a step reaches";
    EXPECT_GT(traffic["queues"][3]["tx-packets"].get<std::uint64_t>(), 0U);

    // The "dpdk" backend snapshots queue counts and puts them back, as a
    // run's teardown does after a step that died mid-change.
    const auto snapshot = dpdk_backend().snapshot(pair.a);
    EXPECT_EQ(snapshot.at("queues"), 2);
    ASSERT_TRUE(ports->a.change_queues(3, 3));
    const auto restored = dpdk_backend().restore(pair.a, snapshot);
    EXPECT_TRUE(restored.passed()) << restored.message;
    EXPECT_EQ(ports->a.config().rx_queues, 2);
    EXPECT_EQ(ports->a.config().tx_queues, 2);
    EXPECT_TRUE(runtime->release(pair.a).has_value());
}

} // namespace
} // namespace hammer::pmd_ops
