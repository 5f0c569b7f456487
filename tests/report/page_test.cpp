#include "src/report/report.hpp"

#include "src/report/history_tables.hpp"
#include "tests/report/report_documents.hpp"

#include <gtest/gtest.h>


namespace hammer::report {
namespace {

using nlohmann::json;

std::size_t occurrences(const std::string& text, const std::string& needle)
{
    std::size_t count = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) {
        ++count;
    }
    return count;
}

/// The text between the first `start` and the next `end` after it ("" when absent).
std::string between(const std::string& text, const std::string& start, const std::string& end)
{
    const auto from = text.find(start);
    if (from == std::string::npos) {
        return {};
    }
    const auto to = text.find(end, from + start.size());
    return to == std::string::npos ? std::string{} : text.substr(from + start.size(), to - from - start.size());
}

std::string page_of(const json& document, const std::string& file = "result.json")
{
    return render_html({{document, file}});
}

TEST(Page, IsOneFileThatFetchesAndRunsNothing)
{
    const auto page = page_of(testing::two_pair_document());
    EXPECT_EQ(page.rfind("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>", 0), 0U);
    EXPECT_NE(page.find(R"(<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;)"),
              std::string::npos);
    for (const char* reference : {"<script", "<link", "<img", "src=", "url(", "@import", "http://", "https://"}) {
        EXPECT_EQ(page.find(reference), std::string::npos) << reference;
    }
}

TEST(Page, SummaryGivesTheVerdictAndHowToRepeatTheRun)
{
    const auto page = page_of(testing::two_pair_document());
    EXPECT_NE(page.find(R"(<div class="verdict v-ERROR" id="run-0-verdict"><span class="status">ERROR</span>)"),
              std::string::npos);
    EXPECT_NE(page.find("1 step ended in ERROR"), std::string::npos);
    EXPECT_NE(page.find("<th>seed</th><td>7 (--seed)</td>"), std::string::npos);
    EXPECT_NE(page.find("<th>topology</th><td>topologies/bench.json (network bench)</td>"), std::string::npos);
    EXPECT_NE(page.find("4 steps: 1 passed, 1 failed, 1 errored, 1 skipped."), std::string::npos);
    // Totals: forward 6,000 + 2,000 sent, 5,900 + 2,000 received.
    EXPECT_NE(page.find(R"(<th>forward (a → b)</th><td class="number">8,000</td><td class="number">7,900</td><td class="number bad">100</td>)"),
              std::string::npos);
    // The steps that went wrong, with their messages.
    EXPECT_NE(page.find(R"(<td class="o-FAIL">FAIL</td><td>verify</td><td class="message">frames dropped</td>)"),
              std::string::npos);
}

TEST(Page, EscapesEveryTextFromTheDocument)
{
    auto document = testing::two_pair_document();
    auto& pair = document["test"]["results"]["pairs"][1];
    pair["pair-id"] = R"("><svg onload=alert(2)>)";
    pair["steps"][0]["operation-id"] = "a&b<i>";
    document["network"]["node"][0]["command-history"][0]["command"] = "ip link set </td><script>x()</script>";
    document["test"]["metadata"]["hammer"]["run-id"] = "<b>run</b>";
    const auto page = page_of(document, "dir/<evil>.json");

    EXPECT_EQ(page.find("<script"), std::string::npos);
    EXPECT_EQ(page.find("<svg onload"), std::string::npos);
    EXPECT_EQ(page.find("<b>run"), std::string::npos);
    EXPECT_EQ(page.find("<i>"), std::string::npos);
    EXPECT_EQ(page.find("<evil>"), std::string::npos);
    EXPECT_NE(page.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; &#39;single&#39;"),
              std::string::npos);
    EXPECT_NE(page.find(R"(data-pair="&quot;&gt;&lt;svg onload=alert(2)&gt;")"), std::string::npos);
    EXPECT_NE(page.find("a&amp;b&lt;i&gt;"), std::string::npos);
    EXPECT_NE(page.find("ip link set &lt;/td&gt;&lt;script&gt;x()&lt;/script&gt;"), std::string::npos);
    EXPECT_NE(page.find("dir/&lt;evil&gt;.json"), std::string::npos);
}

