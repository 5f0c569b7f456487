#include "src/schedule/plan_render.hpp"

#include "src/config/run_config.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace hammer::schedule {
namespace {

using nlohmann::json;

struct Fixture {
    config::RunConfig config;
    std::vector<topology::Pair> pairs;
    Schedule schedule;
};

Fixture make_fixture()
{
    Fixture f;
    f.config = config::load_run_config(
        json{{"duration", 64}, {"target_slot", 8}, {"operations", {"link_flap", "mtu_change"}}}, "c.json");
    for (int i = 0; i < 2; ++i) {
        topology::Pair pair;
        pair.id = "pair" + std::to_string(i);
        pair.a.node_id = "a";
        pair.a.tp.id = "p" + std::to_string(i);
        pair.b.node_id = "b";
        pair.b.tp.id = "p" + std::to_string(i);
        f.pairs.push_back(pair);
    }
    f.schedule = make_schedule(f.config, {"pair0", "pair1"}, 5);
    return f;
}

TEST(PlanRender, TimelineRowsShowEachPairsOperationsOnOneAxis)
{
    const auto f = make_fixture();
    const auto rows = timeline_rows(f.schedule, 64);
    ASSERT_EQ(rows.size(), 2U);
    for (std::size_t pair = 0; pair < 2; ++pair) {
        ASSERT_EQ(rows[pair].size(), 64U);
        for (std::size_t column = 0; column < 64; ++column) {
            // 64 s over 64 columns: column c shows the slot at c + 0.5 s.
            const auto* slot = f.schedule.slot_at(pair, std::chrono::milliseconds{column * 1000 + 500});
            EXPECT_EQ(rows[pair][column], operation_symbol(slot->operation));
        }
    }
    // Pair 1 starts with the second operation: the rows differ from the first column.
    EXPECT_EQ(rows[0][0], 'A');
    EXPECT_EQ(rows[1][0], 'B');
}

TEST(PlanRender, TextHasTablesTimelineAndLegend)
{
    const auto f = make_fixture();
    std::ostringstream out;
    render_plan_text(f.schedule, f.config, f.pairs, out);
    const auto text = out.str();
    EXPECT_NE(text.find("mode pair-exclusive, order defined, duration 64.000 s, 4 loops of 2 operations, seed 5"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("pair0  a/p0 <-> b/p0  pattern sine"), std::string::npos) << text;
    EXPECT_NE(text.find("pair1  a/p1 <-> b/p1"), std::string::npos) << text;
    EXPECT_NE(text.find("  A link_flap\n  B mtu_change\n"), std::string::npos) << text;
    const auto rows = timeline_rows(f.schedule, timeline_columns);
    EXPECT_NE(text.find("pair0 " + rows[0]), std::string::npos) << text;
    EXPECT_NE(text.find("pair1 " + rows[1]), std::string::npos) << text;
}

TEST(PlanRender, JsonCarriesEverySlot)
{
    const auto f = make_fixture();
    const auto document = plan_to_json(f.schedule, f.config, f.pairs);
    EXPECT_EQ(document.at("seed"), 5);
    EXPECT_EQ(document.at("mode"), "pair-exclusive");
    EXPECT_EQ(document.at("duration_ms"), 64000);
    ASSERT_EQ(document.at("pairs").size(), 2U);
    const auto& slots = document.at("pairs")[1].at("slots");
    ASSERT_EQ(slots.size(), f.schedule.pairs[1].slots.size());
    EXPECT_EQ(slots[0].at("operation"), "mtu_change");
    EXPECT_EQ(slots[0].at("start_ms"), 0);
    EXPECT_EQ(slots.back().at("end_ms"), 64000);
    EXPECT_EQ(document.at("operations")[0].at("params").at("down_seconds"), 2.0);
}

TEST(PlanRender, SymbolsRunOutGracefully)
{
    EXPECT_EQ(operation_symbol(0), 'A');
    EXPECT_EQ(operation_symbol(26), 'a');
    EXPECT_EQ(operation_symbol(61), '9');
    EXPECT_EQ(operation_symbol(62), '*');
}

} // namespace
} // namespace hammer::schedule
