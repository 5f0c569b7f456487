#include "src/search/rate_search.hpp"

#include <gtest/gtest.h>

#include <random>

namespace hammer::search {
namespace {

using std::chrono::milliseconds;

/// A device with a capacity (frames per second, both directions together)
/// that drops what exceeds it, and loses each frame with `loss` besides,
/// drawn from `seed`: a deterministic stand-in for a shaped link.
class ModelledDevice {
public:
    ModelledDevice(double capacity_pps, double loss = 0, std::uint64_t seed = 1)
        : capacity_pps_{capacity_pps}, loss_{loss}, random_{seed}
    {
    }

    std::optional<Trial> operator()(double rate, milliseconds duration)
    {
        const double seconds = static_cast<double>(duration.count()) / 1000.0;
        Trial trial;
        trial.rate = rate;
        trial.duration = duration;
        trial.offered = static_cast<std::uint64_t>(2 * rate * seconds);
        auto carried = std::min(trial.offered, static_cast<std::uint64_t>(capacity_pps_ * seconds));
        if (loss_ > 0) {
            carried -= std::binomial_distribution<std::uint64_t>{carried, loss_}(random_);
        }
        trial.received = carried;
        trial.elapsed = duration + milliseconds{100}; // start-up and drain, as pmd_ops sees them
        return trial;
    }

private:
    double capacity_pps_;
    double loss_;
    std::mt19937_64 random_;
};

SearchGoals goals(double ndr = 0, double pdr = 0.005)
{
    SearchGoals goals;
    goals.loss_ratios = {ndr, pdr};
    goals.width = 0.005;
    goals.min_rate = 1000;
    goals.max_rate = 1'000'000;
    goals.phases = 3;
    goals.initial_trial = milliseconds{250};
    goals.final_trial = milliseconds{2000};
    goals.budget = milliseconds{120'000};
    return goals;
}

SearchResult search(const SearchGoals& goals, ModelledDevice device)
{
    return find_rates(goals, [&device](double rate, milliseconds duration) { return device(rate, duration); });
}

TEST(RateSearch, NdrWithinTheWidthGoalBelowTheCapacity)
{
    // 200 kpps both ways: 100 kpps per direction.
    const SearchResult result = search(goals(), ModelledDevice{200'000});
    ASSERT_TRUE(result.complete) << result.stopped_because;
    const Bounds& ndr = result.bounds[0];
    ASSERT_TRUE(ndr.lower && ndr.upper);
    EXPECT_TRUE(ndr.width_reached);
    EXPECT_LE(*ndr.lower, 100'000);
    EXPECT_GT(*ndr.upper, 100'000);
    EXPECT_LE(ndr.relative_width(), 0.005);
    EXPECT_EQ(ndr.duration, milliseconds{2000});
}

TEST(RateSearch, PdrAllowsItsLossAboveTheCapacity)
{
    const SearchResult result = search(goals(), ModelledDevice{200'000});
    const Bounds& pdr = result.bounds[1];
    ASSERT_TRUE(pdr.lower && pdr.upper);
    // Tail drop loses (r - C) / r: within 0.5 % up to C / 0.995.
    const double pdr_rate = 100'000 / 0.995;
    EXPECT_LE(*pdr.lower, pdr_rate);
    EXPECT_GT(*pdr.upper, pdr_rate);
    EXPECT_LE(pdr.relative_width(), 0.005);
}

TEST(RateSearch, TrialsGrowLongerPhaseByPhaseEndingAtTheFinalDuration)
{
    const SearchResult result = search(goals(), ModelledDevice{200'000});
    ASSERT_FALSE(result.trials.empty());
    EXPECT_EQ(result.trials.front().duration, milliseconds{250});
    EXPECT_EQ(result.trials.front().rate, 1'000'000); // the first offers the maximum
    EXPECT_EQ(result.trials.back().duration, milliseconds{2000});
    for (std::size_t i = 1; i < result.trials.size(); ++i) {
        EXPECT_GE(result.trials[i].duration, result.trials[i - 1].duration);
        EXPECT_GE(result.trials[i].phase, result.trials[i - 1].phase);
    }
    // Between the two, the geometric mean: 250 · (2000/250)^½.
    EXPECT_TRUE(std::any_of(result.trials.begin(), result.trials.end(),
                            [](const Trial& trial) { return trial.duration == milliseconds{707}; }));
}

TEST(RateSearch, AMaximumThatPassesIsTheLowerBoundWithNoUpper)
{
    const SearchResult result = search(goals(), ModelledDevice{10'000'000});
    ASSERT_TRUE(result.complete);
    for (const Bounds& bounds : result.bounds) {
        ASSERT_TRUE(bounds.lower);
        EXPECT_EQ(*bounds.lower, 1'000'000);
        EXPECT_FALSE(bounds.upper);
        EXPECT_TRUE(bounds.width_reached);
    }
    EXPECT_EQ(result.trials.size(), 3U); // one per phase
}

TEST(RateSearch, RandomLossLeavesNdrNotFoundAndPdrFoundWhereItsThresholdAllows)
{
    // 1 % of frames lost at any rate (netem loss 1 %), PDR threshold 2 %.
    const SearchResult result = search(goals(0, 0.02), ModelledDevice{200'000, 0.01, 7});
    ASSERT_TRUE(result.complete) << result.stopped_because;
    const Bounds& ndr = result.bounds[0];
    EXPECT_FALSE(ndr.lower);
    ASSERT_TRUE(ndr.upper);
    EXPECT_EQ(*ndr.upper, 1000); // the minimum lost too
    const Bounds& pdr = result.bounds[1];
    ASSERT_TRUE(pdr.lower && pdr.upper);
    // 1 % random and tail drop together stay within 2 % up to C · 0.99 / 0.98.
    const double pdr_rate = 100'000 * 0.99 / 0.98;
    EXPECT_NEAR(*pdr.lower, pdr_rate, pdr_rate * 0.01);
    EXPECT_LE(pdr.relative_width(), 0.005);
}

TEST(RateSearch, TheSameSeedAndCapacityGiveTheSameTrials)
{
    const SearchResult first = search(goals(0, 0.02), ModelledDevice{200'000, 0.01, 42});
    const SearchResult second = search(goals(0, 0.02), ModelledDevice{200'000, 0.01, 42});
    ASSERT_EQ(first.trials.size(), second.trials.size());
    for (std::size_t i = 0; i < first.trials.size(); ++i) {
        EXPECT_EQ(first.trials[i].rate, second.trials[i].rate);
        EXPECT_EQ(first.trials[i].received, second.trials[i].received);
    }
    EXPECT_EQ(first.bounds[1].lower, second.bounds[1].lower);
}

TEST(RateSearch, ABudgetTooShortStopsWithTheBestBoundsSoFar)
{
    SearchGoals short_budget = goals();
    short_budget.budget = milliseconds{3000};
    const SearchResult result = search(short_budget, ModelledDevice{200'000});
    EXPECT_FALSE(result.complete);
    EXPECT_EQ(result.stopped_because, "time budget");
    EXPECT_LE(result.elapsed, milliseconds{3000});
    const Bounds& ndr = result.bounds[0];
    ASSERT_TRUE(ndr.lower && ndr.upper);
    EXPECT_FALSE(ndr.width_reached);
    EXPECT_LT(ndr.phase, 2U);
    EXPECT_LE(*ndr.lower, 100'000);
}

TEST(RateSearch, AStopRequestEndsTheSearch)
{
    ModelledDevice device{200'000};
    int trials = 0;
    const SearchResult result = find_rates(goals(), [&](double rate, milliseconds duration) -> std::optional<Trial> {
        if (++trials > 2) {
            return std::nullopt;
        }
        return device(rate, duration);
    });
    EXPECT_FALSE(result.complete);
    EXPECT_EQ(result.stopped_because, "stop requested");
    EXPECT_EQ(result.trials.size(), 2U);
}

TEST(RateSearch, GoalsThatCannotBeSearchedAreRefused)
{
    SearchGoals bad = goals();
    bad.min_rate = bad.max_rate;
    EXPECT_THROW(check_goals(bad), std::invalid_argument);
    bad = goals(0.01, 0.001);
    EXPECT_THROW(check_goals(bad), std::invalid_argument);
    bad = goals();
    bad.final_trial = milliseconds{100};
    EXPECT_THROW(check_goals(bad), std::invalid_argument);
}

} // namespace
} // namespace hammer::search
