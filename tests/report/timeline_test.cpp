#include "src/report/timeline.hpp"

#include "src/report/read_run.hpp"
#include "src/report/report.hpp"
#include "tests/report/report_documents.hpp"

#include <gtest/gtest.h>

#include <regex>

namespace hammer::report {
namespace {

RunView two_pair_run()
{
    return read_run(testing::two_pair_document(), "two-pair.json");
}

/// The last steps end at 10.000 s, the planned duration: ticks every second make the axis 0–10 s.
constexpr double axis_end_ms = 10000.0;

double x_of(double ms)
{
    return TimeAxis::left + ms / axis_end_ms * TimeAxis::width;
}

TEST(Timeline, AxisCoversTheRunAtRoundTicks)
{
    const auto layout = gantt_layout(two_pair_run());
    EXPECT_DOUBLE_EQ(layout.axis.ticks.step, 1000.0);
    EXPECT_DOUBLE_EQ(layout.axis.ticks.end, axis_end_ms);
    EXPECT_EQ(layout.axis.ticks.values.size(), 11U);
}

TEST(Timeline, OneRowPerPairAndOneBarPerStepAtItsTimes)
{
    const auto layout = gantt_layout(two_pair_run());
    ASSERT_EQ(layout.rows.size(), 2U);
    const auto& pair0 = layout.rows[0];
    EXPECT_EQ(pair0.pair_id, "pair0");
    ASSERT_EQ(pair0.bars.size(), 2U);
    // flap: start-ms 10, actual-ms 4000.
    EXPECT_DOUBLE_EQ(pair0.bars[0].x, x_of(10));
    EXPECT_DOUBLE_EQ(pair0.bars[0].width, x_of(4010) - x_of(10));
    EXPECT_EQ(pair0.bars[0].outcome, "PASS");
    EXPECT_EQ(pair0.bars[0].label, "flap");
    // jumbo: start-ms 4020, actual-ms 5980.
    EXPECT_DOUBLE_EQ(pair0.bars[1].x, x_of(4020));
    EXPECT_DOUBLE_EQ(pair0.bars[1].width, x_of(10000) - x_of(4020));
    EXPECT_EQ(pair0.bars[1].outcome, "ERROR");

    const auto& pair1 = layout.rows[1];
    EXPECT_DOUBLE_EQ(pair1.y - pair0.y, GanttLayout::row_height);
    ASSERT_EQ(pair1.bars.size(), 2U);
    EXPECT_DOUBLE_EQ(pair1.bars[0].x, x_of(12));
    EXPECT_DOUBLE_EQ(pair1.bars[0].width, x_of(6002) - x_of(12));
    EXPECT_EQ(pair1.bars[0].outcome, "FAIL");
    EXPECT_EQ(pair1.bars[1].outcome, "SKIP");
}

TEST(Timeline, OverlappingStepsOfDifferentPairsShareTheAxis)
{
    // pair0's flap (0.01–4.01 s) and pair1's jumbo (0.012–6.002 s) ran at the same time.
    const auto layout = gantt_layout(two_pair_run());
    const auto& flap = layout.rows[0].bars[0];
    const auto& jumbo = layout.rows[1].bars[0];
    EXPECT_LT(jumbo.x, flap.x + flap.width);
    EXPECT_LT(flap.x, jumbo.x + jumbo.width);
}

TEST(Timeline, RecoveryAndLostEndpointAreMarkedWhereTheyHappened)
{
    const auto layout = gantt_layout(two_pair_run());
    ASSERT_EQ(layout.rows[0].markers.size(), 1U);
    EXPECT_FALSE(layout.rows[0].markers[0].lost);
    EXPECT_DOUBLE_EQ(layout.rows[0].markers[0].x, x_of(5000));
    EXPECT_NE(layout.rows[0].markers[0].tooltip.find("recovery of host/b0, attempt 1, PASS"), std::string::npos);
    ASSERT_EQ(layout.rows[1].markers.size(), 1U);
    EXPECT_TRUE(layout.rows[1].markers[0].lost);
    EXPECT_DOUBLE_EQ(layout.rows[1].markers[0].x, x_of(7000));
}

TEST(Timeline, SvgDrawsEachBarWithItsGeometryAndTooltip)
{
    const auto page = render_html({{testing::two_pair_document(), "two-pair.json"}});
    const std::regex bar{R"re(<rect class="bar" data-outcome="(\w+)" data-steps="1" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)")re"};
    std::vector<std::smatch> bars;
    for (auto it = std::sregex_iterator{page.begin(), page.end(), bar}; it != std::sregex_iterator{}; ++it) {
        bars.push_back(*it);
    }
    ASSERT_EQ(bars.size(), 4U);
    EXPECT_EQ(bars[0][1], "PASS");
    EXPECT_EQ(bars[0][2], "171"); // 170 + 10 / 10000 * 1000
    EXPECT_EQ(bars[0][3], "12");  // row 0 at 8, bar 4 below its top
    EXPECT_EQ(bars[0][4], "400"); // 4000 / 10000 * 1000
    EXPECT_EQ(bars[1][1], "ERROR");
    EXPECT_EQ(bars[1][2], "572"); // 170 + 4020 / 10000 * 1000
    EXPECT_EQ(bars[1][4], "598"); // 5980 / 10000 * 1000
    EXPECT_EQ(bars[2][1], "FAIL");
    EXPECT_EQ(bars[2][3], "38");  // row 1 at 8 + 26
    EXPECT_NE(page.find("<title>pair0 \u00B7 flap (link_flap), loop 1, slot 0\nPASS in verify\nstart 10 ms (2026-11-18T11:06:40.010Z), took 4.00 s"),
              std::string::npos);
    EXPECT_NE(page.find("<title>pair0: host/a0 \u2194 host/b0, link l0</title>"), std::string::npos);
    EXPECT_NE(page.find(R"(<path class="marker recovery")"), std::string::npos);
    EXPECT_NE(page.find(R"(<path class="marker lost")"), std::string::npos);
    EXPECT_NE(page.find(R"(<svg class="gantt" id="run-0-gantt")"), std::string::npos);
}

TEST(Timeline, AStepTheRunDiedInIsDrawnOverItsPlannedSlot)
{
    auto document = testing::two_pair_document();
    auto& step = document["test"]["results"]["pairs"][0]["steps"][1];
    step["actual-ms"] = nullptr;
    step["planned-ms"] = 6000;
    const auto layout = gantt_layout(read_run(document, "died.json"));
    const auto& bar = layout.rows[0].bars[1];
    EXPECT_TRUE(bar.interrupted);
    // The slot ends at 10.020 s: the axis grows to 12 s to hold it.
    EXPECT_DOUBLE_EQ(layout.axis.ticks.end, 12000.0);
    EXPECT_DOUBLE_EQ(bar.x, TimeAxis::left + 4020.0 / 12000.0 * TimeAxis::width);
    EXPECT_DOUBLE_EQ(bar.width, 6000.0 / 12000.0 * TimeAxis::width);
    EXPECT_NE(bar.tooltip.find("took unknown (the run ended in it)"), std::string::npos);
}

TEST(Timeline, ALongRunIsDrawnInGroupsColouredByTheirWorstStep)
{
    const auto run = read_run(testing::long_document(1500, 0), "long.json");
    const auto layout = gantt_layout(run);
    ASSERT_EQ(layout.rows.size(), 1U);
    const auto& row = layout.rows[0];
    EXPECT_TRUE(row.grouped);
    EXPECT_LE(row.bars.size(), max_bars_per_pair);
    std::size_t steps = 0;
    std::size_t failing_groups = 0;
    for (const auto& bar : row.bars) {
        steps += bar.step_count;
        failing_groups += bar.outcome == "FAIL" ? 1 : 0;
    }
    EXPECT_EQ(steps, 1500U);
    // Steps 99, 199, …, 1499 failed: 15 of them, each in a group of its own stretch.
    EXPECT_EQ(failing_groups, 15U);
    const auto page = render_html({{testing::long_document(1500, 0), "long.json"}});
    EXPECT_NE(page.find("pair0: 1,500 steps drawn as " + std::to_string(row.bars.size()) + " bars"), std::string::npos);
}

} // namespace
} // namespace hammer::report
