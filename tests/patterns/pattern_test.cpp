#include "patterns/pattern.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

namespace hammer::patterns {
namespace {

using std::chrono::milliseconds;

// Slot lengths in plain milliseconds, which read better in assertions.
std::vector<std::int64_t> slot_ms(Shape shape, std::int64_t total, std::size_t slots, std::int64_t minimum = 1000,
                                  double phase = 0.0, std::uint64_t seed = 0)
{
    const auto durations = generate(shape, {.total = milliseconds{total},
                                            .slots = slots,
                                            .minimum_slot = milliseconds{minimum},
                                            .phase = phase,
                                            .seed = seed});
    std::vector<std::int64_t> out;
    for (const auto duration : durations) {
        out.push_back(duration.count());
    }
    return out;
}

// The message generate() throws for `request`, or "" when it does not throw.
std::string error_of(Shape shape, const PatternRequest& request)
{
    try {
        (void)generate(shape, request);
    } catch (const std::invalid_argument& error) {
        return error.what();
    }
    return "";
}

bool non_decreasing(const std::vector<std::int64_t>& values)
{
    return std::is_sorted(values.begin(), values.end());
}

bool non_increasing(const std::vector<std::int64_t>& values)
{
    return std::is_sorted(values.rbegin(), values.rend());
}

std::vector<std::int64_t> steps(const std::vector<std::int64_t>& values)
{
    std::vector<std::int64_t> out;
    for (std::size_t i = 1; i < values.size(); ++i) {
        out.push_back(values[i] - values[i - 1]);
    }
    return out;
}

std::int64_t spread(const std::vector<std::int64_t>& values)
{
    const auto [low, high] = std::minmax_element(values.begin(), values.end());
    return *high - *low;
}

// Pearson correlation of the slot lengths with `reference`.
double correlation(const std::vector<std::int64_t>& values, const std::vector<double>& reference)
{
    const auto n = static_cast<double>(values.size());
    const double mean_v = std::accumulate(values.begin(), values.end(), 0.0) / n;
    const double mean_r = std::accumulate(reference.begin(), reference.end(), 0.0) / n;
    double covariance = 0.0, variance_v = 0.0, variance_r = 0.0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        const double dv = static_cast<double>(values[i]) - mean_v;
        const double dr = reference[i] - mean_r;
        covariance += dv * dr;
        variance_v += dv * dv;
        variance_r += dr * dr;
    }
    return covariance / std::sqrt(variance_v * variance_r);
}

// The documented sampling: max(1, slots / 8) periods, each slot at its middle.
std::vector<double> sine_reference(std::size_t slots, double phase)
{
    const double periods = static_cast<double>(std::max<std::size_t>(1, slots / 8));
    std::vector<double> out;
    for (std::size_t i = 0; i < slots; ++i) {
        const double position = (static_cast<double>(i) + 0.5) * periods / static_cast<double>(slots) + phase;
        out.push_back(std::sin(2.0 * std::numbers::pi * position));
    }
    return out;
}

void expect_within_one_ms(const std::vector<std::int64_t>& actual, const std::vector<std::int64_t>& expected)
{
    ASSERT_EQ(actual.size(), expected.size());
    for (std::size_t i = 0; i < actual.size(); ++i) {
        EXPECT_LE(std::abs(actual[i] - expected[i]), 1) << "slot " << i;
    }
}

TEST(Generate, SumsExactlyToTheTotalAndKeepsTheMinimumForEveryShape)
{
    const std::int64_t totals[] = {0, 1, 7, 999, 1000, 8001, 59999, 60000, 60001, 3'600'000, 86'400'007,
                                   max_total.count()};
    const std::size_t counts[] = {1, 2, 3, 7, 8, 9, 16, 31, 100, 1000};
    const std::int64_t minimums[] = {0, 1, 1000};
    int checked = 0;
    for (const Shape shape : all_shapes()) {
        for (const auto total : totals) {
            for (const auto count : counts) {
                for (const auto minimum : minimums) {
                    if (total < static_cast<std::int64_t>(count) * minimum) {
                        continue;
                    }
                    for (const double phase : {0.0, 0.37, 0.999}) {
                        const auto slots = slot_ms(shape, total, count, minimum, phase, 11);
                        ASSERT_EQ(slots.size(), count);
                        ASSERT_EQ(std::accumulate(slots.begin(), slots.end(), std::int64_t{0}), total)
                            << shape_name(shape) << " total=" << total << " slots=" << count
                            << " minimum=" << minimum << " phase=" << phase;
                        ASSERT_GE(*std::min_element(slots.begin(), slots.end()), minimum) << shape_name(shape);
                        ++checked;
                    }
                }
            }
        }
    }
    EXPECT_GT(checked, 2000);
}

TEST(Generate, ZeroBudgetGivesEverySlotExactlyTheMinimum)
{
    for (const Shape shape : all_shapes()) {
        EXPECT_EQ(slot_ms(shape, 8000, 8, 1000, 0.4, 5), std::vector<std::int64_t>(8, 1000)) << shape_name(shape);
        EXPECT_EQ(slot_ms(shape, 0, 5, 0), std::vector<std::int64_t>(5, 0)) << shape_name(shape);
    }
}

TEST(Generate, OneSlotTakesTheWholeTotal)
{
    for (const Shape shape : all_shapes()) {
        EXPECT_EQ(slot_ms(shape, 60001, 1, 1000, 0.6, 9), std::vector<std::int64_t>{60001}) << shape_name(shape);
    }
}

TEST(Generate, NoSlotIsLeftAtTheMinimumWhenThereIsTimeToShare)
{
    for (const Shape shape : all_shapes()) {
        for (const std::size_t count : {8U, 100U}) {
            const auto slots = slot_ms(shape, 3'600'000, count, 1000, 0.0, 1);
            EXPECT_GT(*std::min_element(slots.begin(), slots.end()), 1000) << shape_name(shape);
        }
    }
}

TEST(Generate, LeftoverMillisecondsGoToTheEarliestOfEqualSlots)
{
    EXPECT_EQ(slot_ms(Shape::flat, 10, 3, 0), (std::vector<std::int64_t>{4, 3, 3}));
    EXPECT_EQ(slot_ms(Shape::flat, 60003, 8), (std::vector<std::int64_t>{7501, 7501, 7501, 7500, 7500, 7500, 7500,
                                                                          7500}));
    // Enough equal slots that an unstable sort would reorder the ties.
    auto expected = std::vector<std::int64_t>(500, 8);
    expected.resize(1000, 7);
    EXPECT_EQ(slot_ms(Shape::flat, 7500, 1000, 0), expected);
}

TEST(Generate, SameRequestSameResult)
{
    for (const Shape shape : all_shapes()) {
        EXPECT_EQ(slot_ms(shape, 123'457, 13, 500, 0.42, 77), slot_ms(shape, 123'457, 13, 500, 0.42, 77));
    }
}

TEST(Flat, AllSlotsEqualWithinOneMillisecond)
{
    for (const auto total : {60000, 60001, 60007, 3'599'999}) {
        for (const std::size_t count : {3U, 7U, 8U, 97U}) {
            EXPECT_LE(spread(slot_ms(Shape::flat, total, count, 100)), 1) << total << '/' << count;
        }
    }
}

TEST(Linear, RisingClimbsInEvenStepsAndFallingIsItsMirror)
{
    for (const std::size_t count : {2U, 5U, 8U, 16U, 100U}) {
        const auto rising = slot_ms(Shape::linear_rising, 3'600'000, count);
        const auto falling = slot_ms(Shape::linear_falling, 3'600'000, count);
        EXPECT_TRUE(non_decreasing(rising)) << count;
        EXPECT_GT(rising.back(), rising.front()) << count;
        EXPECT_TRUE(non_increasing(falling)) << count;
        EXPECT_GT(falling.front(), falling.back()) << count;
        // A straight line: all steps equal up to the rounding of two slots.
        EXPECT_LE(spread(steps(rising)), 2) << count;
        EXPECT_LE(spread(steps(falling)), 2) << count;
        expect_within_one_ms(falling, std::vector<std::int64_t>(rising.rbegin(), rising.rend()));
    }
}

TEST(Exponential, GrowthIsConvexWithRisingRatios)
{
    for (const std::size_t count : {4U, 8U, 16U, 50U}) {
        const auto slots = slot_ms(Shape::exponential_growth, 3'600'000, count);
        EXPECT_TRUE(non_decreasing(slots)) << count;
        EXPECT_GT(slots.back(), slots.front()) << count;
        const auto step = steps(slots);
        for (std::size_t i = 1; i < step.size(); ++i) {
            EXPECT_GT(step[i], step[i - 1]) << "not convex at slot " << i << " of " << count;
        }
        for (std::size_t i = 2; i < slots.size(); ++i) {
            const double ratio = static_cast<double>(slots[i]) / static_cast<double>(slots[i - 1]);
            const double previous = static_cast<double>(slots[i - 1]) / static_cast<double>(slots[i - 2]);
            EXPECT_GT(ratio, previous) << "slot " << i << " of " << count;
        }
    }
}

TEST(Exponential, DecayIsGrowthPlayedBackwards)
{
    for (const std::size_t count : {4U, 8U, 16U, 50U}) {
        const auto growth = slot_ms(Shape::exponential_growth, 3'600'000, count);
        const auto decay = slot_ms(Shape::exponential_decay, 3'600'000, count);
        EXPECT_TRUE(non_increasing(decay)) << count;
        EXPECT_GT(decay.front(), decay.back()) << count;
        expect_within_one_ms(decay, std::vector<std::int64_t>(growth.rbegin(), growth.rend()));
    }
}

TEST(Exponential, BendsWhereLinearDoesNot)
{
    const auto exponential = steps(slot_ms(Shape::exponential_growth, 60000, 8));
    const auto linear = steps(slot_ms(Shape::linear_rising, 60000, 8));
    EXPECT_GT(exponential.back(), 4 * exponential.front());
    EXPECT_LE(spread(linear), 2);
}

TEST(Sine, FollowsTheSineCurve)
{
    for (const std::size_t count : {8U, 16U, 40U, 100U}) {
        for (const double phase : {0.0, 0.1, 0.5, 0.9}) {
            const auto slots = slot_ms(Shape::sine, 3'600'000, count, 1000, phase);
            EXPECT_GT(correlation(slots, sine_reference(count, phase)), 0.999)
                << count << " slots, phase " << phase;
        }
    }
}

TEST(Sine, RepeatsEveryEightSlotsOnLongRuns)
{
    const auto slots = slot_ms(Shape::sine, 3'600'000, 32);
    for (std::size_t i = 8; i < slots.size(); ++i) {
        EXPECT_LE(std::abs(slots[i] - slots[i - 8]), 1) << "slot " << i;
    }
    EXPECT_GT(spread(slots), 10'000);
}

TEST(Cosine, IsTheSineAQuarterPeriodAhead)
{
    // 8 slots are one period, so a quarter period is 2 slots.
    const auto sine = slot_ms(Shape::sine, 60000, 8);
    const auto cosine = slot_ms(Shape::cosine, 60000, 8);
    std::vector<std::int64_t> rotated(sine.begin() + 2, sine.end());
    rotated.insert(rotated.end(), sine.begin(), sine.begin() + 2);
    expect_within_one_ms(cosine, rotated);
    for (const double phase : {0.0, 0.1, 0.5, 0.7}) {
        expect_within_one_ms(slot_ms(Shape::cosine, 3'600'000, 24, 1000, phase),
                             slot_ms(Shape::sine, 3'600'000, 24, 1000, phase + 0.25));
    }
}

TEST(Sawtooth, RisesThroughEachPeriodThenDrops)
{
    // 16 slots: two periods of 8.
    const auto slots = slot_ms(Shape::sawtooth, 3'600'000, 16);
    const std::vector<std::int64_t> first(slots.begin(), slots.begin() + 8);
    const std::vector<std::int64_t> second(slots.begin() + 8, slots.end());
    EXPECT_TRUE(non_decreasing(first));
    EXPECT_TRUE(non_decreasing(second));
    EXPECT_GT(first.back(), 3 * first.front());
    EXPECT_LT(second.front(), first.back() / 3);
    expect_within_one_ms(first, second);
}

TEST(Sawtooth, PhaseMovesTheDrop)
{
    // One period of 8 slots shifted by a quarter: the drop comes after slot 6.
    const auto slots = slot_ms(Shape::sawtooth, 60000, 8, 1000, 0.25);
    const auto step = steps(slots);
    for (std::size_t i = 0; i < step.size(); ++i) {
        if (i == 5) {
            EXPECT_LT(step[i], -5000);
        } else {
            EXPECT_GT(step[i], 0) << "step " << i;
        }
    }
}

TEST(Square, TwoLevelsHighThenLow)
{
    const auto slots = slot_ms(Shape::square, 60003, 8);
    const auto high = slots.front();
    const auto low = slots.back();
    EXPECT_GT(high, 2 * low);
    for (std::size_t i = 0; i < slots.size(); ++i) {
        EXPECT_LE(std::abs(slots[i] - (i < 4 ? high : low)), 1) << "slot " << i;
    }
    // Phase a quarter period: high, high, four low, high, high.
    const auto shifted = slot_ms(Shape::square, 60000, 8, 1000, 0.25);
    const std::vector<std::int64_t> pattern{high, high, low, low, low, low, high, high};
    expect_within_one_ms(shifted, pattern);
}

TEST(Random, SameSeedSameSlotsOtherSeedOtherSlots)
{
    const auto with_seed = [](std::uint64_t seed) { return slot_ms(Shape::random, 600'000, 40, 1000, 0.0, seed); };
    EXPECT_EQ(with_seed(42), with_seed(42));
    for (std::uint64_t seed = 1; seed < 20; ++seed) {
        EXPECT_NE(with_seed(42), with_seed(seed)) << seed;
    }
}

TEST(Random, IsNeitherMonotoneNorFlat)
{
    for (std::uint64_t seed = 0; seed < 20; ++seed) {
        const auto slots = slot_ms(Shape::random, 600'000, 40, 1000, 0.0, seed);
        EXPECT_FALSE(non_decreasing(slots)) << seed;
        EXPECT_FALSE(non_increasing(slots)) << seed;
        EXPECT_GT(spread(slots), 5000) << seed;
    }
}

TEST(Random, KnownOutputPinsTheAlgorithm)
{
    // A recorded seed must reproduce its schedule on any machine and any later
    // version: if this changes, old runs no longer replay.
    EXPECT_EQ(slot_ms(Shape::random, 60000, 8, 1000, 0.0, 0),
              (std::vector<std::int64_t>{10951, 7256, 3942, 11667, 4596, 6403, 5148, 10037}));
}

TEST(Phase, ShiftsEveryPeriodicShape)
{
    for (const Shape shape : {Shape::sine, Shape::cosine, Shape::sawtooth, Shape::square}) {
        for (const std::size_t count : {8U, 16U, 37U}) {
            EXPECT_NE(slot_ms(shape, 600'000, count, 1000, 0.0), slot_ms(shape, 600'000, count, 1000, 0.3))
                << shape_name(shape) << ' ' << count;
        }
    }
}

TEST(Phase, ChangesMonotoneShapesButKeepsTheirDirection)
{
    for (const Shape shape : {Shape::linear_rising, Shape::exponential_growth, Shape::linear_falling,
                              Shape::exponential_decay}) {
        const bool rises = shape == Shape::linear_rising || shape == Shape::exponential_growth;
        const auto unshifted = slot_ms(shape, 600'000, 12, 1000, 0.0);
        for (const double phase : {0.1, 0.25, 0.5, 0.75, 0.999}) {
            const auto slots = slot_ms(shape, 600'000, 12, 1000, phase);
            EXPECT_NE(slots, unshifted) << shape_name(shape) << ' ' << phase;
            if (rises) {
                EXPECT_TRUE(non_decreasing(slots)) << shape_name(shape) << ' ' << phase;
                EXPECT_GT(slots.back(), slots.front() + 5000) << shape_name(shape) << ' ' << phase;
            } else {
                EXPECT_TRUE(non_increasing(slots)) << shape_name(shape) << ' ' << phase;
                EXPECT_GT(slots.front(), slots.back() + 5000) << shape_name(shape) << ' ' << phase;
            }
        }
    }
}

TEST(Phase, DoesNothingToFlatAndRandom)
{
    for (const Shape shape : {Shape::flat, Shape::random}) {
        EXPECT_EQ(slot_ms(shape, 600'000, 12, 1000, 0.0, 8), slot_ms(shape, 600'000, 12, 1000, 0.6, 8))
            << shape_name(shape);
    }
}

TEST(Errors, TooLittleTimeSaysHowMuchIsNeeded)
{
    for (const Shape shape : all_shapes()) {
        EXPECT_EQ(error_of(shape, {.total = milliseconds{60000}, .slots = 80}),
                  "60000 ms cannot hold 80 slots of at least 1000 ms (needs 80000 ms)");
    }
    EXPECT_EQ(error_of(Shape::sine, {.total = milliseconds{7999}, .slots = 8}),
              "7999 ms cannot hold 8 slots of at least 1000 ms (needs 8000 ms)");
    EXPECT_EQ(error_of(Shape::sine, {.total = milliseconds{8000}, .slots = 8}), "");
}

TEST(Errors, AbsurdMinimumDoesNotOverflowTheMessage)
{
    const milliseconds absurd{std::numeric_limits<std::int64_t>::max()};
    const auto message = error_of(Shape::flat, {.total = milliseconds{1000}, .slots = 4, .minimum_slot = absurd});
    EXPECT_EQ(message, "1000 ms cannot hold 4 slots of at least 9223372036854775807 ms (needs more than "
                       "18446744073709551615 ms)");
}

TEST(Errors, NoSlots)
{
    EXPECT_EQ(error_of(Shape::flat, {.total = milliseconds{60000}, .slots = 0}),
              "a pattern needs at least one slot (got 0)");
}

TEST(Errors, NegativeTotalOrMinimum)
{
    EXPECT_EQ(error_of(Shape::flat, {.total = milliseconds{-5}, .slots = 2}), "total must not be negative (got -5 ms)");
    EXPECT_EQ(error_of(Shape::flat, {.total = milliseconds{5}, .slots = 2, .minimum_slot = milliseconds{-1}}),
              "minimum slot must not be negative (got -1 ms)");
}

TEST(Errors, TotalAboveTheSupportedMaximum)
{
    EXPECT_EQ(error_of(Shape::flat, {.total = max_total + milliseconds{1}, .slots = 2}),
              "total 1125899906842625 ms exceeds the supported maximum of 1125899906842624 ms");
    EXPECT_EQ(error_of(Shape::flat, {.total = max_total, .slots = 2}), "");
}

TEST(Errors, PhaseOutsideOneHalfOpenPeriod)
{
    const auto with_phase = [](double phase) {
        return error_of(Shape::sine, {.total = milliseconds{60000}, .slots = 8, .phase = phase});
    };
    EXPECT_EQ(with_phase(1.0), "phase must be in [0, 1) (got 1)");
    EXPECT_EQ(with_phase(-0.1), "phase must be in [0, 1) (got -0.1)");
    EXPECT_EQ(with_phase(std::numeric_limits<double>::quiet_NaN()), "phase must be in [0, 1) (got nan)");
    EXPECT_EQ(with_phase(std::numeric_limits<double>::infinity()), "phase must be in [0, 1) (got inf)");
    EXPECT_EQ(with_phase(0.0), "");
    EXPECT_EQ(with_phase(0.999), "");
}

} // namespace
} // namespace hammer::patterns
