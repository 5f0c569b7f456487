// The six operations on real veth and tun devices in the test's namespace:
// outcome, command history, and the interface exactly as found afterwards.
#include "tests/kernel_ops/operation_fixture.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cerrno>
#include <filesystem>
#include <thread>

namespace hammer::kernel_ops {
namespace {

using operations::Outcome;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::OperationTest;

using std::chrono::milliseconds;

class OperationsTest : public OperationTest {
protected:
    /// Runs one slot and checks both ends read back exactly as found.
    testing::SlotVerdicts run_and_compare(const std::string& operation, const std::string& a, const std::string& b,
                                          const nlohmann::json& overrides, milliseconds slot)
    {
        const InterfaceSnapshot a_before = snapshot_of(a);
        const InterfaceSnapshot b_before = snapshot_of(b);
        auto verdicts = run_slot(operation, pair_of(a, b), params_of(operation, overrides), slot);
        EXPECT_THAT(differences(a_before, snapshot_of(a)), IsEmpty()) << a << " after " << operation;
        EXPECT_THAT(differences(b_before, snapshot_of(b)), IsEmpty()) << b << " after " << operation;
        return verdicts;
    }

    std::string in_ns(const std::string& arguments) const { return "ip -n " + netns_ + " " + arguments; }
    std::string ethtool_in_ns(const std::string& arguments) const
    {
        return "ip netns exec " + netns_ + " ethtool " + arguments;
    }
};

TEST_F(OperationsTest, LinkFlapFlapsBothEndsAndLeavesThemAsFound)
{
    const auto verdicts = run_and_compare("link_flap", "hm0a", "hm0b", {{"down_seconds", 0.1}}, milliseconds{250});
    ASSERT_EQ(verdicts.outcome(), Outcome::pass) << verdicts.describe();
    EXPECT_THAT(verdicts.run.message, HasSubstr("flap(s) of 100 ms"));
    for (const char* end : {"hm0a", "hm0b"}) {
        const auto down = commands(in_ns("link set dev " + std::string{end} + " down"));
        ASSERT_FALSE(down.empty()) << end;
        EXPECT_EQ(down.front()["return-code"], 0);
        EXPECT_FALSE(commands(in_ns("link set dev " + std::string{end} + " up")).empty());
        EXPECT_FALSE(commands(in_ns("-s link show dev " + std::string{end})).empty());
    }
    const auto states = events("state");
    ASSERT_FALSE(states.empty());
    EXPECT_EQ(states.front()["state-id"], "link-flap-stats");
    EXPECT_TRUE(states.front()["operational-data"].contains("before"));
}

TEST_F(OperationsTest, LinkFlapRepeatsWhileTheSlotLasts)
{
    const auto verdicts = run_and_compare("link_flap", "hm0a", "hm0b", {{"down_seconds", 0.1}}, milliseconds{700});
    ASSERT_EQ(verdicts.outcome(), Outcome::pass) << verdicts.describe();
    EXPECT_GE(commands(in_ns("link set dev hm0a down")).size(), 3U);
}

TEST_F(OperationsTest, LinkFlapBringsTheLinkUpWhenStoppedDuringTheDownTime)
{
    std::stop_source stop;
    stop.request_stop();
    const InterfaceSnapshot before = snapshot_of("hm0a");
    const auto started = clock_.now();
    const auto verdicts = run_slot("link_flap", pair_of("hm0a", "hm0b"), params_of("link_flap", {{"down_seconds", 30}}),
                                   milliseconds{60'000}, stop.get_token());
    EXPECT_LT(clock_.now() - started, milliseconds{5'000});
    EXPECT_NE(verdicts.outcome(), Outcome::error) << verdicts.describe();
    EXPECT_THAT(differences(before, snapshot_of("hm0a")), IsEmpty());
}

TEST_F(OperationsTest, MtuChangeSweepsIncludingTheDeviceMaximumAndRestores)
{
    const auto verdicts = run_and_compare("mtu_change", "hm0a", "hm0b", {}, milliseconds{0});
    ASSERT_EQ(verdicts.outcome(), Outcome::pass) << verdicts.describe();
    EXPECT_THAT(verdicts.run.message, HasSubstr("1 sweep(s) of MTUs 68, 1280, 1500, 9000, 65535"));
    const auto jumbo = commands(in_ns("link set dev hm0a mtu 9000"));
    ASSERT_EQ(jumbo.size(), 1U);
    EXPECT_EQ(jumbo.front()["return-code"], 0);
    EXPECT_EQ(jumbo.front()["response"], "read back: mtu 9000");
    EXPECT_EQ(jumbo.front()["node-id"], "dut");
    EXPECT_EQ(jumbo.front()["tp-id"], "hm0a");
    EXPECT_EQ(commands(in_ns("link set dev hm0b mtu 65535")).size(), 1U);
    // The restore: back to 1500 after the sweep ended on 65535.
    EXPECT_EQ(commands(in_ns("link set dev hm0a mtu 1500")).size(), 2U);
}

TEST_F(OperationsTest, MtuChangeRecordsARefusedValueWithTheKernelsText)
{
    const auto verdicts = run_and_compare("mtu_change", "hm0a", "hm0b",
                                          {{"mtus", {60, 9000}}, {"include_device_max", false}}, milliseconds{0});
    ASSERT_EQ(verdicts.outcome(), Outcome::pass) << verdicts.describe();
    EXPECT_THAT(verdicts.run.message, HasSubstr("hm0a MTU 60: Error: mtu less than device minimum"));
    EXPECT_THAT(verdicts.run.message, HasSubstr("outside the reported range 68-65535"));
    const auto refused = commands(in_ns("link set dev hm0a mtu 60"));
    ASSERT_EQ(refused.size(), 1U);
    EXPECT_EQ(refused.front()["return-code"], EINVAL);
    EXPECT_EQ(refused.front()["response"], "Error: mtu less than device minimum. (EINVAL: Invalid argument)");
}

TEST_F(OperationsTest, MtuChangeFailsWhenEveryValueIsRefused)
{
    const auto verdicts = run_and_compare("mtu_change", "hm0a", "hm0b",
                                          {{"mtus", {60}}, {"include_device_max", false}}, milliseconds{0});
    EXPECT_EQ(verdicts.run.outcome, Outcome::fail) << verdicts.describe();
    EXPECT_THAT(verdicts.run.message, HasSubstr("no MTU was accepted"));
}

TEST_F(OperationsTest, ChannelChangeSweepsVethChannelsAndRestores)
{
    ip("link set dev hm0a up"); // already up; the sweep must not change that
    const auto verdicts =
        run_and_compare("channel_change", "hm0a", "hm0b", {{"counts", {1, 2, 4, 8, 16}}}, milliseconds{0});
    ASSERT_EQ(verdicts.outcome(), Outcome::pass) << verdicts.describe();
    EXPECT_THAT(verdicts.run.message, HasSubstr("16 channels: above the maximum"));
    const auto two = commands(ethtool_in_ns("-L hm0a rx 2 tx 2"));
    ASSERT_EQ(two.size(), 1U);
    EXPECT_EQ(two.front()["return-code"], 0);
    EXPECT_THAT(two.front()["response"].get<std::string>(), HasSubstr("current rx 2 tx 2"));
    EXPECT_TRUE(commands(ethtool_in_ns("-L hm0a rx 16 tx 16")).empty());
    const auto states = events("state");
    ASSERT_FALSE(states.empty());
    EXPECT_EQ(states.front()["state-id"], "channels");
    EXPECT_EQ(states.front()["operational-data"]["max"], (nlohmann::json{{"rx", 8}, {"tx", 8}}));
}

TEST_F(OperationsTest, ChannelChangeOnTunIsSkippedForWantOfChannels)
{
    // tun reports combined max 1, current 0: no kind in use to change.
    const auto verdicts = run_and_compare("channel_change", "hmt0", "hmt1", {}, milliseconds{0});
    ASSERT_EQ(verdicts.outcome(), Outcome::skip) << verdicts.describe();
    EXPECT_THAT(verdicts.setup.message, HasSubstr("hmt0 has no rx, tx or combined channels to change"));
}

TEST_F(OperationsTest, RingChangeOnVethIsSkippedWithTheKernelsReason)
{
    const auto verdicts = run_and_compare("ring_change", "hm0a", "hm0b", {}, milliseconds{0});
    ASSERT_EQ(verdicts.setup.outcome, Outcome::skip) << verdicts.describe();
    EXPECT_THAT(verdicts.setup.message, HasSubstr("read rings of hm0a"));
    EXPECT_THAT(verdicts.setup.message, HasSubstr("EOPNOTSUPP (Operation not supported)"));
    EXPECT_EQ(verdicts.reset.outcome, Outcome::pass);
    const auto query = commands(ethtool_in_ns("-g hm0a"));
    ASSERT_EQ(query.size(), 1U);
    EXPECT_EQ(query.front()["return-code"], EOPNOTSUPP);
}

TEST_F(OperationsTest, LinkSpeedQueryReadsVethAndRecordsThatItCannotChange)
{
    const auto verdicts = run_and_compare("link_speed_query", "hm0a", "hm0b", {}, milliseconds{0});
    ASSERT_EQ(verdicts.outcome(), Outcome::pass) << verdicts.describe();
    EXPECT_THAT(verdicts.run.message, HasSubstr("speed 10000Mb/s duplex full autoneg off"));
    EXPECT_THAT(verdicts.run.message, HasSubstr("hm0a: link modes cannot be changed"));
    const auto query = commands(ethtool_in_ns("hm0a"));
    ASSERT_FALSE(query.empty());
    EXPECT_EQ(query.front()["return-code"], 0);
    const auto change = commands(ethtool_in_ns("-s hm0a speed 10 duplex full autoneg off"));
    ASSERT_EQ(change.size(), 1U);
    EXPECT_EQ(change.front()["return-code"], EOPNOTSUPP);
}

TEST_F(OperationsTest, LinkSpeedQueryStepsSpeedsOnTunAndRestores)
{
    const auto verdicts = run_and_compare("link_speed_query", "hmt0", "hmt1", {}, milliseconds{0});
    ASSERT_EQ(verdicts.outcome(), Outcome::pass) << verdicts.describe();
    EXPECT_THAT(verdicts.run.message, HasSubstr("1 sweep(s) of speeds 10, 100, 1000, 10000"));
    const auto hundred = commands(ethtool_in_ns("-s hmt0 speed 100 duplex full autoneg off"));
    ASSERT_EQ(hundred.size(), 1U);
    EXPECT_EQ(hundred.front()["return-code"], 0);
    EXPECT_EQ(hundred.front()["response"], "read back: speed 100Mb/s duplex full autoneg off port tp");
}

TEST_F(OperationsTest, LinkSpeedQueryRestoresSpeedsChangedFromTheDefault)
{
    ASSERT_EQ(ethtool("-s hmt0 speed 1000 duplex half autoneg off"), 0);
    const auto verdicts = run_and_compare("link_speed_query", "hmt0", "hmt1", {{"speeds", {100}}}, milliseconds{0});
    ASSERT_EQ(verdicts.outcome(), Outcome::pass) << verdicts.describe();
    EXPECT_EQ(snapshot_of("hmt0").link_modes.value->speed_mbps, 1000U);
    EXPECT_EQ(snapshot_of("hmt0").link_modes.value->duplex, Duplex::half);
}

TEST_F(OperationsTest, StatsSnapshotRecordsTheSlotsCounters)
{
    operations::OperationRegistry registry;
    testing::register_netlink_operations(registry);
    auto instance = registry.find("stats_snapshot")->factory();
    const auto pair = pair_of("hm0a", "hm0b");
    const auto params = params_of("stats_snapshot", {{"interval_seconds", 0.05}});
    operations::OperationContext context{pair, "stats_snapshot", params, 0, 1, clock_, *recorder_};
    ASSERT_TRUE(instance->setup(context).passed());
    send_frames("hm0a", 5);
    const auto run = instance->run(context, clock_.now() + milliseconds{300}, {});
    ASSERT_TRUE(run.passed()) << run.message;
    EXPECT_TRUE(instance->verify(context).passed());
    EXPECT_TRUE(instance->reset(context).passed());

    const auto counters = events("counters");
    ASSERT_EQ(counters.size(), 2U);
    for (const auto& event : counters) {
        if (event["tp-id"] == "hm0a") {
            EXPECT_EQ(event["tx"]["packets"], 5);
            EXPECT_EQ(event["tx"]["bytes"], 5 * 64);
        } else {
            EXPECT_EQ(event["tp-id"], "hm0b");
            EXPECT_EQ(event["rx"]["packets"], 5);
            EXPECT_TRUE(event["rx"].contains("multicast"));
        }
    }
    EXPECT_GE(commands(in_ns("-s link show dev hm0b")).size(), 3U);
}

/// The network namespace the calling thread is in, as /proc names it ("net:[4026531840]").
std::string thread_netns()
{
    return std::filesystem::read_symlink("/proc/thread-self/ns/net").string();
}

TEST_F(OperationsTest, OperationsRunOnSeveralPairThreadsAtOnce)
{
    const std::string own = thread_netns();
    struct Slot {
        std::string operation;
        std::string a;
        std::string b;
        nlohmann::json overrides;
        testing::SlotVerdicts verdicts;
        std::string netns_after;
    };
    std::vector<Slot> slots{{"link_flap", "hm0a", "hm0b", {{"down_seconds", 0.1}}, {}, {}},
                            {"mtu_change", "hm1a", "hm1b", nlohmann::json::object(), {}, {}},
                            {"link_speed_query", "hmt0", "hmt1", nlohmann::json::object(), {}, {}}};
    {
        std::vector<std::jthread> threads;
        for (Slot& slot : slots) {
            threads.emplace_back([this, &slot] {
                slot.verdicts = run_slot(slot.operation, pair_of(slot.a, slot.b),
                                         params_of(slot.operation, slot.overrides), milliseconds{400});
                slot.netns_after = thread_netns();
            });
        }
    }
    for (const Slot& slot : slots) {
        EXPECT_EQ(slot.verdicts.outcome(), Outcome::pass) << slot.operation << ": " << slot.verdicts.describe();
        EXPECT_EQ(slot.netns_after, own) << slot.operation << " left its thread in another namespace";
    }
    EXPECT_EQ(thread_netns(), own);
}

TEST_F(OperationsTest, MissingInterfaceIsAnErrorCarryingENODEV)
{
    for (const char* operation : {"link_flap", "mtu_change", "channel_change", "ring_change", "link_speed_query",
                                  "stats_snapshot", "port_reset"}) {
        const auto verdicts = run_slot(operation, pair_of("hm9a", "hm0b"), params_of(operation), milliseconds{0});
        EXPECT_EQ(verdicts.setup.outcome, Outcome::error) << operation;
        EXPECT_THAT(verdicts.setup.message, HasSubstr("ENODEV")) << operation;
        EXPECT_EQ(verdicts.reset.outcome, Outcome::pass) << operation;
    }
    const auto query = commands(in_ns("link show dev hm9a"));
    ASSERT_FALSE(query.empty());
    EXPECT_EQ(query.front()["return-code"], ENODEV);
}

TEST_F(OperationsTest, PortResetOnVethIsSkippedWithTheKernelsReason)
{
    const auto verdicts = run_and_compare("port_reset", "hm0a", "hm0b", {}, milliseconds{0});
    ASSERT_EQ(verdicts.outcome(), Outcome::skip) << verdicts.describe();
    EXPECT_THAT(verdicts.run.message, HasSubstr("EOPNOTSUPP"));
    const auto reset = commands(ethtool_in_ns("--reset hm0a dedicated"));
    ASSERT_EQ(reset.size(), 1U);
    EXPECT_EQ(reset.front()["return-code"], EOPNOTSUPP);
}

TEST_F(OperationsTest, AnEndWithoutAKernelInterfaceIsSkipped)
{
    auto pair = pair_of("hm0a", "hm0b");
    pair.b.tp.kernel.reset();
    pair.b.tp.dpdk = topology::DpdkAccess{"net_null0", "", ""};
    const auto verdicts = run_slot("mtu_change", pair, params_of("mtu_change"), milliseconds{0});
    EXPECT_EQ(verdicts.setup.outcome, Outcome::skip);
    EXPECT_THAT(verdicts.setup.message, HasSubstr("dut/hm0b has no attr.kernel"));
}

TEST_F(OperationsTest, TheDefaultRouteInterfaceIsRefusedUnlessAllowed)
{
    ip("addr add 192.0.2.1/24 dev hm0a");
    ip("route add default via 192.0.2.254 dev hm0a");
    const InterfaceSnapshot before = snapshot_of("hm0a");
    const auto refused = run_slot("mtu_change", pair_of("hm0a", "hm0b"), params_of("mtu_change"), milliseconds{0});
    EXPECT_EQ(refused.setup.outcome, Outcome::skip);
    EXPECT_THAT(refused.setup.message, HasSubstr("refused: hm0a carries the IPv4 default route"));
    EXPECT_THAT(refused.setup.message, HasSubstr("allow_default_route_iface"));
    EXPECT_TRUE(commands(in_ns("link set dev hm0a mtu 9000")).empty());
    EXPECT_THAT(differences(before, snapshot_of("hm0a")), IsEmpty());

    const auto allowed = run_slot("mtu_change", pair_of("hm0a", "hm0b"), params_of("mtu_change"), milliseconds{0},
                                  {}, KernelOptions{true});
    EXPECT_EQ(allowed.outcome(), Outcome::pass) << allowed.describe();
    EXPECT_EQ(commands(in_ns("link set dev hm0a mtu 9000")).size(), 1U);
}

TEST_F(OperationsTest, AnIPv6DefaultRouteIsRefusedToo)
{
    ASSERT_EQ(testing::run_shell("ip netns exec " + netns_ + " sysctl -q -w net.ipv6.conf.hm1a.disable_ipv6=0"), 0);
    ip("-6 route add default dev hm1a");
    const auto refused = run_slot("link_flap", pair_of("hm1a", "hm1b"), params_of("link_flap"), milliseconds{0});
    EXPECT_EQ(refused.setup.outcome, Outcome::skip);
    EXPECT_THAT(refused.setup.message, HasSubstr("IPv6 default route"));
}

} // namespace
} // namespace hammer::kernel_ops
