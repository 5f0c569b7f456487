#include "src/record/uti.hpp"

#include "src/common/diagnostics.hpp"
#include "src/record/journal_reader.hpp"
#include "src/record/sha256.hpp"
#include "src/topology/version.hpp"
#include "tests/record/run_directory.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <system_error>

namespace hammer::record {
namespace {

using nlohmann::json;
using testing::endpoint;
using testing::JournalText;
using testing::RunDirectory;
using testing::slot_end_fields;
using testing::slot_fields;
using testing::time_at;
using testing::with;

constexpr const char* hash_pointer = "/test/metadata/test/test-history/hash";

json traffic(std::string_view operation_id, std::string_view direction, std::uint64_t tx_packets,
             std::uint64_t rx_packets, std::uint64_t tx_bytes, std::uint64_t rx_bytes, std::uint64_t duration_ms)
{
    return {{"pair-id", "pair0"},         {"operation-id", operation_id}, {"direction", direction},
            {"tx-packets", tx_packets},   {"rx-packets", rx_packets},     {"tx-bytes", tx_bytes},
            {"rx-bytes", rx_bytes},       {"duration-ms", duration_ms}};
}

json with_latency(json measurement, std::uint64_t min_ns, std::uint64_t avg_ns, std::uint64_t max_ns)
{
    measurement["latency"] = {{"min-ns", min_ns}, {"avg-ns", avg_ns}, {"max-ns", max_ns}};
    return measurement;
}

json counters(std::string_view node_id, std::string_view tp_id, json rx, json tx)
{
    auto fields = endpoint(node_id, tp_id);
    fields["rx"] = std::move(rx);
    fields["tx"] = std::move(tx);
    return fields;
}

json verdict_fields(json fields, std::string_view outcome, std::string_view message)
{
    fields["outcome"] = outcome;
    fields["message"] = message;
    return fields;
}

/// A run that went to its end: two steps on pair0 (a link flap that passed,
/// jumbo frames that failed), a recovery, a lost endpoint, one restore that
/// failed.
JournalText complete_run()
{
    JournalText journal;
    journal.add("run-start", testing::sample_run_start(), 0)
        .add("snapshot", with(endpoint("dut1", "p0"), {{"backend", "kernel"}, {"state", {{"mtu", 1500}}}}), 1)
        .add("snapshot", with(endpoint("dut2", "p0"), {{"backend", "kernel"}, {"state", {{"mtu", 9000}}}}), 2)
        .add("snapshots-complete", {{"endpoints", 2}}, 3)
        .add("slot-start", slot_fields(0, "flap", "link_flap", 0, 4000), 10)
        .add("command",
             with(endpoint("dut1", "p0"),
                  {{"command", "ip link set hm0a down"}, {"return-code", 0}, {"response", ""}}),
             20)
        .add("state",
             with(endpoint("dut1", "p0"), {{"state-id", "link-down"}, {"operational-data", {{"carrier", false}}}}),
             30)
        .add("counters",
             counters("dut1", "p0", {{"packets", 10}, {"bytes", 640}}, {{"packets", 12}, {"bytes", 768}}), 4010)
        .add("traffic", traffic("flap", "forward", 1000, 990, 64000, 63360, 2000), 4020)
        .add("traffic", traffic("flap", "reverse", 500, 500, 32000, 32000, 2000), 4030)
        .add("slot-end", slot_end_fields(slot_fields(0, "flap", "link_flap", 0, 4000), "PASS", "", "verify", 10, 4030),
             4040)
        .add("slot-start", slot_fields(1, "jumbo", "jumbo_frames", 4000, 6000), 4050)
        .add("recovery",
             verdict_fields(with(endpoint("dut2", "p0"), {{"pair-id", "pair0"}, {"backend", "kernel"}, {"attempt", 1}}),
                            "PASS", "re-initialised"),
             5000)
        .add("traffic", with_latency(traffic("jumbo", "forward", 3000, 3000, 27000000, 27000000, 6000), 1000, 2000, 9000),
             5100)
        .add("traffic", with_latency(traffic("jumbo", "forward", 1000, 1000, 9000000, 9000000, 2000), 800, 4000, 5000),
             5110)
        .add("counters",
             counters("dut1", "p0", {{"packets", 5}, {"bytes", 320}, {"errors", 1}}, {{"packets", 3}, {"bytes", 192}}),
             5200)
        .add("counters", counters("dut1", "p1", {{"packets", 1}}, json::object()), 5210)
        .add("slot-end",
             slot_end_fields(slot_fields(1, "jumbo", "jumbo_frames", 4000, 6000), "FAIL", "frames dropped", "verify",
                             4050, 6000),
             10050)
        .add("endpoint-lost", with(endpoint("dut2", "p0"), {{"pair-id", "pair0"}, {"message", "device gone"}}), 10055)
        .add("restore", verdict_fields(with(endpoint("dut1", "p0"), {{"backend", "kernel"}}), "PASS", ""), 10100)
        .add("restore",
             verdict_fields(with(endpoint("dut2", "p0"), {{"backend", "kernel"}}), "FAIL", "mtu refused"), 10110)
        .add("restore-complete", {{"failed", 1}}, 10120)
        .add("run-end", {{"status", "FAIL"}, {"interrupted", false}}, 10130);
    return journal;
}

/// A run whose process died inside its second step: no slot-end, no run-end.
JournalText died_run()
{
    JournalText journal;
    journal.add("run-start", testing::sample_run_start(), 0)
        .add("slot-start", slot_fields(0, "flap", "link_flap", 0, 4000), 10)
        .add("slot-end", slot_end_fields(slot_fields(0, "flap", "link_flap", 0, 4000), "PASS", "", "verify", 10, 3990),
             4000)
        .add("slot-start", slot_fields(1, "jumbo", "jumbo_frames", 4000, 6000), 4010)
        .add("counters", counters("dut1", "p0", {{"packets", 1}}, {{"packets", 1}}), 4500);
    return journal;
}

Journal read_text(const JournalText& text)
{
    RunDirectory directory;
    directory.write_journal(text.str());
    return read_journal(directory.path());
}

json render(const JournalText& text)
{
    return render_uti(read_text(text));
}

const json& node_of(const json& uti, std::string_view node_id)
{
    for (const auto& node : uti["network"]["node"]) {
        if (node["node-id"] == node_id) {
            return node;
        }
    }
    throw std::out_of_range{"no node " + std::string{node_id}};
}

std::vector<std::string> state_ids(const json& node)
{
    std::vector<std::string> ids;
    for (const auto& entry : node["state"]) {
        ids.push_back(entry["state-id"]);
    }
    return ids;
}

/// The InputError rendering `text` throws: its one diagnostic.
Diagnostic render_error(const JournalText& text)
{
    const auto journal = read_text(text);
    try {
        (void)render_uti(journal);
    } catch (const InputError& error) {
        EXPECT_EQ(error.diagnostics().size(), 1U);
        return error.diagnostics().front();
    }
    ADD_FAILURE() << "render_uti did not throw";
    return {};
}

// ---- the result's version ----

TEST(ResultVersion, IsSemverAndReadsOlderAndSameMajorDocuments)
{
    EXPECT_TRUE(topology::parse_version(result_version).has_value());
    EXPECT_EQ(result_version_problem("0.1.0"), std::nullopt) << "results before their own version";
    EXPECT_EQ(result_version_problem(std::string{result_version}), std::nullopt);
    const auto ours = *topology::parse_version(result_version);
    const auto newer_minor = std::to_string(ours.major) + "." + std::to_string(ours.minor + 1) + ".0";
    EXPECT_EQ(result_version_problem(newer_minor), std::nullopt) << "a newer MINOR only adds members";
    const auto newer_major = std::to_string(ours.major + 1) + ".0.0";
    EXPECT_EQ(result_version_problem(newer_major),
              "result version " + newer_major + " is newer than this hammer reads (" + std::string{result_version} +
                  "): it was written by a newer hammer");
    EXPECT_EQ(result_version_problem("1.0"), "\"1.0\" is not a MAJOR.MINOR.PATCH version");
}

// ---- the topology part ----

TEST(RenderUti, CarriesTheTopologyOver)
{
    const auto uti = render(complete_run());

    EXPECT_EQ(uti["version"], std::string{result_version}) << "the result's own version";
    EXPECT_EQ(uti["topology-version"], "0.1.0") << "the topology's, kept beside it";
    EXPECT_EQ(uti["metadata"], json({{"owner", "lab-7"}}));
    EXPECT_EQ(uti["reference"], json({{"nic", {{"vendor", "acme"}}}}));
    EXPECT_EQ(uti["network"]["network-id"], "bench");
    EXPECT_EQ(uti["network"]["link"], testing::sample_topology()["network"]["link"]);
    EXPECT_EQ(node_of(uti, "dut1")["termination-point"],
              testing::sample_topology()["network"]["node"][0]["termination-point"]);
}

TEST(RenderUti, AppendsStatesInJournalOrderAfterTheTopologysOwn)
{
    const auto uti = render(complete_run());

    EXPECT_EQ(state_ids(node_of(uti, "dut1")), (std::vector<std::string>{"pre-test", "link-down", "restored"}));
    EXPECT_EQ(state_ids(node_of(uti, "dut2")),
              (std::vector<std::string>{"inventory", "pre-test", "recovery", "lost", "restore-failed"}));
}

TEST(RenderUti, StateEntriesCarryTheirTimeAndData)
{
    const auto uti = render(complete_run());
    const auto& dut1 = node_of(uti, "dut1")["state"];
    const auto& dut2 = node_of(uti, "dut2")["state"];

    EXPECT_EQ(dut1[0], json({{"state-id", "pre-test"},
                             {"timestamp", time_at(1)},
                             {"operational-data", {{"tp-id", "p0"}, {"backend", "kernel"}, {"state", {{"mtu", 1500}}}}}}));
    EXPECT_EQ(dut1[1], json({{"state-id", "link-down"},
                             {"timestamp", time_at(30)},
                             {"operational-data", {{"tp-id", "p0"}, {"carrier", false}}}}));
    EXPECT_EQ(dut2[2]["operational-data"], json({{"tp-id", "p0"},
                                                 {"pair-id", "pair0"},
                                                 {"backend", "kernel"},
                                                 {"attempt", 1},
                                                 {"outcome", "PASS"},
                                                 {"message", "re-initialised"}}));
    EXPECT_EQ(dut2[3]["operational-data"],
              json({{"tp-id", "p0"}, {"pair-id", "pair0"}, {"message", "device gone"}}));
    EXPECT_EQ(dut2[4]["operational-data"],
              json({{"tp-id", "p0"}, {"backend", "kernel"}, {"outcome", "FAIL"}, {"message", "mtu refused"}}));
}

TEST(RenderUti, FillsCommandHistoryOnlyWhereCommandsRan)
{
    const auto uti = render(complete_run());

    EXPECT_EQ(node_of(uti, "dut1")["command-history"],
              json::array({{{"timestamp", time_at(20)},
                            {"command", "ip link set hm0a down"},
                            {"return-code", 0},
                            {"response", ""}}}));
    EXPECT_FALSE(node_of(uti, "dut2").contains("command-history"));
}

// ---- test.metadata ----

TEST(RenderUti, DescribesTheExecution)
{
    const auto metadata = render(complete_run())["test"]["metadata"];

    EXPECT_EQ(metadata["test_executor"], json({{"ci", "manual"}, {"job", ""}, {"build", nullptr}}));
    EXPECT_EQ(metadata["test_execution"], json({{"start_time", time_at(0)},
                                                {"end_time", time_at(10130)},
                                                {"status", "FAIL"},
                                                {"interrupted", false},
                                                {"restored", true}}));
}

TEST(RenderUti, DescribesTheTestAndTheHammerRun)
{
    const auto metadata = render(complete_run())["test"]["metadata"];

    EXPECT_EQ(metadata["test"]["id"], "bench.smoke");
    EXPECT_EQ(metadata["test"]["type"], "HAMMER");
    EXPECT_EQ(metadata["test"]["tags"], json({"smoke", "veth"}));
    EXPECT_EQ(metadata["test"]["documentation"], "smoke run on the bench");
    EXPECT_EQ(metadata["test"]["test-history"]["previous_hash"], "00aa");
    EXPECT_EQ(metadata["hammer"], json({{"version", "0.1.0"},
                                        {"run-id", "run-42"},
                                        {"seed", 7},
                                        {"seed-source", "--seed"},
                                        {"mode", "pair-exclusive"},
                                        {"duration-ms", 10000},
                                        {"topology-file", "topologies/bench.json"},
                                        {"config-file", "configs/smoke.json"},
                                        {"config", {{"duration", "10s"}}}}));
}

TEST(RenderUti, CarriesTheHostAndSoftwareOfTheRun)
{
    auto header = testing::sample_run_start();
    header["host"] = {{"name", "lab7"},
                      {"kernel-release", "6.1.0-18-amd64"},
                      {"machine", "x86_64"},
                      {"cpu-model", "Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz"},
                      {"cpus", 64}};
    header["software"] = {{"dpdk", "DPDK 22.11.4"}};
    JournalText journal;
    journal.add("run-start", header, 0).add("run-end", {{"status", "PASS"}, {"interrupted", false}}, 10);
    const auto metadata = render(journal)["test"]["metadata"];

    EXPECT_EQ(metadata["host"], header["host"]);
    EXPECT_EQ(metadata["software"], json({{"dpdk", "DPDK 22.11.4"}, {"hammer", "0.1.0"}}));
}

TEST(RenderUti, AJournalOfAnOlderHammerRendersWithoutHost)
{
    const auto uti = render(complete_run());
    const auto& metadata = uti["test"]["metadata"];

    EXPECT_FALSE(metadata.contains("host"));
    EXPECT_EQ(metadata["software"], json({{"hammer", "0.1.0"}}));
    EXPECT_EQ(uti["test"]["results"]["devices"], json::array());
}

TEST(RenderUti, ListsEachTerminationPointsDeviceOnceAsStateAndInResults)
{
    const json veth = {{"backend", "kernel"},
                       {"driver", "veth"},
                       {"driver-version", "1.0"},
                       {"firmware-version", ""},
                       {"bus-info", ""}};
    const json unreadable = {{"backend", "kernel"}, {"error", "dut2/p0: No such device"}};
    JournalText journal;
    journal.add("run-start", testing::sample_run_start(), 0)
        .add("state", with(endpoint("dut1", "p0"), {{"state-id", "identity"}, {"operational-data", veth}}), 1)
        .add("state", with(endpoint("dut2", "p0"), {{"state-id", "identity"}, {"operational-data", unreadable}}), 2)
        // The same termination point again (a switch port in two pairs): listed once.
        .add("state", with(endpoint("dut1", "p0"), {{"state-id", "identity"}, {"operational-data", veth}}), 3)
        .add("run-end", {{"status", "PASS"}, {"interrupted", false}}, 10);
    const auto uti = render(journal);

    auto first = veth;
    first["tp-id"] = "p0";
    EXPECT_EQ(node_of(uti, "dut1")["state"][0],
              json({{"state-id", "identity"}, {"timestamp", time_at(1)}, {"operational-data", first}}));
    auto device = veth;
    device["node-id"] = "dut1";
    device["tp-id"] = "p0";
    auto failed = unreadable;
    failed["node-id"] = "dut2";
    failed["tp-id"] = "p0";
    EXPECT_EQ(uti["test"]["results"]["devices"], json::array({device, failed}));
}

TEST(RenderUti, AStopRequestMarksTheRunInterrupted)
{
    auto journal = complete_run();
    journal.add("stop-requested", {{"signal", "SIGTERM"}, {"count", 1}}, 10200);

    EXPECT_EQ(render(journal)["test"]["metadata"]["test_execution"]["interrupted"], true);
}

TEST(RenderUti, AnAllSkippedRunPasses)
{
    JournalText journal;
    journal.add("run-start", testing::sample_run_start(), 0).add("run-end", {{"status", "SKIP"}, {"interrupted", false}}, 5);

    EXPECT_EQ(render(journal)["test"]["metadata"]["test_execution"]["status"], "PASS");
}

// ---- test.results ----

TEST(RenderUti, SumsTrafficPerDirection)
{
    const auto total = render(complete_run())["test"]["results"]["total"];
    const auto& forward = total["forward"];

    EXPECT_EQ(forward["tx-packets"], 5000);
    EXPECT_EQ(forward["rx-packets"], 4990);
    EXPECT_EQ(forward["tx-bytes"], 36064000);
    EXPECT_EQ(forward["rx-bytes"], 36063360);
    EXPECT_EQ(forward["lost-packets"], 10);
    EXPECT_DOUBLE_EQ(forward["loss-ratio"].get<double>(), 0.002);
    EXPECT_EQ(forward["duration-ms"], 10000);
    EXPECT_DOUBLE_EQ(forward["throughput"]["pps"].get<double>(), 499.0);
    EXPECT_DOUBLE_EQ(forward["throughput"]["bps"].get<double>(), 28850688.0);
    // Weighted by received packets: (2000 × 3000 + 4000 × 1000) / 4000.
    EXPECT_EQ(forward["latency"], json({{"min-ns", 800}, {"max-ns", 9000}, {"avg-ns", 2500.0}}));

    EXPECT_EQ(total["reverse"]["rx-packets"], 500);
    EXPECT_DOUBLE_EQ(total["reverse"]["throughput"]["pps"].get<double>(), 250.0);
    EXPECT_FALSE(total["reverse"].contains("latency"));

    EXPECT_EQ(total["total"]["tx-packets"], 5500);
    EXPECT_EQ(total["total"]["duration-ms"], 12000);
    EXPECT_DOUBLE_EQ(total["total"]["throughput"]["pps"].get<double>(), 5490.0 / 12.0);
    EXPECT_EQ(total["total"]["latency"], forward["latency"]);
}

TEST(RenderUti, LostPacketsNeverGoBelowZero)
{
    auto journal = died_run();
    journal.add("traffic", traffic("jumbo", "reverse", 10, 12, 640, 768, 100), 4600);

    const auto reverse = render(journal)["test"]["results"]["total"]["reverse"];

    EXPECT_EQ(reverse["lost-packets"], 0);
    EXPECT_DOUBLE_EQ(reverse["loss-ratio"].get<double>(), 0.0);
}

TEST(RenderUti, NoTrafficGivesZeros)
{
    const auto total = render(died_run())["test"]["results"]["total"];

    for (const char* direction : {"forward", "reverse", "total"}) {
        SCOPED_TRACE(direction);
        EXPECT_EQ(total[direction]["tx-packets"], 0);
        EXPECT_EQ(total[direction]["lost-packets"], 0);
        EXPECT_DOUBLE_EQ(total[direction]["throughput"]["pps"].get<double>(), 0.0);
        EXPECT_DOUBLE_EQ(total[direction]["throughput"]["bps"].get<double>(), 0.0);
        EXPECT_FALSE(total[direction].contains("latency"));
    }
}

TEST(RenderUti, SumsCountersPerTerminationPointInTopologyOrder)
{
    const auto nodes = render(complete_run())["test"]["results"]["node"];

    const json expected = json::parse(R"([
      {"node-id": "dut1", "termination-point": [
        {"tp-id": "p0", "rx-counters": {"packets": 15, "bytes": 960, "errors": 1},
                        "tx-counters": {"packets": 15, "bytes": 960}},
        {"tp-id": "p1", "rx-counters": {"packets": 1}, "tx-counters": {}}]},
      {"node-id": "dut2", "termination-point": [
        {"tp-id": "p0", "rx-counters": {}, "tx-counters": {}}]}
    ])");
    EXPECT_EQ(nodes, expected);
}

TEST(RenderUti, RecordsEveryStepOfEveryPair)
{
    const auto pairs = render(complete_run())["test"]["results"]["pairs"];

    ASSERT_EQ(pairs.size(), 1U);
    const auto& pair = pairs[0];
    EXPECT_EQ(pair["pair-id"], "pair0");
    EXPECT_EQ(pair["a"], endpoint("dut1", "p0"));
    EXPECT_EQ(pair["b"], endpoint("dut2", "p0"));
    EXPECT_EQ(pair["origin"], "link");
    EXPECT_EQ(pair["via"], "l0");
    EXPECT_EQ(pair["summary"], json({{"PASS", 1}, {"FAIL", 1}, {"ERROR", 0}, {"SKIP", 0}}));
    ASSERT_EQ(pair["steps"].size(), 2U);
    EXPECT_EQ(pair["steps"][0], json({{"slot", 0},
                                      {"operation-id", "flap"},
                                      {"operation", "link_flap"},
                                      {"loop", 1},
                                      {"outcome", "PASS"},
                                      {"message", ""},
                                      {"phase", "verify"},
                                      {"timestamp", time_at(10)},
                                      {"planned-start-ms", 0},
                                      {"planned-ms", 4000},
                                      {"start-ms", 10},
                                      {"actual-ms", 4030},
                                      {"overrun-ms", 30},
                                      {"setup-attempts", 1}}));
    EXPECT_EQ(pair["steps"][1]["outcome"], "FAIL");
    EXPECT_EQ(pair["steps"][1]["message"], "frames dropped");
    EXPECT_EQ(pair["steps"][1]["timestamp"], time_at(4050));
}

TEST(RenderUti, RecordsRecoveriesAndLostEndpointsOfThePair)
{
    const auto uti = render(complete_run());
    const auto& pair = uti["test"]["results"]["pairs"][0];

    EXPECT_EQ(pair["recoveries"], json::array({{{"node-id", "dut2"},
                                                {"tp-id", "p0"},
                                                {"backend", "kernel"},
                                                {"attempt", 1},
                                                {"outcome", "PASS"},
                                                {"message", "re-initialised"},
                                                {"timestamp", time_at(5000)}}}));
    EXPECT_EQ(pair["lost-endpoints"],
              json::array(
                  {{{"node-id", "dut2"}, {"tp-id", "p0"}, {"message", "device gone"}, {"timestamp", time_at(10055)}}}));
}

TEST(RenderUti, ListsEachTrafficMeasurementOfThePairWithItsRate)
{
    const auto uti = render(complete_run());
    const auto& traffic = uti["test"]["results"]["pairs"][0]["traffic"];

    ASSERT_EQ(traffic.size(), 4U);
    const auto& first = traffic[0];
    EXPECT_EQ(first["operation-id"], "flap");
    EXPECT_EQ(first["direction"], "forward");
    EXPECT_EQ(first["at-ms"], 4020);
    EXPECT_EQ(first["timestamp"], time_at(4020));
    EXPECT_EQ(first["tx-packets"], 1000);
    EXPECT_EQ(first["lost-packets"], 10);
    EXPECT_DOUBLE_EQ(first["throughput"]["pps"].get<double>(), 495.0);
    EXPECT_DOUBLE_EQ(first["throughput"]["bps"].get<double>(), 63360 * 8 / 2.0);
    EXPECT_FALSE(first.contains("pair-id"));
    EXPECT_EQ(traffic[1]["direction"], "reverse");
    EXPECT_EQ(traffic[2]["latency"], json({{"min-ns", 1000}, {"avg-ns", 2000}, {"max-ns", 9000}}));
}

TEST(RenderUti, ListsEveryControlChangesOutageWithThePair)
{
    auto journal = died_run();
    const json outage = {{"node-id", "host"},          {"tp-id", "a"},         {"change", "link down 500 ms"},
                         {"lost-packets", 10400},      {"offered-pps", 20000}, {"window-ms", 900},
                         {"outage-ms", 520.0}};
    journal.add("outage", with(outage, {{"pair-id", "pair0"}, {"operation-id", "flap"}}), 4100);

    const auto uti = render(journal);
    const auto& outages = uti["test"]["results"]["pairs"][0]["outages"];

    ASSERT_EQ(outages.size(), 1U);
    EXPECT_EQ(outages[0]["change"], "link down 500 ms");
    EXPECT_EQ(outages[0]["outage-ms"], 520.0);
    EXPECT_EQ(outages[0]["lost-packets"], 10400);
    EXPECT_EQ(outages[0]["at-ms"], 4100);
    EXPECT_FALSE(outages[0].contains("pair-id"));
    EXPECT_EQ(render(complete_run())["test"]["results"]["pairs"][0]["outages"], json::array());
}

TEST(RenderUti, ListsThroughputResultsWithThePairAndNamesTheirTypes)
{
    auto journal = died_run();
    const json ndrpdr = {{"type", "NDRPDR"}, {"ndr", {{"lower", {{"rate", {{"value", 2000}, {"unit", "pps"}}}}}}}};
    const json mrr = {{"type", "MRR"}, {"receive_rate", {{"rate", {{"avg", 1990.0}}}}}};
    journal
        .add("throughput", {{"pair-id", "pair0"}, {"operation-id", "search"}, {"type", "NDRPDR"}, {"result", ndrpdr}},
             4100)
        .add("throughput", {{"pair-id", "pair0"}, {"operation-id", "mrr"}, {"type", "MRR"}, {"result", mrr}}, 4200)
        .add("throughput", {{"pair-id", "pair0"}, {"operation-id", "search"}, {"type", "NDRPDR"}, {"result", ndrpdr}},
             4300);

    const auto uti = render(journal);
    const auto& results = uti["test"]["results"]["pairs"][0]["throughput"];

    ASSERT_EQ(results.size(), 3U);
    EXPECT_EQ(results[0]["type"], "NDRPDR");
    EXPECT_EQ(results[0]["operation-id"], "search");
    EXPECT_EQ(results[0]["result"], ndrpdr);
    EXPECT_EQ(results[0]["at-ms"], 4100);
    EXPECT_FALSE(results[0].contains("pair-id"));
    EXPECT_EQ(results[1]["result"], mrr);
    // Each type once, in the order the run first held it.
    EXPECT_EQ(uti["test"]["metadata"]["test"]["type"], "HAMMER NDRPDR MRR");
    EXPECT_EQ(render(complete_run())["test"]["results"]["pairs"][0]["throughput"], json::array());
}

TEST(RenderUti, TheTrialsOfASearchTheRunDiedInAreKeptAsAnUnfinishedResult)
{
    auto journal = died_run();
    const json first = {{"phase", 0}, {"rate-pps", 1000.0}, {"offered", 500}, {"received", 500}};
    const json second = {{"phase", 0}, {"rate-pps", 2000.0}, {"offered", 1000}, {"received", 990}};
    const json done = {{"type", "MRR"}, {"receive_rate", {{"rate", {{"avg", 1990.0}}}}}};
    journal
        .add("trial", {{"pair-id", "pair0"}, {"operation-id", "mrr"}, {"type", "MRR"}, {"trial", first}}, 3900)
        .add("throughput", {{"pair-id", "pair0"}, {"operation-id", "mrr"}, {"type", "MRR"}, {"result", done}}, 4000)
        .add("trial", {{"pair-id", "pair0"}, {"operation-id", "search"}, {"type", "NDRPDR"}, {"trial", first}}, 4100)
        .add("trial", {{"pair-id", "pair0"}, {"operation-id", "search"}, {"type", "NDRPDR"}, {"trial", second}}, 4200);

    const auto uti = render(journal);
    const auto& results = uti["test"]["results"]["pairs"][0]["throughput"];

    ASSERT_EQ(results.size(), 2U) << "the finished mrr's trials are in its result already";
    EXPECT_EQ(results[0]["result"], done);
    EXPECT_EQ(results[1]["operation-id"], "search");
    EXPECT_EQ(results[1]["type"], "NDRPDR");
    EXPECT_EQ(results[1]["at-ms"], 4200);
    EXPECT_FALSE(results[1].contains("trial"));
    EXPECT_EQ(results[1]["result"]["trials"], json::array({first, second}));
    EXPECT_EQ(results[1]["result"]["search"]["complete"], false);
}

TEST(RenderUti, ListsTheLiveSamplesOfThePairInJournalOrder)
{
    auto journal = died_run();
    const json rates = {{"direction", "forward"}, {"tx-pps", 1000.5}, {"rx-pps", 990}, {"tx-bps", 512256.0},
                        {"rx-bps", 506880}};
    journal.add("traffic-sample", with(rates, {{"pair-id", "pair0"}, {"operation-id", "jumbo"}}), 5010)
        .add("traffic-sample",
             with(rates, {{"pair-id", "pair0"}, {"operation-id", "jumbo"}, {"direction", "reverse"}}), 5011);

    const auto uti = render(journal);
    const auto& samples = uti["test"]["results"]["pairs"][0]["samples"];

    ASSERT_EQ(samples.size(), 2U);
    EXPECT_EQ(samples[0], with(rates, {{"operation-id", "jumbo"}, {"at-ms", 5010}}));
    EXPECT_EQ(samples[1]["direction"], "reverse");
    EXPECT_EQ(samples[1]["at-ms"], 5011);
    EXPECT_EQ(render(complete_run())["test"]["results"]["pairs"][0]["samples"], json::array());
}

TEST(RenderUti, SummarisesOutcomesAndTimePerOperation)
{
    const auto summary = render(complete_run())["test"]["results"]["summary"];

    EXPECT_EQ(summary, json::parse(R"({
      "PASS": 1, "FAIL": 1, "ERROR": 0, "SKIP": 0,
      "operations": {
        "flap":  {"PASS": 1, "FAIL": 0, "ERROR": 0, "SKIP": 0, "time-ms": 4030},
        "jumbo": {"PASS": 0, "FAIL": 1, "ERROR": 0, "SKIP": 0, "time-ms": 6000}
      }
    })"));
}

TEST(RenderUti, NullOperationalDataAndCountersAreEmpty)
{
    auto journal = died_run();
    journal.add("state", with(endpoint("dut1", "p1"), {{"state-id", "probed"}, {"operational-data", nullptr}}), 4600)
        .add("counters", counters("dut1", "p1", nullptr, nullptr), 4700);

    const auto uti = render(journal);

    EXPECT_EQ(node_of(uti, "dut1")["state"].back()["operational-data"], json({{"tp-id", "p1"}}));
    EXPECT_EQ(uti["test"]["results"]["node"][0]["termination-point"][1],
              json({{"tp-id", "p1"}, {"rx-counters", json::object()}, {"tx-counters", json::object()}}));
}

// ---- a run that died ----

TEST(RenderUti, ARunWithoutRunEndIsAnError)
{
    const auto execution = render(died_run())["test"]["metadata"]["test_execution"];

    EXPECT_EQ(execution["status"], "ERROR");
    EXPECT_EQ(execution["end_time"], time_at(4500));
    EXPECT_EQ(execution["interrupted"], false);
    EXPECT_EQ(execution["restored"], false);
}

TEST(RenderUti, AStepWithoutSlotEndIsAnInterruptedError)
{
    const auto results = render(died_run())["test"]["results"];
    const auto& steps = results["pairs"][0]["steps"];

    ASSERT_EQ(steps.size(), 2U);
    EXPECT_EQ(steps[0]["outcome"], "PASS");
    EXPECT_EQ(steps[1], json({{"slot", 1},
                              {"operation-id", "jumbo"},
                              {"operation", "jumbo_frames"},
                              {"loop", 1},
                              {"outcome", "ERROR"},
                              {"message", "the run ended before this step finished"},
                              {"phase", "interrupted"},
                              {"timestamp", time_at(4010)},
                              {"planned-start-ms", 4000},
                              {"planned-ms", 6000},
                              {"start-ms", 4010},
                              {"actual-ms", nullptr},
                              {"overrun-ms", nullptr},
                              {"setup-attempts", nullptr}}));
    EXPECT_EQ(results["summary"]["ERROR"], 1);
    EXPECT_EQ(results["summary"]["operations"]["jumbo"]["time-ms"], 0);
}

// ---- events that contradict the run's topology ----

TEST(RenderUti, AnEventOnAnUnknownNodeNamesItsLine)
{
    auto journal = died_run();
    journal.add("command",
                with(endpoint("dut9", "p0"), {{"command", "ip link show"}, {"return-code", 0}, {"response", ""}}), 4600);

    const auto diagnostic = render_error(journal);

    EXPECT_EQ(diagnostic.location, "line 6");
    EXPECT_NE(diagnostic.message.find("node \"dut9\""), std::string::npos) << diagnostic.message;
}

TEST(RenderUti, CountersOfAnUnknownTerminationPointNameTheirLine)
{
    auto journal = died_run();
    journal.add("counters", counters("dut2", "p7", {{"packets", 1}}, json::object()), 4600);

    const auto diagnostic = render_error(journal);

    EXPECT_EQ(diagnostic.location, "line 6");
    EXPECT_NE(diagnostic.message.find("\"dut2/p7\""), std::string::npos) << diagnostic.message;
}

TEST(RenderUti, AStepOfAnUnknownPairNamesItsLine)
{
    auto journal = died_run();
    auto slot = slot_fields(2, "flap", "link_flap", 0, 100);
    slot["pair-id"] = "pair9";
    journal.add("slot-start", slot, 4600);

    const auto diagnostic = render_error(journal);

    EXPECT_EQ(diagnostic.location, "line 6");
    EXPECT_NE(diagnostic.message.find("pair \"pair9\""), std::string::npos) << diagnostic.message;
}

// ---- determinism and the hash ----

TEST(RenderUti, TheSameJournalGivesTheSameBytes)
{
    const auto first = render(complete_run()).dump(2);
    const auto second = render(complete_run()).dump(2);
    const auto journal = read_text(died_run());

    EXPECT_EQ(first, second);
    EXPECT_EQ(render_uti(journal).dump(2), render_uti(journal).dump(2));
}

TEST(DocumentHash, IsTheHashOfTheDocumentWithoutItself)
{
    const auto uti = render(complete_run());
    auto blanked = uti;
    blanked["test"]["metadata"]["test"]["test-history"]["hash"] = "";

    EXPECT_EQ(uti.at(json::json_pointer{hash_pointer}), sha256_hex(blanked.dump()));
    EXPECT_EQ(document_hash(uti), uti.at(json::json_pointer{hash_pointer}));
}

TEST(DocumentHash, IgnoresTheHashMemberItself)
{
    auto uti = render(complete_run());
    const auto hash = document_hash(uti);
    uti[json::json_pointer{hash_pointer}] = "forged";

    EXPECT_EQ(document_hash(uti), hash);
}

TEST(DocumentHash, ChangesWhenAnyValueChanges)
{
    const auto uti = render(complete_run());
    const auto hash = document_hash(uti);
    const auto leaves = uti.flatten();
    std::size_t changed = 0;
    for (const auto& [pointer, value] : leaves.items()) {
        if (pointer == hash_pointer) {
            continue;
        }
        auto altered = leaves;
        if (value.is_string()) {
            altered[pointer] = value.get<std::string>() + "x";
        } else if (value.is_boolean()) {
            altered[pointer] = !value.get<bool>();
        } else if (value.is_number()) {
            altered[pointer] = value.get<double>() + 1;
        } else {
            altered[pointer] = 0;
        }
        EXPECT_NE(document_hash(altered.unflatten()), hash) << pointer;
        ++changed;
    }
    EXPECT_GT(changed, 100U);
}

TEST(DocumentHash, ChangesWithOneByteOfTheJournal)
{
    auto changed = complete_run();
    changed.add("command",
                with(endpoint("dut1", "p0"), {{"command", "ip link show"}, {"return-code", 0}, {"response", "ok"}}),
                10140);
    auto same = complete_run();
    same.add("command",
             with(endpoint("dut1", "p0"), {{"command", "ip link show"}, {"return-code", 0}, {"response", "ol"}}),
             10140);

    EXPECT_NE(render(changed)[json::json_pointer{hash_pointer}], render(same)[json::json_pointer{hash_pointer}]);
}

// ---- result files ----

json result_started_at(std::string_view start_time, std::string_view hash)
{
    json uti;
    uti["test"]["metadata"]["test_execution"]["start_time"] = start_time;
    uti["test"]["metadata"]["test"]["test-history"]["hash"] = hash;
    return uti;
}

std::string file_text(const std::filesystem::path& file)
{
    std::ifstream in{file, std::ios::binary};
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

TEST(WriteResult, WritesTheDocumentAndLeavesNoTemporaryFile)
{
    RunDirectory directory;
    const auto uti = render(complete_run());

    write_result(directory.path(), result_started_at("old", "old"));
    write_result(directory.path(), uti);

    EXPECT_EQ(file_text(directory.path() / "result.json"), uti.dump(2) + "\n");
    EXPECT_FALSE(std::filesystem::exists(directory.path() / "result.json.tmp"));
}

TEST(WriteResult, ADirectoryThatIsNotThereIsASystemError)
{
    RunDirectory directory;

    EXPECT_THROW(write_result(directory.path() / "missing", json::object()), std::system_error);
}

} // namespace
} // namespace hammer::record
