#include "src/report/read_run.hpp"

#include "src/common/diagnostics.hpp"
#include "src/record/uti.hpp"
#include "src/report/report.hpp"
#include "tests/report/report_documents.hpp"

#include <gtest/gtest.h>

namespace hammer::report {
namespace {

using nlohmann::json;

/// The diagnostics render_html throws for `inputs`, each as "file: location: message".
std::vector<std::string> problems_of(const std::vector<ReportInput>& inputs)
{
    try {
        (void)render_html(inputs);
    } catch (const InputError& error) {
        std::vector<std::string> lines;
        for (const auto& diagnostic : error.diagnostics()) {
            lines.push_back(diagnostic.to_string());
        }
        return lines;
    }
    return {};
}

TEST(ReadRun, ReadsWhatTheReportShows)
{
    const auto run = read_run(testing::two_pair_document(), "r.json");
    EXPECT_EQ(run.run_id, "run-42");
    EXPECT_EQ(run.status, "ERROR");
    EXPECT_EQ(run.seed, "7");
    ASSERT_EQ(run.pairs.size(), 2U);
    EXPECT_EQ(run.pairs[1].a.tp_id, "a1");
    ASSERT_EQ(run.pairs[1].traffic.size(), 2U);
    EXPECT_EQ(run.pairs[1].traffic[0].latency->p99_ns, 12000.0);
    EXPECT_FALSE(run.pairs[1].traffic[1].latency);
    EXPECT_EQ(run.pairs[1].samples.size(), 6U);
    EXPECT_TRUE(run.pairs[0].records_traffic);
    ASSERT_EQ(run.pairs[0].events.size(), 1U);
    EXPECT_EQ(run.pairs[0].events[0].at_ms, 5000.0);
    EXPECT_EQ(run.commands.size(), 3U);
    EXPECT_TRUE(run.commands[2].failed);
    ASSERT_TRUE(run.totals);
    EXPECT_EQ(run.totals->total.tx_packets, 11000U);
}

TEST(ReadRun, NamesTheFileAndPointerOfAMistypedMember)
{
    auto document = testing::two_pair_document();
    document["test"]["results"]["pairs"][1]["steps"][0]["outcome"] = "MAYBE";
    document["test"]["results"]["pairs"][0]["steps"][1]["start-ms"] = "soon";
    document["test"]["results"]["pairs"][1]["traffic"][0]["tx-packets"] = -3;
    EXPECT_EQ(problems_of({{document, "runs/x/result.json"}}),
              (std::vector<std::string>{
                  "runs/x/result.json: /test/results/pairs/0/steps/1/start-ms: expected a number, found a string "
                  "(\"soon\")",
                  "runs/x/result.json: /test/results/pairs/1/steps/0/outcome: must be one of \"PASS\", \"FAIL\", "
                  "\"ERROR\", \"SKIP\", found \"MAYBE\"",
                  "runs/x/result.json: /test/results/pairs/1/traffic/0/tx-packets: must not be negative, found -3"}));
}

TEST(ReadRun, NamesMissingRequiredMembers)
{
    auto document = testing::two_pair_document();
    document["test"]["metadata"]["test_execution"].erase("status");
    document["test"]["results"]["pairs"][0].erase("steps");
    EXPECT_EQ(problems_of({{document, "r.json"}}),
              (std::vector<std::string>{"r.json: /test/metadata/test_execution/status: required member is missing",
                                        "r.json: /test/results/pairs/0/steps: required member is missing"}));
    EXPECT_EQ(problems_of({{json::array(), "list.json"}}),
              (std::vector<std::string>{"list.json: expected an object, found an array"}));
}

TEST(ReadRun, ReadsBothVersionsAndRefusesANewerStructure)
{
    auto document = testing::two_pair_document();
    const auto run = read_run(document, "r.json");
    EXPECT_EQ(run.result_version, std::string{record::result_version});
    EXPECT_EQ(run.topology_version, "0.1.0");

    // A result of hammer before results had their own version: `version` is the topology's.
    document["version"] = "0.1.0";
    document.erase("topology-version");
    const auto old = read_run(document, "old.json");
    EXPECT_EQ(old.result_version, "0.1.0");
    EXPECT_EQ(old.topology_version, "0.1.0");

    document["version"] = "99.1.0";
    EXPECT_EQ(problems_of({{document, "new.json"}}),
              (std::vector<std::string>{"new.json: /version: result version 99.1.0 is newer than this hammer reads (" +
                                        std::string{record::result_version} + "): it was written by a newer hammer"}));
}

TEST(ReadRun, ReportsEveryBadInputAtOnce)
{
    auto broken = testing::two_pair_document();
    broken["test"]["metadata"]["hammer"]["run-id"] = 5;
    const auto good = testing::two_pair_document();
    EXPECT_EQ(problems_of({{broken, "a.json"}, {good, "b.json"}, {json::object(), "c.json"}}),
              (std::vector<std::string>{"a.json: /test/metadata/hammer/run-id: expected a string, found a number (5)",
                                        "c.json: /test: required member is missing"}));
}

TEST(ReadRun, ReportsTheFirstThreeBadEntriesOfAnArray)
{
    auto document = testing::long_document(50, 0);
    for (auto& step : document["test"]["results"]["pairs"][0]["steps"]) {
        step.erase("planned-ms");
    }
    EXPECT_EQ(problems_of({{document, "r.json"}}),
              (std::vector<std::string>{"r.json: /test/results/pairs/0/steps/0/planned-ms: required member is missing",
                                        "r.json: /test/results/pairs/0/steps/1/planned-ms: required member is missing",
                                        "r.json: /test/results/pairs/0/steps/2/planned-ms: required member is missing"}));
}

} // namespace
} // namespace hammer::report