TEST(Page, ACommandAndResponseGivenAsJsonObjectsAreShownAsJson)
{
    // A topology may give them so (docs/topology.md); the result carries them as written.
    auto document = testing::two_pair_document();
    auto& command = document["network"]["node"][0]["command-history"][0];
    command["command"] = {{"op", "set"}, {"mtu", 9000}};
    command["response"] = {{"status", "ok"}};
    const auto page = page_of(document, "result.json");
    EXPECT_NE(page.find("{&quot;mtu&quot;:9000,&quot;op&quot;:&quot;set&quot;}"), std::string::npos);
    EXPECT_NE(page.find("{&quot;status&quot;:&quot;ok&quot;}"), std::string::npos);
}

TEST(Page, SameInputSameBytes)
{
    const auto document = testing::two_pair_document();
    const auto first = render_html({{document, "a.json"}, {document, "b.json"}});
    // Parsed again from its text, as hammer report reads it.
    const auto reparsed = json::parse(document.dump(2));
    EXPECT_EQ(first, render_html({{reparsed, "a.json"}, {reparsed, "b.json"}}));
}

TEST(Page, ThroughputComesFromSamplesAndLatencyFromMeasurements)
{
    const auto page = page_of(testing::two_pair_document());
    // pair1 has per-second samples: lines, forward and reverse, received and sent.
    EXPECT_NE(page.find(R"(<svg class="chart throughput" id="run-0-pair1-throughput")"), std::string::npos);
    EXPECT_NE(page.find(R"(<g class="series forward rx" data-series="forward received"><polyline points=")"),
              std::string::npos);
    EXPECT_NE(page.find(R"(<g class="series reverse tx" data-series="reverse sent"><polyline points=")"),
              std::string::npos);
    EXPECT_NE(page.find("throughput, per-second samples"), std::string::npos);
    // Its forward measurement had latency with p99; the reverse one had none.
    EXPECT_NE(page.find(R"(<svg class="chart latency" id="run-0-pair1-latency")"), std::string::npos);
    EXPECT_NE(page.find(R"(data-series="forward avg")"), std::string::npos);
    EXPECT_NE(page.find(R"(data-series="forward p99")"), std::string::npos);
    EXPECT_EQ(page.find(R"(data-series="reverse avg")"), std::string::npos);
    EXPECT_NE(page.find("min 900 ns, avg 2.50 \u00B5s, max 40.0 \u00B5s, p99 12.0 \u00B5s"), std::string::npos);
    // pair0 has a measurement but no samples: a dot per measurement, no latency chart.
    EXPECT_NE(page.find(R"(<svg class="chart throughput" id="run-0-pair0-throughput")"), std::string::npos);
    EXPECT_NE(page.find("throughput, per measurement (no per-second samples)"), std::string::npos);
    EXPECT_NE(page.find("forward \u00B7 jumbo at 9.00 s: 500 pps (256 kbps) received"), std::string::npos);
    EXPECT_EQ(page.find(R"(id="run-0-pair0-latency")"), std::string::npos);
    EXPECT_NE(page.find("No measurement of this pair recorded latency."), std::string::npos);
    // The y axis says its unit.
    EXPECT_NE(page.find(R"(font-weight="bold" fill="#222">pps</text>)"), std::string::npos);
    EXPECT_NE(page.find(R"(font-weight="bold" fill="#222">µs</text>)"), std::string::npos);
}

TEST(Page, ThroughputResultsShowBoundsTrialsAndWhatRanOnTheOtherPairs)
{
    auto document = testing::two_pair_document();
    const json bound = {{"rate", {{"value", 40000.0}, {"unit", "pps"}}},
                        {"forward", {{"rate", {{"value", 20000.0}, {"unit", "pps"}}},
                                     {"bandwidth", {{"value", 14080000.0}, {"unit", "bps"}}}}}};
    const json result = {
        {"type", "NDRPDR"},
        {"ndr", {{"loss-ratio", 0.0}, {"lower", bound}, {"upper", nullptr}, {"relative-width", 0.0},
                 {"width-reached", true}}},
        {"pdr", {{"loss-ratio", 0.005}, {"lower", nullptr}, {"upper", bound}, {"relative-width", 1.0},
                 {"width-reached", false}}},
        {"search", {{"complete", false}, {"stopped-because", "time budget"}, {"elapsed-ms", 4000}}},
        {"latency", {{"forward", {{"pdr_50", {{"rate-pps", 10000.0}, {"p50-ns", 1500.0}, {"p90-ns", 2000.0},
                                               {"p99-ns", 3000.0}, {"max-ns", 9000.0}}}}}}},
        {"trials", json::array({{{"phase", 0}, {"rate-pps", 20000.0}, {"duration-ms", 250}, {"offered", 10000U},
                                 {"received", 9900U}, {"loss-ratio", 0.01}}})}};
    // pair1's jumbo step ran 0.012-6.002 s; pair0 flapped 0.010-4.010 s and sent jumbo frames from 4.020 s.
    document["test"]["results"]["pairs"][1]["throughput"] =
        json::array({{{"operation-id", "jumbo"}, {"type", "NDRPDR"}, {"at-ms", 5000}, {"result", result}}});
    const auto page = page_of(document);
    const auto section = between(page, R"(id="run-0-throughput")", "</section>");
    EXPECT_NE(section.find("pair1 · jumbo (NDRPDR), stopped by time budget: best bounds so far"),
              std::string::npos);
    EXPECT_NE(section.find(R"(<tr class="bound" data-threshold="ndr"><td>NDR</td><td class="number">0 %</td>)"
                           R"(<td class="number">20.0 kpps</td>)"),
              std::string::npos);
    EXPECT_NE(section.find("none (the maximum passed)"), std::string::npos);
    EXPECT_NE(section.find(R"(<td class="number bad">not found</td>)"), std::string::npos);
    EXPECT_NE(section.find(R"(<span class="control" data-pair="pair0">pair0 flap (control) 0.0)"), std::string::npos);
    EXPECT_NE(section.find(R"(<span class="traffic" data-pair="pair0">pair0 jumbo 4.0)"), std::string::npos);
    EXPECT_NE(section.find("<td>pdr_50</td>"), std::string::npos);
    EXPECT_NE(section.find("<summary>1 trials</summary>"), std::string::npos);
    EXPECT_NE(page.find(R"(<a href="#run-0-throughput">throughput</a>)"), std::string::npos);
}

TEST(Page, SamplePausesAreGapsNotSlopes)
{
    auto document = testing::two_pair_document();
    auto& samples = document["test"]["results"]["pairs"][1]["samples"];
    // A forward sample 5 s after the last: a pause in traffic.
    auto late = samples[0];
    late["at-ms"] = 8012;
    samples.push_back(late);
    const auto page = page_of(document);
    const auto chart = between(page, R"(id="run-0-pair1-throughput")", "</svg>");
    const auto forward_rx = between(chart, R"(<g class="series forward rx" data-series="forward received">)", "</g>");
    EXPECT_EQ(occurrences(forward_rx, "<polyline"), 1U);
    EXPECT_EQ(occurrences(forward_rx, "<circle"), 1U); // the lone sample after the pause
}

TEST(Page, OlderResultsWithoutTrafficOrSamplesRender)
{
    auto document = testing::two_pair_document();
    for (auto& pair : document["test"]["results"]["pairs"]) {
        pair.erase("traffic");
        pair.erase("samples");
    }
    const auto page = page_of(document);
    EXPECT_EQ(page.find(R"(class="chart)"), std::string::npos);
    EXPECT_EQ(occurrences(page, R"(<p class="note no-traffic">This result has no per-pair traffic)"), 2U);
    // The rest is all there.
    EXPECT_NE(page.find(R"(id="run-0-gantt")"), std::string::npos);
    EXPECT_NE(page.find(R"(id="run-0-matrix")"), std::string::npos);
}

TEST(Page, APairWithoutTrafficSaysSo)
{
    auto document = testing::two_pair_document();
    document["test"]["results"]["pairs"][0]["traffic"] = json::array();
    const auto page = page_of(document);
    EXPECT_NE(page.find(R"(<p class="note no-traffic">No traffic was measured on this pair.</p>)"), std::string::npos);
}

TEST(Page, EachControlChangeUnderTrafficShowsItsOutage)
{
    auto document = testing::two_pair_document();
    document["test"]["results"]["pairs"][1]["outages"] = json::array(
        {{{"at-ms", 4100}, {"timestamp", "2026-11-22T00:00:04.100Z"}, {"operation-id", "link_flap"},
          {"node-id", "dut"}, {"tp-id", "b0"}, {"change", "link down 500 ms"}, {"lost-packets", 10004},
          {"offered-pps", 20000.0}, {"window-ms", 600}, {"outage-ms", 500.2}},
         {{"at-ms", 5200}, {"timestamp", "2026-11-22T00:00:05.200Z"}, {"operation-id", "mtu_change"},
          {"node-id", "dut"}, {"tp-id", "b0"}, {"change", "mtu 9000"}, {"lost-packets", 0},
          {"offered-pps", 20000.0}, {"window-ms", 250}, {"outage-ms", 0.0}}});
    const auto page = page_of(document);
    const auto table = between(page, R"(<table class="outages">)", "</table>");
    ASSERT_FALSE(table.empty());
    EXPECT_EQ(occurrences(table, R"(<tr class="outage">)"), 2U);
    EXPECT_NE(table.find("<td>link down 500 ms</td><td class=\"number\">500.2 ms</td>"
                         "<td class=\"number bad\">10,004</td>"),
              std::string::npos)
        << table;
    EXPECT_NE(table.find("<td>dut/b0</td>"), std::string::npos) << table;
    // The other pair changed nothing under traffic: no table for it.
    EXPECT_EQ(occurrences(page, R"(<table class="outages">)"), 1U);
}

TEST(Page, CountersShowEachTerminationPointAndFlagErrors)
{
    const auto page = page_of(testing::two_pair_document());
    EXPECT_NE(page.find(R"(<tr class="tp"><td>host</td><td>a0</td><td>errors</td><td class="number bad">2</td><td class="number">—</td></tr>)"),
              std::string::npos);
    EXPECT_NE(page.find(R"(<td>packets</td><td class="number">10</td><td class="number">12</td>)"), std::string::npos);
    EXPECT_NE(page.find(R"(<td>a1</td><td colspan="3" class="note">no counters recorded</td>)"), std::string::npos);
}

TEST(Page, CommandHistoryInTimeOrderWithFailuresMarked)
{
    const auto page = page_of(testing::two_pair_document());
    const auto down = page.find("ip link set dev hm0a down");
    const auto up = page.find("ip link set dev hm0a up");
    const auto failed = page.find(R"(<tr class="command failed">)");
    ASSERT_NE(down, std::string::npos);
    EXPECT_LT(down, up);
    EXPECT_LT(up, failed);
    EXPECT_NE(page.find(R"(<td class="code">ip link set dev hm1a down</td><td class="number bad">95</td>)"),
              std::string::npos);
    EXPECT_NE(page.find("<td>pre-test</td>"), std::string::npos);
    EXPECT_NE(page.find(R"(<tr class="state bad">)"), std::string::npos); // lost
}

TEST(Page, LongHistoriesAreCappedWithANote)
{
    const auto page = page_of(testing::long_document(10, 1200));
    EXPECT_EQ(occurrences(page, R"(<tr class="command">)"), max_history_rows);
    EXPECT_NE(page.find("700 entries left out (251 to 950 of 1,200); result.json has them all."), std::string::npos);
    EXPECT_NE(page.find("mtu 1749<"), std::string::npos);  // entry 250, the last of the head
    EXPECT_EQ(page.find("mtu 1750<"), std::string::npos);  // entry 251, the first left out
    EXPECT_NE(page.find("mtu 2699<"), std::string::npos);  // entry 1,200, the last
}

TEST(Page, ComparesSeveralRuns)
{
    const auto first = testing::two_pair_document();
    auto second = testing::long_document(4, 0);
    second["test"]["metadata"]["hammer"]["run-id"] = "run-43";
    second["test"]["metadata"]["hammer"]["seed"] = 8;
    const auto page = render_html({{first, "runs/a/result.json"}, {second, "runs/b/result.json"}});

    EXPECT_NE(page.find("<title>hammer report: 2 runs</title>"), std::string::npos);
    const auto comparison = between(page, R"(<table class="comparison-table">)", "</table>");
    EXPECT_EQ(occurrences(comparison, "<tr data-run="), 2U);
    // Operation columns in the order the runs first ran them: flap, jumbo (run 1), mtu (run 2).
    EXPECT_NE(comparison.find(R"(<th class="operation">flap</th><th class="operation">jumbo</th><th class="operation">mtu</th>)"),
              std::string::npos);
    // Run 1: flap passed once and was skipped once; jumbo failed and errored.
    EXPECT_NE(comparison.find(R"(data-run="0" data-operation="flap" title="P 1 S 1">1/1 (100 %)</td>)"), std::string::npos);
    EXPECT_NE(comparison.find(R"(data-run="0" data-operation="jumbo" title="F 1 E 1">0/2 (0 %)</td>)"), std::string::npos);
    EXPECT_NE(comparison.find(R"(<td class="rate" data-run="0" data-operation="mtu">not run</td>)"), std::string::npos);
    // Run 2: steps 0 and 2 flap, 1 and 3 mtu, all passed.
    EXPECT_NE(comparison.find(R"(data-run="1" data-operation="mtu" title="P 2">2/2 (100 %)</td>)"), std::string::npos);
    EXPECT_NE(comparison.find(R"(<td class="status o-ERROR">ERROR</td><td class="number">7</td>)"), std::string::npos);
    EXPECT_NE(comparison.find(R"(<td class="status o-FAIL">FAIL</td><td class="number">8</td>)"), std::string::npos);
    EXPECT_NE(comparison.find("runs/b/result.json"), std::string::npos);
    // Totals over both directions: 11,000 sent, 10,900 received by run 1; nothing by run 2.
    EXPECT_NE(comparison.find(R"(<td class="number">11,000</td><td class="number">10,900</td><td class="number bad">100</td>)"),
              std::string::npos);
    // And each run's own sections follow.
    EXPECT_NE(page.find(R"(<article class="run" id="run-0" data-run-id="run-42">)"), std::string::npos);
    EXPECT_NE(page.find(R"(<article class="run" id="run-1" data-run-id="run-43">)"), std::string::npos);
    EXPECT_NE(page.find(R"(id="run-1-gantt")"), std::string::npos);
}

TEST(Page, OneRunHasNoComparison)
{
    const auto page = page_of(testing::two_pair_document());
    EXPECT_EQ(page.find(R"(<table class="comparison-table">)"), std::string::npos);
    EXPECT_EQ(page.find(R"(id="comparison")"), std::string::npos);
}

} // namespace
} // namespace hammer::report
