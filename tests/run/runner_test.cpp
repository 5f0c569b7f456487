#include "src/record/uti.hpp"
#include "tests/run/run_fixture.hpp"

#include <gmock/gmock.h>

#include <thread>

namespace hammer::run::test_support {
namespace {

using ::testing::HasSubstr;
using operations::Outcome;

const json three_kernel_operations = {"link_flap", "mtu_change", "stats_snapshot"};

class RunnerTest : public RunFixture {
protected:
    void bind_all(Behaviour behaviour = Behaviour::pass)
    {
        for (const auto& name : {"link_flap", "mtu_change", "stats_snapshot"}) {
            script_.bind(toolkit_, name, behaviour);
        }
    }
};

TEST_F(RunnerTest, PairExclusiveFollowsEachPairsScheduleToTheMillisecond)
{
    prepare(paired_hosts(3), run_config(three_kernel_operations));
    bind_all();
    const auto report = run();

    EXPECT_EQ(report.status, Outcome::pass);
    EXPECT_FALSE(report.interrupted);
    for (std::size_t pair = 0; pair < pairs_.size(); ++pair) {
        const auto& planned = schedule_->pairs[pair].slots;
        const auto ends = events("slot-end", pairs_[pair].id);
        ASSERT_EQ(ends.size(), planned.size()) << pairs_[pair].id;
        for (std::size_t index = 0; index < planned.size(); ++index) {
            const auto& end = ends[index];
            EXPECT_EQ(end["operation-id"], config_->operations[planned[index].operation].id);
            EXPECT_EQ(end["loop"], planned[index].loop + 1) << "results count loops from 1";
            EXPECT_EQ(end["slot"], index);
            EXPECT_EQ(end["outcome"], "PASS");
            EXPECT_EQ(end["start-ms"], planned[index].start.count());
            EXPECT_EQ(end["actual-ms"], planned[index].length.count());
            EXPECT_EQ(end["overrun-ms"], 0);
        }
    }
    EXPECT_EQ(clock_->now(), schedule_->duration);
}

TEST_F(RunnerTest, PairsStartWithDifferentOperationsInPairExclusiveMode)
{
    prepare(paired_hosts(3), run_config(three_kernel_operations));
    bind_all();
    run();
    std::set<std::string> first_operations;
    for (const auto& pair : pairs_) {
        first_operations.insert(events("slot-start", pair.id).front()["operation-id"].get<std::string>());
    }
    EXPECT_EQ(first_operations.size(), 3U);
}

TEST_F(RunnerTest, PairInclusiveRunsEachOperationOnAllPairsAtOnce)
{
    auto config = run_config(three_kernel_operations);
    config["mode"] = "pair-inclusive";
    prepare(paired_hosts(3), config);
    bind_all();
    EXPECT_EQ(run().status, Outcome::pass);

    const auto reference = events("slot-end", "pair0");
    ASSERT_EQ(reference.size(), schedule_->pairs[0].slots.size());
    for (const auto& pair : {"pair1", "pair2"}) {
        const auto ends = events("slot-end", pair);
        ASSERT_EQ(ends.size(), reference.size());
        for (std::size_t index = 0; index < ends.size(); ++index) {
            EXPECT_EQ(ends[index]["operation-id"], reference[index]["operation-id"]);
            EXPECT_EQ(ends[index]["start-ms"], reference[index]["start-ms"]);
            EXPECT_EQ(ends[index]["actual-ms"], reference[index]["actual-ms"]);
        }
    }
}

TEST_F(RunnerTest, PairInclusiveStopFlagEndsAnOperationThatIgnoresItsDeadlineOnEveryPair)
{
    auto config = run_config(three_kernel_operations);
    config["mode"] = "pair-inclusive";
    prepare(paired_hosts(3), config);
    script_.bind(toolkit_, "link_flap", Behaviour::ignore_deadline);
    script_.bind(toolkit_, "mtu_change", Behaviour::pass);
    script_.bind(toolkit_, "stats_snapshot", Behaviour::pass);
    EXPECT_EQ(run().status, Outcome::pass);

    unsigned flaps = 0;
    for (const auto& end : events("slot-end")) {
        if (end["operation-id"] == "link_flap") {
            ++flaps;
            EXPECT_EQ(end["actual-ms"], end["planned-ms"]) << end.dump();
            EXPECT_EQ(end["outcome"], "PASS");
        }
    }
    EXPECT_EQ(flaps, 3 * schedule_->loops);
}

TEST_F(RunnerTest, OverrunIsRecordedAndTheNextStepKeepsItsPlannedEnd)
{
    prepare(paired_hosts(1), run_config({"mtu_change", "link_flap"}, 20));
    script_.bind(toolkit_, "mtu_change", Behaviour::overrun_2s);
    script_.bind(toolkit_, "link_flap", Behaviour::pass);
    run();
    const auto ends = events("slot-end", "pair0");
    ASSERT_GE(ends.size(), 2U);
    EXPECT_EQ(ends[0]["operation-id"], "mtu_change");
    EXPECT_EQ(ends[0]["overrun-ms"], 2000);
    EXPECT_EQ(ends[1]["start-ms"], ends[1]["planned-start-ms"].get<int>() + 2000);
    EXPECT_EQ(ends[1]["actual-ms"], ends[1]["planned-ms"].get<int>() - 2000);
}

TEST_F(RunnerTest, SetupThatErrsTwiceIsRecoveredAndPassesOnTheThirdAttempt)
{
    prepare(paired_hosts(1), run_config({"link_flap"}, 10));
    script_.bind(toolkit_, "link_flap", Behaviour::setup_error_twice);
    EXPECT_EQ(run().status, Outcome::pass);

    const auto ends = events("slot-end");
    ASSERT_EQ(ends.size(), 1U);
    EXPECT_EQ(ends[0]["outcome"], "PASS");
    EXPECT_EQ(ends[0]["setup-attempts"], 3);
    const auto recoveries = events("recovery", "pair0");
    ASSERT_EQ(recoveries.size(), 4U); // two recoveries, each of both ends
    for (const auto& recovery : recoveries) {
        EXPECT_EQ(recovery["outcome"], "PASS");
        EXPECT_EQ(recovery["attempt"], 1);
    }
    EXPECT_EQ(backend_->reinitialisations(), 4U);
    EXPECT_EQ(script_.reset_calls, 3U); // after each failed setup, and after the step
}

TEST_F(RunnerTest, SetupThatAlwaysErrsGivesUpAfterTheRetries)
{
    prepare(paired_hosts(1), run_config({"link_flap"}, 10));
    script_.bind(toolkit_, "link_flap", Behaviour::setup_error_always);
    EXPECT_EQ(run().status, Outcome::error);
    const auto ends = events("slot-end");
    ASSERT_EQ(ends.size(), 1U);
    EXPECT_EQ(ends[0]["outcome"], "ERROR");
    EXPECT_EQ(ends[0]["phase"], "setup");
    EXPECT_EQ(ends[0]["setup-attempts"], 4); // the first and config's 3 retries
}

TEST_F(RunnerTest, AnEndpointThatNeverRecoversIsLostWhileTheOtherPairsComplete)
{
    prepare(paired_hosts(2), run_config(three_kernel_operations));
    script_.bind(toolkit_, "link_flap", Behaviour::error_run);
    script_.bind(toolkit_, "mtu_change", Behaviour::pass);
    script_.bind(toolkit_, "stats_snapshot", Behaviour::pass);
    backend_->unrecoverable.insert(pairs_[0].a.name());
    EXPECT_EQ(run().status, Outcome::error);

    // pair0: every planned step is in the journal; after the loss, each is an ERROR naming the loss.
    const auto ends = events("slot-end", "pair0");
    ASSERT_EQ(ends.size(), schedule_->pairs[0].slots.size());
    const auto lost = events("endpoint-lost", "pair0");
    ASSERT_EQ(lost.size(), 1U);
    EXPECT_EQ(lost[0]["node-id"], pairs_[0].a.node_id);
    EXPECT_THAT(lost[0]["message"].get<std::string>(), HasSubstr("not recovered after 3 attempts"));
    bool after_loss = false;
    for (const auto& end : ends) {
        if (after_loss) {
            EXPECT_EQ(end["outcome"], "ERROR");
            EXPECT_EQ(end["phase"], "recovery");
            EXPECT_THAT(end["message"].get<std::string>(), HasSubstr("is lost"));
        }
        after_loss = after_loss || end["operation-id"] == "link_flap";
    }
    // Attempts 1, 2, 3 of the lost end: at once, after 1 s, after 2 s more.
    std::vector<std::int64_t> attempts_at;
    for (const auto& recovery : events("recovery", "pair0")) {
        if (recovery["node-id"] == pairs_[0].a.node_id) {
            attempts_at.push_back(recovery["at"].get<std::int64_t>());
        }
    }
    ASSERT_EQ(attempts_at.size(), 3U);
    EXPECT_EQ(attempts_at[1] - attempts_at[0], 1000);
    EXPECT_EQ(attempts_at[2] - attempts_at[1], 2000);

    // pair1 recovers from each ERROR and passes everything else.
    EXPECT_TRUE(events("endpoint-lost", "pair1").empty());
    for (const auto& end : events("slot-end", "pair1")) {
        EXPECT_EQ(end["outcome"], end["operation-id"] == "link_flap" ? "ERROR" : "PASS") << end.dump();
    }
}

TEST_F(RunnerTest, AnUnreadableEndpointIsLostBeforeAnythingChanges)
{
    prepare(paired_hosts(2), run_config(three_kernel_operations));
    bind_all();
    backend_->unreadable.insert(pairs_[1].b.name());
    EXPECT_EQ(run().status, Outcome::error);

    const auto all = journal().events;
    const auto lost = std::find_if(all.begin(), all.end(), [](const json& e) { return e["event"] == "endpoint-lost"; });
    const auto complete =
        std::find_if(all.begin(), all.end(), [](const json& e) { return e["event"] == "snapshots-complete"; });
    ASSERT_NE(lost, all.end());
    EXPECT_LT(lost - all.begin(), complete - all.begin());
    EXPECT_THAT((*lost)["message"].get<std::string>(), HasSubstr("no such device"));
    for (const auto& end : events("slot-end", "pair1")) {
        EXPECT_EQ(end["outcome"], "ERROR");
    }
    for (const auto& end : events("slot-end", "pair0")) {
        EXPECT_EQ(end["outcome"], "PASS");
    }
}

TEST_F(RunnerTest, EachEndpointsDeviceIsIdentifiedOnceBeforeAnythingChanges)
{
    prepare(paired_hosts(2), run_config(three_kernel_operations));
    bind_all();
    EXPECT_EQ(run().status, Outcome::pass);

    const auto all = journal().events;
    const auto complete =
        std::find_if(all.begin(), all.end(), [](const json& e) { return e["event"] == "snapshots-complete"; });
    std::vector<std::string> identified;
    for (auto event = all.begin(); event != all.end(); ++event) {
        if ((*event)["event"] != "state" || (*event)["state-id"] != "identity") {
            continue;
        }
        EXPECT_LT(event - all.begin(), complete - all.begin());
        const auto& data = (*event)["operational-data"];
        EXPECT_EQ(data["backend"], "fake");
        EXPECT_EQ(data["driver"], "fake");
        EXPECT_EQ(data["driver-version"], "1.0");
        identified.push_back(data["bus-info"]);
    }
    EXPECT_EQ(identified, (std::vector<std::string>{pairs_[0].a.name(), pairs_[0].b.name(), pairs_[1].a.name(),
                                                    pairs_[1].b.name()}));
    EXPECT_EQ(record::render_uti(journal())["test"]["results"]["devices"].size(), 4U);
}

TEST_F(RunnerTest, ADeviceThatCannotBeIdentifiedIsRecordedAndTheRunGoesOn)
{
    prepare(paired_hosts(1), run_config(three_kernel_operations));
    bind_all();
    backend_->unidentifiable.insert(pairs_[0].b.name());
    EXPECT_EQ(run().status, Outcome::pass);

    std::vector<json> identities;
    for (const auto& state : events("state")) {
        if (state["state-id"] == "identity") {
            identities.push_back(state["operational-data"]);
        }
    }
    ASSERT_EQ(identities.size(), 2U); // asked once each, also after every step's setup
    EXPECT_EQ(identities[1], json({{"backend", "fake"}, {"error", "driver info unreadable"}}));
}

/// `topology` with start-up `settings` on the termination point of node `node`.
json with_start_up(json topology, std::size_t node, const json& settings, const json& run_time = nullptr)
{
    auto& configuration = topology["network"]["node"][node]["termination-point"][0]["configuration"];
    configuration["start-up"] = settings;
    if (!run_time.is_null()) {
        configuration["run-time"] = run_time;
    }
    return topology;
}

/// Node `node` of `paired_hosts`: a0, b0, a1, b1 ...; addresses 192.0.2.(node + 1)/29, one subnet.
json with_addresses(json topology)
{
    for (std::size_t node = 0; node < topology["network"]["node"].size(); ++node) {
        topology = with_start_up(topology, node, {{"addresses", {"192.0.2." + std::to_string(node + 1) + "/29"}}});
    }
    return topology;
}

TEST_F(RunnerTest, StartUpIsAppliedAfterTheSnapshotsAndUndoneByTheRestore)
{
    prepare(with_start_up(paired_hosts(1), 0, {{"mtu", 9000}, {"vpp-startup", {{"cores", 2}}}}),
            run_config(three_kernel_operations));
    bind_all();
    EXPECT_EQ(run().status, Outcome::pass);

    const auto all = journal().events;
    auto index_of = [&all](const std::function<bool(const json&)>& match) {
        return std::find_if(all.begin(), all.end(), match) - all.begin();
    };
    const auto complete = index_of([](const json& e) { return e["event"] == "snapshots-complete"; });
    const auto start_up =
        index_of([](const json& e) { return e["event"] == "state" && e["state-id"] == "start-up"; });
    const auto first_step = index_of([](const json& e) { return e["event"] == "slot-start"; });
    EXPECT_LT(complete, start_up);
    EXPECT_LT(start_up, first_step);
    const auto& data = all[static_cast<std::size_t>(start_up)]["operational-data"];
    EXPECT_EQ(data["outcome"], "PASS");
    EXPECT_EQ(data["settings"], json({{"mtu", 9000}}));
    EXPECT_EQ(data["ignored"], json({"/network/node/0/termination-point/0/configuration/start-up/vpp-startup"}));
    EXPECT_EQ(all[static_cast<std::size_t>(start_up)]["node-id"], "a0");
    // The restore took it back.
    EXPECT_EQ(backend_->state(pairs_[0].a.name())["mtu"], 1500);
}

TEST_F(RunnerTest, APairWhoseEndsDoNotReachEachOtherIsLostWhileTheOtherGoesOn)
{
    prepare(with_addresses(paired_hosts(2)), run_config(three_kernel_operations));
    bind_all();
    backend_->unreachable.insert(pairs_[0].a.name());
    EXPECT_EQ(run().status, Outcome::error);

    std::vector<json> reachability;
    for (const auto& state : events("state")) {
        if (state["state-id"] == "reachability") {
            reachability.push_back(state);
        }
    }
    // Both ways for each pair once, then pair0's again after its recovery.
    ASSERT_EQ(reachability.size(), 6U);
    const auto lost = events("endpoint-lost", "pair0");
    ASSERT_EQ(lost.size(), 2U);
    EXPECT_THAT(lost[0]["message"].get<std::string>(), HasSubstr("set-up before the run failed"));
    EXPECT_THAT(lost[0]["message"].get<std::string>(), HasSubstr("does not reach 192.0.2.2"));
    EXPECT_FALSE(events("recovery", "pair0").empty());
    EXPECT_EQ(backend_->configured_during_reinitialisation(), 0U)
        << "the start-up is applied again once both ends are re-initialised";
    for (const auto& end : events("slot-end", "pair0")) {
        EXPECT_EQ(end["outcome"], "ERROR");
    }
    for (const auto& end : events("slot-end", "pair1")) {
        EXPECT_EQ(end["outcome"], "PASS");
    }
    EXPECT_TRUE(events("endpoint-lost", "pair1").empty());
}

TEST_F(RunnerTest, AStartUpTheDeviceRefusesIsRetriedThroughRecoveryThenLost)
{
    prepare(with_start_up(paired_hosts(2), 2, {{"mtu", 9000}}), run_config(three_kernel_operations));
    bind_all();
    backend_->unconfigurable.insert(pairs_[1].a.name());
    EXPECT_EQ(run().status, Outcome::error);

    std::size_t attempts = 0;
    for (const auto& state : events("state")) {
        attempts += state["state-id"] == "start-up" && state["node-id"] == "a1" ? 1 : 0;
    }
    EXPECT_EQ(attempts, 4U) << "once, then after each of the 3 recovery attempts";
    ASSERT_EQ(events("endpoint-lost", "pair1").size(), 1U) << "the end that was refused";
    for (const auto& end : events("slot-end", "pair0")) {
        EXPECT_EQ(end["outcome"], "PASS");
    }
}

TEST_F(RunnerTest, RunTimeEntriesAreAppliedInTurnAtTheStartOfEachLoop)
{
    prepare(with_start_up(paired_hosts(1), 1, json::object(), {{{"mtu", 4000}}, {{"mtu", 9000}}}),
            run_config(three_kernel_operations, 60));
    bind_all();
    EXPECT_EQ(run().status, Outcome::pass);

    std::vector<json> mtus;
    for (const auto& state : events("state")) {
        if (state["state-id"] == "run-time") {
            EXPECT_EQ(state["node-id"], "b0");
            mtus.push_back(state["operational-data"]["settings"]["mtu"]);
        }
    }
    const auto loops = schedule_->pairs[0].slots.back().loop + 1;
    ASSERT_GE(loops, 2U);
    ASSERT_EQ(mtus.size(), loops);
    for (std::size_t loop = 0; loop < mtus.size(); ++loop) {
        EXPECT_EQ(mtus[loop], loop % 2 == 0 ? 4000 : 9000) << "loop " << loop;
    }
    EXPECT_EQ(backend_->state(pairs_[0].b.name())["mtu"], 1500) << "undone by the restore";
}

TEST_F(RunnerTest, ARecoveryPutsTheLoopsRunTimeEntryBackOnTopOfTheStartUp)
{
    prepare(with_start_up(paired_hosts(1), 1, {{"mtu", 2000}}, {{{"mtu", 4000}}}), run_config({"link_flap"}, 10));
    script_.bind(toolkit_, "link_flap", Behaviour::setup_error_twice);
    EXPECT_EQ(run().status, Outcome::pass);

    std::vector<std::string> configured;
    for (const auto& state : events("state")) {
        if (state["node-id"] == "b0" && (state["state-id"] == "start-up" || state["state-id"] == "run-time")) {
            configured.push_back(state["state-id"].get<std::string>() + " " +
                                 state["operational-data"]["settings"]["mtu"].dump());
        }
    }
    // Before the run, at the loop's start, then after each of the two recoveries.
    EXPECT_EQ(configured, (std::vector<std::string>{"start-up 2000", "run-time 4000", "start-up 2000", "run-time 4000",
                                                    "start-up 2000", "run-time 4000"}));
    EXPECT_EQ(backend_->state(pairs_[0].b.name())["mtu"], 1500) << "undone by the restore";
}

TEST_F(RunnerTest, TheFinalRestorePutsBackWhatOperationsLeftChanged)
{
    prepare(paired_hosts(1), run_config({"mtu_change"}, 10));
    script_.bind(toolkit_, "mtu_change", Behaviour::mutate_mtu);
    run();
    EXPECT_EQ(backend_->state(pairs_[0].a.name())["mtu"], 1500);
    EXPECT_EQ(backend_->state(pairs_[0].b.name())["mtu"], 1500);
    const auto restores = events("restore");
    ASSERT_EQ(restores.size(), 2U);
    EXPECT_EQ(restores[0]["outcome"], "PASS");
    EXPECT_EQ(events("restore-complete").at(0)["failed"], 0);
    const auto commands = events("command");
    ASSERT_EQ(commands.size(), 3U); // two changes in setup, one query in run
    EXPECT_EQ(commands[0]["command"], "ip link set dev va0 mtu 9000");
    EXPECT_EQ(commands[1]["command"], "ip link set dev vb0 mtu 9000");
}

TEST_F(RunnerTest, MissingPrivilegesAreOneMessageNamingEachCapabilityAndWhatNeedsIt)
{
    prepare(paired_hosts(2), run_config({"link_flap"}, 20));
    EXPECT_EQ(toolkit_.missing_privileges(pairs_), "") << "nothing lacking: nothing to say";
    backend_->lacking = {{"a0/p0", "CAP_NET_ADMIN"}, {"b0/p0", "CAP_NET_ADMIN"}, {"a1/p0", "CAP_NET_RAW"}};
    EXPECT_EQ(toolkit_.missing_privileges(pairs_),
              "CAP_NET_ADMIN (for changes to a0/p0, changes to b0/p0) and CAP_NET_RAW (for changes to a1/p0)");
}

TEST_F(RunnerTest, MissingImplementationAndMissingAccessAreSkipsWithTheReason)
{
    // b0/p0 without attr.dpdk: a traffic operation cannot reach it; a
    // control operation still can, through its kernel interface.
    auto topology = paired_hosts(1);
    topology["network"]["node"][1]["termination-point"][0]["attr"].erase("dpdk");
    prepare(topology, run_config({"traffic_mix", "link_flap"}, 20));
    script_.bind(toolkit_, "traffic_mix", Behaviour::pass);
    EXPECT_EQ(run().status, Outcome::pass);
    for (const auto& end : events("slot-end")) {
        EXPECT_EQ(end["outcome"], "SKIP");
        if (end["operation-id"] == "traffic_mix") {
            EXPECT_THAT(end["message"].get<std::string>(),
                        HasSubstr("traffic_mix needs DPDK port on both ends; b0/p0 has no attr.dpdk"));
        } else {
            EXPECT_THAT(end["message"].get<std::string>(), HasSubstr("no backend of this build implements link_flap"));
        }
    }
}

TEST_F(RunnerTest, WhatRunReportedStaysInTheStepWhenVerifyPasses)
{
    prepare(paired_hosts(1), run_config({"mtu_change"}, 10));
    script_.bind(toolkit_, "mtu_change", Behaviour::pass_with_note);
    EXPECT_EQ(run().status, Outcome::pass);
    const auto ends = events("slot-end");
    ASSERT_FALSE(ends.empty());
    for (const auto& end : ends) {
        EXPECT_EQ(end["outcome"], "PASS");
        EXPECT_EQ(end["phase"], "verify");
        EXPECT_EQ(end["message"], "the device refused mtu 9000");
    }
}

TEST_F(RunnerTest, ARestoreThatSkipsIsNotARestoreFailure)
{
    prepare(paired_hosts(1), run_config({"mtu_change"}, 10));
    script_.bind(toolkit_, "mtu_change", Behaviour::pass);
    backend_->left_alone.insert(pairs_[0].a.name());
    const auto report = run();
    EXPECT_EQ(report.status, Outcome::pass);
    EXPECT_EQ(report.restore_failures, 0U);
    const auto restores = events("restore");
    ASSERT_EQ(restores.size(), 2U);
    EXPECT_EQ(events("restore-complete").front()["failed"], 0);
}

TEST_F(RunnerTest, AFailedVerificationIsAFailAndAThrowingSetupAnError)
{
    prepare(paired_hosts(1), run_config({"link_flap", "mtu_change"}, 20));
    script_.bind(toolkit_, "link_flap", Behaviour::fail_verify);
    script_.bind(toolkit_, "mtu_change", Behaviour::throw_setup);
    EXPECT_EQ(run().status, Outcome::error);
    for (const auto& end : events("slot-end")) {
        if (end["operation-id"] == "link_flap") {
            EXPECT_EQ(end["outcome"], "FAIL");
            EXPECT_EQ(end["phase"], "verify");
        } else {
            EXPECT_EQ(end["outcome"], "ERROR");
            EXPECT_EQ(end["message"], "setup blew up");
        }
    }
}

TEST_F(RunnerTest, WithOneThreadTheSecondPairRunsItsWholeScheduleAfterTheFirst)
{
    auto config = run_config(three_kernel_operations, 30);
    config["max_pair_threads"] = 1;
    prepare(paired_hosts(2), config);
    bind_all();
    run();
    EXPECT_EQ(events("slot-end", "pair1").size(), schedule_->pairs[1].slots.size());
    EXPECT_EQ(events("slot-end", "pair1").front()["start-ms"], 30'000);
    EXPECT_EQ(clock_->now(), std::chrono::seconds{60});
}

TEST_F(RunnerTest, StopEndsTheStepUnderWaySkipsTheRestAndStillRestores)
{
    prepare(paired_hosts(1), run_config({"link_flap", "mtu_change"}, 20));
    script_.bind(toolkit_, "link_flap", Behaviour::block_until_stop);
    script_.bind(toolkit_, "mtu_change", Behaviour::pass);
    std::stop_source stop;
    std::jthread stopper{[&] {
        // The step never ends by itself: wait until it is under way, then stop.
        while (tracker_->progress()[0].phase != Phase::run) {
            std::this_thread::sleep_for(std::chrono::milliseconds{1});
        }
        stop.request_stop();
    }};
    const auto report = run(stop.get_token());
    EXPECT_TRUE(report.interrupted);
    EXPECT_EQ(report.status, Outcome::error);
    EXPECT_EQ(events("slot-end").size(), 1U);
    EXPECT_EQ(events("restore").size(), 2U);
    EXPECT_EQ(events("run-end").at(0)["interrupted"], true);
}

TEST_F(RunnerTest, RenderingTheSameJournalTwiceGivesTheSameDocument)
{
    prepare(paired_hosts(2), run_config(three_kernel_operations));
    bind_all();
    run();
    const auto first = record::render_uti(journal()).dump(2);
    EXPECT_EQ(first, record::render_uti(journal()).dump(2));
}

TEST_F(RunnerTest, AOnePairRunWritesTheSameJournalEveryTime)
{
    prepare(paired_hosts(1), run_config(three_kernel_operations));
    bind_all();
    run();
    const auto first = journal().events;
    std::filesystem::remove_all(directory_);
    restart_clock();
    tracker_.emplace(*schedule_, *config_);
    run();
    EXPECT_EQ(journal().events, first);
}

/// A PF (its node the parent of two VF nodes whose ports pair as its
/// children) whose start-up makes the VFs: `sriov-numvfs` on its port.
json pf_with_vfs()
{
    auto vf = [](const std::string& id) {
        return json{{"node-id", id},
                    {"parent", "pf"},
                    {"termination-point", {{{"tp-id", "p0"}, {"attr", {{"kernel", {{"ifname", "enp1s0f0" + id}}}}}}}}};
    };
    return {{"version", "0.1.0"},
            {"metadata", {{"description", "runner test: a PF making its VFs"}}},
            {"network",
             {{"network-id", "sriov"},
              {"node",
               {{{"node-id", "pf"},
                 {"children", {"v0", "v1"}},
                 {"attr", {{"pairing", "children"}}},
                 {"termination-point",
                  {{{"tp-id", "p0"},
                    {"attr", {{"kernel", {{"ifname", "enp1s0f0"}}}}},
                    {"configuration", {{"start-up", {{"sriov-numvfs", 2}}}}}}}}},
                vf("v0"), vf("v1")}}}}};
}

TEST_F(RunnerTest, VfsThePfsStartUpMakesArePairedAndTakenAwayAfterEverythingOnThem)
{
    prepare(pf_with_vfs(), run_config(three_kernel_operations));
    ASSERT_EQ(pairing_.vf_makers.size(), 1U);
    bind_all();
    backend_->makes["pf/p0"] = {"v0/p0", "v1/p0"};
    EXPECT_EQ(run().status, Outcome::pass);

    std::vector<std::string> order;
    for (const auto& event : journal().events) {
        const auto kind = event["event"].get<std::string>();
        if (kind == "snapshot" || kind == "restore" || (kind == "state" && event["state-id"] == "start-up")) {
            order.push_back(kind + " " + event["node-id"].get<std::string>());
        }
    }
    EXPECT_EQ(order, (std::vector<std::string>{"snapshot pf", "state pf", "snapshot v0", "snapshot v1", "restore v0",
                                               "restore v1", "restore pf"}));
    EXPECT_EQ(backend_->state("pf/p0").value("vfs", -1), -1) << "the restore took the VF count back";
    for (const auto& end : events("slot-end")) {
        EXPECT_EQ(end["outcome"], "PASS");
    }
}

TEST_F(RunnerTest, VfsThatNeverAppearAreLostAfterTheWaitAndTheRunEnds)
{
    prepare(pf_with_vfs(), run_config(three_kernel_operations));
    bind_all();
    backend_->makes["pf/p0"] = {"v0/p0", "v1/p0"};
    backend_->unconfigurable.insert("pf/p0");
    EXPECT_EQ(run().status, Outcome::error);
    ASSERT_EQ(events("endpoint-lost").size(), 2U);
    EXPECT_THAT(events("endpoint-lost")[0]["message"].get<std::string>(), HasSubstr("its PF has not made it"));
    EXPECT_FALSE(events("restore-complete").empty());
}

TEST_F(RunnerTest, APfThatCannotBeReadIsLostInTheNameOfItsVfsPair)
{
    prepare(pf_with_vfs(), run_config(three_kernel_operations));
    bind_all();
    backend_->makes["pf/p0"] = {"v0/p0", "v1/p0"};
    backend_->unreadable.insert("pf/p0");
    EXPECT_EQ(run().status, Outcome::error);
    const auto lost = events("endpoint-lost", "pair0");
    ASSERT_EQ(lost.size(), 3U) << "the PF, then both VFs";
    EXPECT_EQ(lost[0]["node-id"], "pf");
    EXPECT_NO_THROW((void)record::render_uti(journal())) << "every lost endpoint names a pair of the run";
}

} // namespace
} // namespace hammer::run::test_support
