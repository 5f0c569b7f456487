#include "src/schedule/schedule.hpp"

#include "src/common/diagnostics.hpp"
#include "src/config/run_config.hpp"

#include <gtest/gtest.h>

#include <set>

namespace hammer::schedule {
namespace {

using std::chrono::milliseconds;
using nlohmann::json;

config::RunConfig make_config(json overrides = json::object())
{
    json document = {
        {"duration", 120},
        {"minimum_slot", 1},
        {"target_slot", 5},
        {"patterns", {"sine", "cosine", "linear-rising", "exponential-decay"}},
        {"operations", {"link_flap", "mtu_change", "traffic_mix", "stats_snapshot"}},
    };
    document.merge_patch(overrides);
    return config::load_run_config(document, "c.json");
}

std::vector<std::string> pair_ids(std::size_t count)
{
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < count; ++i) {
        ids.push_back("pair" + std::to_string(i));
    }
    return ids;
}

/// Slots of one pair, as (operation, start, length), for comparing schedules.
std::vector<std::tuple<std::size_t, long, long>> flatten(const PairSchedule& pair)
{
    std::vector<std::tuple<std::size_t, long, long>> slots;
    for (const auto& slot : pair.slots) {
        slots.emplace_back(slot.operation, slot.start.count(), slot.length.count());
    }
    return slots;
}

TEST(Schedule, SlotsAreBackToBackAndFillTheDurationExactly)
{
    for (const char* order : {"defined", "random"}) {
        const auto config = make_config({{"order", order}, {"duration", 97.531}});
        const auto schedule = make_schedule(config, pair_ids(5), 11);
        ASSERT_EQ(schedule.pairs.size(), 5U);
        for (const auto& pair : schedule.pairs) {
            milliseconds expected_start{0};
            for (const auto& slot : pair.slots) {
                EXPECT_EQ(slot.start, expected_start);
                EXPECT_GE(slot.length, config.minimum_slot);
                expected_start = slot.end();
            }
            EXPECT_EQ(expected_start, milliseconds{97'531}) << order;
        }
    }
}

TEST(Schedule, EveryOperationRunsOnEveryPairInEveryLoop)
{
    for (const char* order : {"defined", "random"}) {
        const auto config = make_config({{"order", order}});
        const auto schedule = make_schedule(config, pair_ids(3), 5);
        // 120 s / (4 operations × 5 s) = 6 loops.
        EXPECT_EQ(schedule.loops, 6U);
        for (const auto& pair : schedule.pairs) {
            ASSERT_EQ(pair.slots.size(), schedule.loops * config.operations.size());
            for (unsigned loop = 0; loop < schedule.loops; ++loop) {
                std::multiset<std::size_t> seen;
                for (const auto& slot : pair.slots) {
                    if (slot.loop == loop) {
                        seen.insert(slot.operation);
                    }
                }
                EXPECT_EQ(seen, (std::multiset<std::size_t>{0, 1, 2, 3})) << pair.pair_id << " loop " << loop;
            }
        }
    }
}

TEST(Schedule, DefinedOrderFollowsTheMapStartingAtADifferentOperationPerPair)
{
    const auto schedule = make_schedule(make_config(), pair_ids(5), 1);
    for (std::size_t pair = 0; pair < 5; ++pair) {
        const auto& slots = schedule.pairs[pair].slots;
        for (std::size_t i = 0; i < 4; ++i) {
            EXPECT_EQ(slots[i].operation, (pair + i) % 4) << "pair " << pair << " slot " << i;
        }
    }
}

TEST(Schedule, SameSeedSameScheduleOtherSeedAnother)
{
    const auto config = make_config({{"order", "random"}, {"patterns", {"random", "sine"}}});
    const auto first = make_schedule(config, pair_ids(3), 42);
    const auto again = make_schedule(config, pair_ids(3), 42);
    const auto other = make_schedule(config, pair_ids(3), 43);
    bool any_difference = false;
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(flatten(first.pairs[i]), flatten(again.pairs[i]));
        any_difference = any_difference || flatten(first.pairs[i]) != flatten(other.pairs[i]);
    }
    EXPECT_TRUE(any_difference);
}

TEST(Schedule, RandomOrderShufflesLoopsDifferently)
{
    const auto schedule = make_schedule(make_config({{"order", "random"}}), pair_ids(1), 7);
    std::set<std::vector<std::size_t>> orders;
    for (unsigned loop = 0; loop < schedule.loops; ++loop) {
        std::vector<std::size_t> order;
        for (const auto& slot : schedule.pairs[0].slots) {
            if (slot.loop == loop) {
                order.push_back(slot.operation);
            }
        }
        orders.insert(order);
    }
    EXPECT_GT(orders.size(), 1U);
}

TEST(Schedule, ShapesAreHandedOutRoundRobinWithDistinctPhases)
{
    const auto schedule = make_schedule(make_config(), pair_ids(6), 1);
    const patterns::Shape expected[] = {patterns::Shape::sine, patterns::Shape::cosine,
                                        patterns::Shape::linear_rising, patterns::Shape::exponential_decay};
    std::set<double> phases;
    for (std::size_t i = 0; i < 6; ++i) {
        EXPECT_EQ(schedule.pairs[i].shape, expected[i % 4]);
        phases.insert(schedule.pairs[i].phase);
        EXPECT_GE(schedule.pairs[i].phase, 0.0);
        EXPECT_LT(schedule.pairs[i].phase, 1.0);
    }
    EXPECT_EQ(phases.size(), 6U);
}

TEST(Schedule, TwoPairsRunDifferentOperationsAtSomeInstant)
{
    // Even with one flat pattern for all, pairs must not move in lockstep:
    // functional parallelism is the point of the product.
    for (const char* shapes : {"flat", "sine"}) {
        const auto config = make_config({{"patterns", {shapes}}, {"operations", {"link_flap", "mtu_change"}}});
        const auto schedule = make_schedule(config, pair_ids(2), 3);
        bool overlap_of_different = false;
        for (milliseconds t{0}; t < schedule.duration; t += milliseconds{100}) {
            const Slot* a = schedule.slot_at(0, t);
            const Slot* b = schedule.slot_at(1, t);
            ASSERT_NE(a, nullptr);
            ASSERT_NE(b, nullptr);
            overlap_of_different = overlap_of_different || a->operation != b->operation;
        }
        EXPECT_TRUE(overlap_of_different) << shapes;
    }
}

TEST(Schedule, PairInclusiveSharesOneTimeline)
{
    const auto schedule = make_schedule(make_config({{"mode", "pair-inclusive"}}), pair_ids(4), 9);
    ASSERT_EQ(schedule.pairs.size(), 4U);
    for (std::size_t i = 1; i < 4; ++i) {
        EXPECT_EQ(schedule.pairs[i].pair_id, "pair" + std::to_string(i));
        EXPECT_EQ(flatten(schedule.pairs[i]), flatten(schedule.pairs[0]));
    }
}

TEST(Schedule, DurationTooShortNamesTheMinimum)
{
    const auto config = make_config({{"duration", 3}, {"minimum_slot", 1}});
    try {
        (void)make_schedule(config, pair_ids(2), 1);
        FAIL() << "expected InputError";
    } catch (const InputError& error) {
        ASSERT_EQ(error.diagnostics().size(), 1U);
        EXPECT_EQ(error.diagnostics()[0].location, "/duration");
        EXPECT_NE(error.diagnostics()[0].message.find("needs at least 4000 ms"), std::string::npos)
            << error.diagnostics()[0].message;
    }
}

TEST(Schedule, OneLoopWhenTheDurationOnlyHoldsTheMinimum)
{
    const auto schedule = make_schedule(make_config({{"duration", 4}, {"minimum_slot", 1}}), pair_ids(1), 1);
    EXPECT_EQ(schedule.loops, 1U);
    for (const auto& slot : schedule.pairs[0].slots) {
        EXPECT_EQ(slot.length, milliseconds{1000});
    }
}

TEST(Schedule, TooManySlotsIsRefused)
{
    const auto config = make_config({{"duration", "20h"}, {"minimum_slot", 0}, {"target_slot", "10ms"}});
    try {
        (void)make_schedule(config, pair_ids(1), 1);
        FAIL() << "expected InputError";
    } catch (const InputError& error) {
        EXPECT_EQ(error.diagnostics().at(0).location, "/target_slot");
    }
}

TEST(Schedule, SlotAtFindsTheRunningSlotAndNothingPastTheEnd)
{
    const auto schedule = make_schedule(make_config(), pair_ids(1), 1);
    const auto& slots = schedule.pairs[0].slots;
    EXPECT_EQ(schedule.slot_at(0, milliseconds{0}), &slots.front());
    EXPECT_EQ(schedule.slot_at(0, slots[1].start), &slots[1]);
    EXPECT_EQ(schedule.slot_at(0, slots[1].start - milliseconds{1}), &slots[0]);
    EXPECT_EQ(schedule.slot_at(0, schedule.duration - milliseconds{1}), &slots.back());
    EXPECT_EQ(schedule.slot_at(0, schedule.duration), nullptr);
}

} // namespace
} // namespace hammer::schedule
