// The control operations, written once over the port-control interface, on
// a fake port: what they ask, what they record, how they judge and restore,
// and which backend each end goes to.
#include "src/common/diagnostics.hpp"
#include "src/config/operation_params.hpp"
#include "src/control/operations.hpp"
#include "src/record/recorder.hpp"
#include "tests/control/fake_port.hpp"
#include "tests/support/fake_clock.hpp"
#include "tests/support/journal_events.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cerrno>
#include <filesystem>

namespace hammer::control {
namespace {

using operations::Outcome;
using operations::Verdict;
using testing::FakeDevice;
using testing::FakeOpener;
using ::testing::Contains;
using ::testing::HasSubstr;
using std::chrono::milliseconds;

struct SlotVerdicts {
    Verdict setup;
    Verdict run;
    Verdict verify;
    Verdict reset;

    [[nodiscard]] Outcome outcome() const
    {
        return operations::worst(operations::worst(setup.outcome, run.outcome),
                                 operations::worst(verify.outcome, reset.outcome));
    }
    [[nodiscard]] std::string describe() const
    {
        return "setup \"" + setup.message + "\"; run \"" + run.message + "\"; verify \"" + verify.message +
               "\"; reset \"" + reset.message + "\"";
    }
};

class ControlOperationsTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        journal_dir_ = std::filesystem::temp_directory_path() /
                       ("hammer-control-" + std::to_string(::getpid()) + "-" +
                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(journal_dir_);
        recorder_ = record::Recorder::create(journal_dir_, clock_);
        netlink_->add("a", a_);
        netlink_->add("b", b_);
        clock_.enter(); // the one thread that sleeps on it: time moves when it does
    }

    void TearDown() override
    {
        clock_.leave();
        recorder_.reset();
        std::filesystem::remove_all(journal_dir_);
    }

    [[nodiscard]] static topology::Endpoint kernel_end(const std::string& tp)
    {
        topology::Endpoint endpoint;
        endpoint.node_id = "dut";
        endpoint.tp.id = tp;
        endpoint.tp.kernel = topology::KernelAccess{"if" + tp, ""};
        return endpoint;
    }

    [[nodiscard]] static nlohmann::json params_of(const std::string& operation, const nlohmann::json& overrides = {})
    {
        Diagnostics diagnostics{"test"};
        const nlohmann::json given = overrides.is_object() ? overrides : nlohmann::json::object();
        auto params = config::resolve_params(operation, "/name", &given, "/params", diagnostics);
        EXPECT_TRUE(params.has_value() && diagnostics.empty()) << operation;
        return params.value_or(nlohmann::json::object());
    }

    SlotVerdicts run_slot(const std::string& operation, const nlohmann::json& overrides = {},
                          milliseconds slot = milliseconds{0})
    {
        operations::OperationRegistry registry;
        register_control_operations(registry, {netlink_, ethdev_, milliseconds{2000}, background_, traffic_});
        const auto* entry = registry.find(operation);
        EXPECT_NE(entry, nullptr) << operation;
        if (entry == nullptr) {
            return {};
        }
        EXPECT_EQ(entry->backend, "port_control");
        auto instance = entry->factory();
        const auto params = params_of(operation, overrides);
        operations::OperationContext context{pair_, operation, params, 0, 1, clock_, *recorder_};
        SlotVerdicts verdicts;
        verdicts.setup = instance->setup(context);
        if (verdicts.setup.passed()) {
            verdicts.run = instance->run(context, clock_.now() + slot, {});
            verdicts.verify = instance->verify(context);
        }
        verdicts.reset = instance->reset(context);
        return verdicts;
    }

    std::vector<nlohmann::json> events(const std::string& event)
    {
        recorder_->sync();
        return hammer::testing::journal_events(recorder_->journal_path(), event);
    }

    std::vector<nlohmann::json> commands(const std::string& command)
    {
        recorder_->sync();
        return hammer::testing::journal_commands(recorder_->journal_path(), command);
    }

