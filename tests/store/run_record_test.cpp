#include "src/store/run_record.hpp"

#include "tests/output/sample_result.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace hammer::store {
namespace {

using output::testing::sample_result;
using output::testing::SampleRun;
using ::testing::HasSubstr;

std::string refusal(const nlohmann::json& document)
{
    try {
        static_cast<void>(record_of(document));
    } catch (const std::invalid_argument& error) {
        return error.what();
    }
    return "accepted";
}

TEST(RunRecord, TheRunRowSummarisesTheDocument)
{
    const auto document = sample_result(SampleRun{}.named("r-1").after("00aa").seeded(99));
    const auto run = record_of(document).run;
    EXPECT_EQ(run.position, 0);
    EXPECT_EQ(run.run_id, "r-1");
    EXPECT_EQ(run.start_time, "2026-11-18T11:06:40.000Z");
    EXPECT_EQ(run.end_time, "2026-11-18T11:06:46.020Z");
    EXPECT_EQ(run.topology_file, "topologies/bench.json");
    EXPECT_EQ(run.network_id, "bench");
    EXPECT_EQ(run.config_file, "configs/smoke.json");
    EXPECT_EQ(run.seed, "99");
    EXPECT_EQ(run.status, "ERROR");
    EXPECT_FALSE(run.interrupted);
    EXPECT_TRUE(run.restored);
    EXPECT_EQ(run.hash, document["test"]["metadata"]["test"]["test-history"]["hash"]);
    EXPECT_EQ(run.previous_hash, "00aa");
}

TEST(RunRecord, TheRunRowNamesWhereItRanAndEachDeviceItsDriver)
{
    const auto record = record_of(sample_result(SampleRun{}.on("lab7", "ice")));
    EXPECT_EQ(record.run.host, "lab7");
    EXPECT_EQ(record.run.kernel_release, "6.1.0-18-amd64");
    EXPECT_EQ(record.run.cpu_model, "Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz");
    EXPECT_EQ(record.run.hammer_version, "0.1.0");
    EXPECT_EQ(record.run.dpdk_version, "DPDK 22.11.4");
    const DeviceRow dut1{"dut1", "p0", "kernel", "ice", "1.0", "4.40", "0000:3b:00.0", "8086:1592"};
    auto dut2 = dut1;
    dut2.node_id = "dut2";
    EXPECT_EQ(record.devices, (std::vector<DeviceRow>{dut1, dut2}));
}

TEST(RunRecord, ADocumentOfAnOlderHammerHasNoHostAndNoDevices)
{
    const auto record = record_of(sample_result({}));
    EXPECT_EQ(record.run.host, "");
    EXPECT_EQ(record.run.kernel_release, "");
    EXPECT_EQ(record.run.dpdk_version, "");
    EXPECT_EQ(record.run.hammer_version, "0.1.0") << "test.metadata.hammer.version was always there";
    EXPECT_TRUE(record.devices.empty());
}

TEST(RunRecord, OneStepRowPerStepInTheOrderTheyStarted)
{
    const auto steps = record_of(sample_result(SampleRun{}.unfinished())).steps;
    ASSERT_EQ(steps.size(), 5U);
    EXPECT_EQ(steps[1], (StepRow{.pair_id = "pair0",
                                 .step = 1,
                                 .slot = 1,
                                 .operation_id = "flap",
                                 .operation = "link_flap",
                                 .loop = 1,
                                 .outcome = "FAIL",
                                 .phase = "verify",
                                 .message = "MTU read back 1500, expected 9000",
                                 .start_time = "2026-11-18T11:06:41.010Z",
                                 .planned_start_ms = 1000,
                                 .planned_ms = 2000,
                                 .start_ms = 1010,
                                 .actual_ms = 2250,
                                 .overrun_ms = 250,
                                 .setup_attempts = 1}));
    // The step the run died in: what died with the process is null.
    EXPECT_EQ(steps[4].outcome, "ERROR");
    EXPECT_EQ(steps[4].phase, "interrupted");
    EXPECT_EQ(steps[4].loop, 2);
    EXPECT_EQ(steps[4].actual_ms, std::nullopt);
    EXPECT_EQ(steps[4].setup_attempts, std::nullopt);
}

TEST(RunRecord, CountersKeepTheirValuesAsJson)
{
    EXPECT_EQ(record_of(sample_result({})).counters,
              (std::vector<CounterRow>{{"dut1", "p0", "rx", "bytes", "64000"},
                                       {"dut1", "p0", "rx", "packets", "1000"},
                                       {"dut1", "p0", "tx", "carrier", "\"up\""},
                                       {"dut1", "p0", "tx", "packets", "990"}}));
}

TEST(RunRecord, TheDocumentIsKeptWhole)
{
    const auto document = sample_result({});
    EXPECT_EQ(nlohmann::json::parse(record_of(document).document), document);
}

TEST(RunRecord, NamesTheMemberThatIsMissingOrWrong)
{
    auto document = sample_result({});
    document["test"]["metadata"]["hammer"].erase("run-id");
    EXPECT_EQ(refusal(document), "result member /test/metadata/hammer/run-id is missing");

    document = sample_result({});
    document["test"]["metadata"]["hammer"]["seed"] = "7";
    EXPECT_EQ(refusal(document), "result member /test/metadata/hammer/seed is not a non-negative integer");

    document = sample_result({});
    document["test"]["results"]["pairs"][0]["steps"][2]["loop"] = nullptr;
    EXPECT_EQ(refusal(document), "result member /test/results/pairs/0/steps/2/loop is not an integer");

    document = sample_result({});
    document["test"]["results"]["node"] = nlohmann::json::object();
    EXPECT_THAT(refusal(document), HasSubstr("/test/results/node is not an array"));
}

TEST(RunRecord, RefusesAResultOfANewerStructureAndReadsOlderOnes)
{
    auto document = sample_result({});
    document["version"] = "99.0.0";
    EXPECT_THAT(refusal(document), HasSubstr("result member /version: result version 99.0.0 is newer than this "
                                             "hammer reads"));
    // A result of hammer before results had their own version: the topology's.
    document = sample_result({});
    document["version"] = "0.1.0";
    document.erase("topology-version");
    EXPECT_EQ(record_of(document).run.run_id, "run-42");
}

} // namespace
} // namespace hammer::store