    hammer::testing::FakeClock clock_;
    std::filesystem::path journal_dir_;
    std::unique_ptr<record::Recorder> recorder_;
    std::shared_ptr<FakeDevice> a_ = std::make_shared<FakeDevice>();
    std::shared_ptr<FakeDevice> b_ = std::make_shared<FakeDevice>();
    std::shared_ptr<FakeOpener> netlink_ = std::make_shared<FakeOpener>(clock_);
    std::shared_ptr<FakeOpener> ethdev_ = std::make_shared<FakeOpener>(clock_);
    std::optional<config::BackgroundTraffic> background_;
    std::shared_ptr<testing::FakeTrafficSource> traffic_ = std::make_shared<testing::FakeTrafficSource>(a_, clock_);
    topology::Pair pair_{"pair0", kernel_end("a"), kernel_end("b"), topology::PairOrigin::link, "link0"};
};

TEST_F(ControlOperationsTest, MtuChangeSweepsReadsBackAndRestores)
{
    const auto verdicts = run_slot("mtu_change", {{"mtus", {1280, 9000}}});
    ASSERT_EQ(verdicts.outcome(), Outcome::pass) << verdicts.describe();
    // The list, then the device maximum both ends take.
    EXPECT_THAT(verdicts.run.message, HasSubstr("1 sweep(s) of MTUs 1280, 9000, 9216"));
    const auto jumbo = commands("fakectl a mtu 9000");
    ASSERT_EQ(jumbo.size(), 1U);
    EXPECT_EQ(jumbo.front()["return-code"], 0);
    EXPECT_EQ(jumbo.front()["response"], "read back: mtu 9000");
    EXPECT_EQ(a_->link.mtu, 1500U);
    EXPECT_EQ(b_->link.mtu, 1500U);
    EXPECT_EQ(commands("fakectl b mtu 1500").size(), 1U); // the restore
}

TEST_F(ControlOperationsTest, MtuChangeRecordsARefusalWithTheDevicesText)
{
    const auto verdicts = run_slot("mtu_change", {{"mtus", {1500, 9500}}, {"include_device_max", false}});
    ASSERT_EQ(verdicts.outcome(), Outcome::pass) << verdicts.describe();
    EXPECT_THAT(verdicts.run.message, HasSubstr("a MTU 9500: Error: MTU out of range. (EINVAL: Invalid argument)"));
    EXPECT_THAT(verdicts.run.message, HasSubstr("outside the reported range 68-9216"));
    const auto refused = commands("fakectl a mtu 9500");
    ASSERT_EQ(refused.size(), 1U);
    EXPECT_EQ(refused.front()["return-code"], EINVAL);
}

TEST_F(ControlOperationsTest, AnUnsupportedChangeIsASkipWithTheDriversReason)
{
    b_->failing["set_mtu"] = EOPNOTSUPP;
    const auto verdicts = run_slot("mtu_change", {{"mtus", {9000}}});
    EXPECT_EQ(verdicts.run.outcome, Outcome::skip) << verdicts.describe();
    EXPECT_THAT(verdicts.run.message, HasSubstr("EOPNOTSUPP"));
    EXPECT_THAT(verdicts.run.message, HasSubstr("driver: the fake driver has no set_mtu"));
    EXPECT_EQ(a_->link.mtu, 1500U) << "side a changed before b refused: the restore puts it back";
}

TEST_F(ControlOperationsTest, ChannelChangeStaysWithinTheMaximumAndRestores)
{
    const auto verdicts = run_slot("channel_change", {{"counts", {1, 2, 16}}});
    ASSERT_EQ(verdicts.outcome(), Outcome::pass) << verdicts.describe();
    EXPECT_THAT(verdicts.run.message, HasSubstr("a 16 channels: above the maximum"));
    EXPECT_EQ(commands("fakectl a channels rx 2 tx 2").size(), 1U);
    EXPECT_TRUE(commands("fakectl a channels rx 16 tx 16").empty());
    EXPECT_EQ(a_->channels.current.rx, 4U);
    EXPECT_EQ(b_->channels.current.tx, 4U);
}

TEST_F(ControlOperationsTest, RingChangeRecordsTheDriversLimitsAsData)
{
    a_->refused_ring_sizes = {256};
    const auto verdicts = run_slot("ring_change", {{"sizes", {256, 512, 2048}}});
    ASSERT_EQ(verdicts.outcome(), Outcome::pass) << verdicts.describe();
    EXPECT_THAT(verdicts.run.message, HasSubstr("a ring size 256 refused"));
    bool found = false;
    for (const auto& state : events("state")) {
        if (state["state-id"] == "ring-limits" && state["tp-id"] == "a") {
            found = true;
            EXPECT_EQ(state["operational-data"]["refused"], nlohmann::json::array({256}));
            EXPECT_EQ(state["operational-data"]["smallest_accepted"], 512);
            EXPECT_EQ(state["operational-data"]["largest_accepted"], 2048);
        }
    }
    EXPECT_TRUE(found);
    EXPECT_EQ(a_->rings.current.rx, 1024U);
}

TEST_F(ControlOperationsTest, LinkFlapTakesBothEndsDownAndWaitsForCarrier)
{
    const auto verdicts = run_slot("link_flap", {{"down_seconds", 0.5}}, milliseconds{1200});
    ASSERT_EQ(verdicts.outcome(), Outcome::pass) << verdicts.describe();
    EXPECT_THAT(verdicts.run.message, HasSubstr("flap(s) of 500 ms"));
    EXPECT_GE(commands("fakectl a down").size(), 2U);
    EXPECT_THAT(a_->calls, Contains("set_admin down"));
    EXPECT_TRUE(a_->link.admin_up && a_->link.carrier);
}

TEST_F(ControlOperationsTest, ACarrierThatNeverReturnsIsAnErrorAndTheLinkIsLeftUp)
{
    b_->carrier_follows_admin = false;
    const auto verdicts = run_slot("link_flap", {{"down_seconds", 0.1}});
    EXPECT_EQ(verdicts.run.outcome, Outcome::error) << verdicts.describe();
    EXPECT_THAT(verdicts.run.message, HasSubstr("ETIMEDOUT"));
    EXPECT_THAT(verdicts.run.message, HasSubstr("no carrier after 2000 ms"));
    EXPECT_TRUE(b_->link.admin_up);
}

TEST_F(ControlOperationsTest, LinkSpeedQueryStepsSpeedsAndRestoresTheForcedOne)
{
    const auto verdicts = run_slot("link_speed_query", {{"speeds", {1000, 100}}});
    ASSERT_EQ(verdicts.outcome(), Outcome::pass) << verdicts.describe();
    EXPECT_THAT(verdicts.run.message, HasSubstr("a speed 100 refused"));
    EXPECT_EQ(commands("fakectl a link-modes speed 1000 autoneg off").size(), 1U);
    EXPECT_EQ(a_->modes.speed_mbps, 10000U);
}

TEST_F(ControlOperationsTest, LinkSpeedQueryOnlyReadsWhereModesCannotChange)
{
    a_->failing["set_link_modes"] = EOPNOTSUPP;
    b_->failing["set_link_modes"] = EOPNOTSUPP;
    const auto verdicts = run_slot("link_speed_query", {}, milliseconds{2500});
    ASSERT_EQ(verdicts.outcome(), Outcome::pass) << verdicts.describe();
    EXPECT_THAT(verdicts.run.message, HasSubstr("link modes cannot be changed"));
    EXPECT_GE(commands("fakectl a show link-modes").size(), 3U);
}

TEST_F(ControlOperationsTest, StatsSnapshotFailsWhenACounterGoesBackwards)
{
    LinkStats later;
    later.rx_packets = 100;
    LinkStats reset_by_device;
    reset_by_device.rx_packets = 7;
    a_->stats = {LinkStats{}, later, reset_by_device};
    const auto verdicts = run_slot("stats_snapshot", {{"interval_seconds", 0.1}}, milliseconds{1000});
    EXPECT_EQ(verdicts.run.outcome, Outcome::fail) << verdicts.describe();
    EXPECT_THAT(verdicts.run.message, HasSubstr("a rx_packets went backwards: 100 -> 7"));
}

TEST_F(ControlOperationsTest, StatsSnapshotRecordsTheSlotsDeltas)
{
    LinkStats later;
    later.rx_packets = 40;
    later.tx_bytes = 6400;
    a_->stats = {LinkStats{}, later};
    const auto verdicts = run_slot("stats_snapshot", {{"interval_seconds", 0.1}}, milliseconds{300});
    ASSERT_EQ(verdicts.outcome(), Outcome::pass) << verdicts.describe();
    const auto counters = events("counters");
    ASSERT_EQ(counters.size(), 2U);
    EXPECT_EQ(counters.front()["rx"]["packets"], 40);
    EXPECT_EQ(counters.front()["tx"]["bytes"], 6400);
}

TEST_F(ControlOperationsTest, PortResetResetsBothEndsAndChecksTheSettingsStayed)
{
    const auto verdicts = run_slot("port_reset", {}, milliseconds{600});
    ASSERT_EQ(verdicts.outcome(), Outcome::pass) << verdicts.describe();
    EXPECT_THAT(verdicts.run.message, HasSubstr("reset(s) of both ends"));
    EXPECT_GE(commands("fakectl a reset").size(), 2U);
    EXPECT_GE(commands("fakectl b reset").size(), 2U);
}

TEST_F(ControlOperationsTest, AResetThatLosesTheMtuFailsAndTheRestorePutsItBack)
{
    a_->link.mtu = 9000;
    a_->reset_loses_mtu = true;
    const auto verdicts = run_slot("port_reset");
    EXPECT_EQ(verdicts.run.outcome, Outcome::fail) << verdicts.describe();
    EXPECT_THAT(verdicts.run.message, HasSubstr("a after the reset: admin up, carrier, operstate up, mtu 1500"));
    EXPECT_EQ(verdicts.reset.outcome, Outcome::pass) << verdicts.describe();
    EXPECT_EQ(a_->link.mtu, 9000U);
}

TEST_F(ControlOperationsTest, ADeviceWithoutAResetIsASkip)
{
    a_->failing["reset"] = EOPNOTSUPP;
    const auto verdicts = run_slot("port_reset");
    EXPECT_EQ(verdicts.run.outcome, Outcome::skip) << verdicts.describe();
    EXPECT_EQ(commands("fakectl a reset").front()["return-code"], EOPNOTSUPP);
}

TEST_F(ControlOperationsTest, EachEndGoesToTheBackendItsTerminationPointCallsFor)
{
    // a: kernel and dpdk, attr.control "dpdk"; b: dpdk only.
    pair_.a.tp.dpdk = topology::DpdkAccess{"net_tap0", "", ""};
    pair_.a.tp.control = topology::ControlPath::dpdk;
    pair_.b.tp.kernel.reset();
    pair_.b.tp.dpdk = topology::DpdkAccess{"net_tap1", "", ""};
    ethdev_->add("a", a_);
    ethdev_->add("b", b_);
    const auto verdicts = run_slot("mtu_change", {{"mtus", {9000}}});
    ASSERT_EQ(verdicts.outcome(), Outcome::pass) << verdicts.describe();
    EXPECT_EQ(ethdev_->opened(), 2U);
    EXPECT_EQ(netlink_->opened(), 0U);

    // Both paths, nothing chosen: the kernel interface.
    pair_.a.tp.control = topology::ControlPath::automatic;
    ASSERT_EQ(run_slot("mtu_change", {{"mtus", {9000}}}).outcome(), Outcome::pass);
    EXPECT_EQ(netlink_->opened(), 1U);
}

TEST_F(ControlOperationsTest, AnEndNoBackendReachesIsASkip)
{
    pair_.b.tp.kernel.reset();
    pair_.b.tp.dpdk = topology::DpdkAccess{"net_tap1", "", ""};
    operations::OperationRegistry registry;
    register_control_operations(registry, {netlink_, nullptr, milliseconds{2000}, std::nullopt, nullptr});
    auto instance = registry.find("link_flap")->factory();
    const auto params = params_of("link_flap");
    operations::OperationContext context{pair_, "link_flap", params, 0, 1, clock_, *recorder_};
    const Verdict setup = instance->setup(context);
    EXPECT_EQ(setup.outcome, Outcome::skip);
    EXPECT_THAT(setup.message, HasSubstr("dut/b has no attr.kernel, and this build has no ethdev backend"));
    EXPECT_TRUE(instance->reset(context).passed());
}

TEST_F(ControlOperationsTest, UnderBackgroundTrafficAFlapsOutageIsItsDownTime)
{
    pair_.a.tp.dpdk = topology::DpdkAccess{"net_tap0", "", ""};
    pair_.b.tp.dpdk = topology::DpdkAccess{"net_tap1", "", ""};
    background_ = config::BackgroundTraffic{1000, 64, 0};
    const auto verdicts = run_slot("link_flap", {{"down_seconds", 0.5}});
    ASSERT_EQ(verdicts.outcome(), Outcome::pass) << verdicts.describe();
    EXPECT_EQ(traffic_->started, 1U);
    EXPECT_EQ(traffic_->finished, 1U);
    const auto outages = events("outage");
    ASSERT_EQ(outages.size(), 1U);
    EXPECT_EQ(outages[0]["change"], "link down 500 ms");
    EXPECT_EQ(outages[0]["tp-id"], "a");
    EXPECT_EQ(outages[0]["pair-id"], "pair0");
    EXPECT_EQ(outages[0]["offered-pps"], 2000.0);
    EXPECT_EQ(outages[0]["lost-packets"], 1000);
    EXPECT_EQ(outages[0]["outage-ms"], 500.0);
    EXPECT_GE(outages[0]["window-ms"].get<int>(), 600) << "the down time and the settle after carrier";
    EXPECT_THAT(verdicts.run.message, HasSubstr("background traffic: 1 change(s), outage max 500.0 ms"));
}

TEST_F(ControlOperationsTest, UnderBackgroundTrafficEverySweepValueGetsAnOutage)
{
    pair_.a.tp.dpdk = topology::DpdkAccess{"net_tap0", "", ""};
    pair_.b.tp.dpdk = topology::DpdkAccess{"net_tap1", "", ""};
    background_ = config::BackgroundTraffic{1000, 64, 0};
    const auto verdicts = run_slot("mtu_change", {{"mtus", {1280, 9000}}, {"include_device_max", false}});
    ASSERT_EQ(verdicts.outcome(), Outcome::pass) << verdicts.describe();
    const auto outages = events("outage");
    ASSERT_EQ(outages.size(), 2U);
    EXPECT_EQ(outages[0]["change"], "mtu 1280");
    EXPECT_EQ(outages[1]["change"], "mtu 9000");
    EXPECT_EQ(outages[0]["outage-ms"], 0.0) << "the fake device keeps its traffic through an MTU change";
}

TEST_F(ControlOperationsTest, WithoutDpdkPortsOrATrafficSourceTheStepSaysWhyItRanWithoutTraffic)
{
    background_ = config::BackgroundTraffic{};
    auto verdicts = run_slot("mtu_change", {{"mtus", {9000}}});
    ASSERT_EQ(verdicts.outcome(), Outcome::pass) << verdicts.describe();
    EXPECT_THAT(verdicts.run.message, HasSubstr("no background traffic: it needs attr.dpdk on both ends"));

    pair_.a.tp.dpdk = topology::DpdkAccess{"net_tap0", "", ""};
    pair_.b.tp.dpdk = topology::DpdkAccess{"net_tap1", "", ""};
    traffic_->refuse = "the ports did not start";
    verdicts = run_slot("mtu_change", {{"mtus", {9000}}});
    ASSERT_EQ(verdicts.outcome(), Outcome::pass) << verdicts.describe();
    EXPECT_THAT(verdicts.run.message, HasSubstr("no background traffic: the ports did not start"));
    EXPECT_TRUE(events("outage").empty());
}

} // namespace
} // namespace hammer::control
