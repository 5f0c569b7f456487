#include "src/search/rate_search.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace hammer::search {
namespace {

using std::chrono::milliseconds;

/// Rates closer than this are the same rate: pacing works in whole frames
/// per second, so a midpoint that rounds onto a measured rate measures
/// nothing new.
constexpr double same_rate = 0.5;

/// The widest a phase's goal gets: wider, and a bisection would stop
/// before it learnt anything.
constexpr double widest_goal = 0.5;

milliseconds phase_duration(const SearchGoals& goals, unsigned phase)
{
    if (goals.phases <= 1) {
        return goals.final_trial;
    }
    const double first = static_cast<double>(goals.initial_trial.count());
    const double last = static_cast<double>(goals.final_trial.count());
    const double share = static_cast<double>(phase) / static_cast<double>(goals.phases - 1);
    return milliseconds{std::llround(first * std::pow(last / first, share))};
}

double phase_width(const SearchGoals& goals, unsigned phase)
{
    return std::min(widest_goal, goals.width * std::pow(2.0, static_cast<double>(goals.phases - 1 - phase)));
}

class Search {
public:
    Search(const SearchGoals& goals, const Measure& measure) : goals_{goals}, measure_{measure} {}

    SearchResult run() &&
    {
        for (unsigned phase = 0; phase < goals_.phases && result_.stopped_because.empty(); ++phase) {
            run_phase(phase);
        }
        result_.complete = result_.stopped_because.empty();
        for (const double ratio : goals_.loss_ratios) {
            result_.bounds.push_back(reported(ratio));
        }
        return std::move(result_);
    }

private:
    void run_phase(unsigned phase)
    {
        const milliseconds duration = phase_duration(goals_, phase);
        while (true) {
            std::optional<double> rate;
            for (const double ratio : goals_.loss_ratios) {
                rate = next_rate(phase, ratio);
                if (rate) {
                    break;
                }
            }
            if (!rate) {
                return;
            }
            // A trial costs its duration and what the last one took beyond
            // its own (start-up, drain): the best guess of the next one's.
            if (result_.elapsed + duration + overhead_ > goals_.budget) {
                result_.stopped_because = "time budget";
                return;
            }
            std::optional<Trial> trial = measure_(*rate, duration);
            if (!trial) {
                result_.stopped_because = "stop requested";
                return;
            }
            trial->phase = phase;
            result_.elapsed += trial->elapsed;
            overhead_ = std::max(milliseconds{0}, trial->elapsed - trial->duration);
            result_.trials.push_back(*trial);
        }
    }

    [[nodiscard]] Bounds bounds_in(unsigned phase, double ratio) const
    {
        Bounds bounds;
        bounds.loss_ratio = ratio;
        bounds.phase = phase;
        bounds.duration = phase_duration(goals_, phase);
        for (const Trial& trial : result_.trials) {
            if (trial.phase == phase && trial.loss_ratio() > ratio) {
                bounds.upper = std::min(bounds.upper.value_or(trial.rate), trial.rate);
            }
        }
        // A rate that passed above one that failed is noise: the lower
        // bound stays below the upper one, as MLRsearch keeps them.
        for (const Trial& trial : result_.trials) {
            if (trial.phase == phase && trial.loss_ratio() <= ratio && (!bounds.upper || trial.rate < *bounds.upper)) {
                bounds.lower = std::max(bounds.lower.value_or(trial.rate), trial.rate);
            }
        }
        return bounds;
    }

    [[nodiscard]] bool at_min_or_max(const Bounds& bounds) const
    {
        return (bounds.lower && *bounds.lower >= goals_.max_rate) || (bounds.upper && *bounds.upper <= goals_.min_rate);
    }

    [[nodiscard]] bool measured(unsigned phase, double rate) const
    {
        return std::any_of(result_.trials.begin(), result_.trials.end(), [&](const Trial& trial) {
            return trial.phase == phase && std::abs(trial.rate - rate) < same_rate;
        });
    }

    [[nodiscard]] unsigned count(unsigned phase, double ratio, bool failed) const
    {
        const auto matches = [&](const Trial& trial) {
            return trial.phase == phase && (trial.loss_ratio() > ratio) == failed;
        };
        return static_cast<unsigned>(std::count_if(result_.trials.begin(), result_.trials.end(), matches));
    }

    /// The rate the next trial of `phase` should offer for threshold
    /// `ratio`; none when the threshold is settled in this phase.
    [[nodiscard]] std::optional<double> next_rate(unsigned phase, double ratio) const
    {
        const Bounds bounds = bounds_in(phase, ratio);
        if (at_min_or_max(bounds)) {
            return std::nullopt;
        }
        const double width = phase_width(goals_, phase);
        std::optional<double> candidate;
        // What the last phase found guides this one; the first has no guide.
        const Bounds hint = phase == 0 ? Bounds{} : bounds_in(phase - 1, ratio);
        if (bounds.lower && bounds.upper) {
            if ((*bounds.upper - *bounds.lower) / *bounds.upper <= width) {
                return std::nullopt;
            }
            candidate = (*bounds.lower + *bounds.upper) / 2;
        } else if (bounds.upper) {
            candidate = below(phase, ratio, *bounds.upper, width, hint);
        } else if (bounds.lower) {
            candidate = above(phase, ratio, *bounds.lower, width, hint);
        } else if (hint.lower || hint.upper) {
            // A new phase re-measures what the last one found, at the longer duration.
            candidate = hint.lower ? *hint.lower : *hint.upper;
        } else {
            candidate = goals_.max_rate;
        }
        if (measured(phase, *candidate)) {
            return std::nullopt; // closer than pacing can tell apart
        }
        return candidate;
    }

    /// Only failures so far: the last phase's lower bound if it is below,
    /// else an external search downwards that doubles its step each time
    /// (MLRsearch), or straight to what the lowest failing trial received
    /// where that is lower still: a device at capacity forwards about it.
    [[nodiscard]] double below(unsigned phase, double ratio, double upper, double width,
                               const Bounds& hint) const
    {
        if (hint.lower && *hint.lower < upper && !measured(phase, *hint.lower)) {
            return *hint.lower;
        }
        const double failures = count(phase, ratio, true);
        double candidate = upper * (1 - std::min(1.0, width * std::pow(2.0, failures - 1)));
        for (const Trial& trial : result_.trials) {
            if (trial.phase == phase && trial.rate == upper && trial.offered > 0) {
                const double forwarded = static_cast<double>(trial.received) / static_cast<double>(trial.offered);
                candidate = std::min(candidate, upper * forwarded);
            }
        }
        return std::max(goals_.min_rate, candidate);
    }

    /// Only passes so far: the last phase's upper bound if it is above,
    /// else an external search upwards, doubling its step.
    [[nodiscard]] double above(unsigned phase, double ratio, double lower, double width,
                               const Bounds& hint) const
    {
        if (hint.upper && *hint.upper > lower && !measured(phase, *hint.upper)) {
            return *hint.upper;
        }
        const double passes = count(phase, ratio, false);
        return std::min(goals_.max_rate, lower * (1 + width * std::pow(2.0, passes - 1)));
    }

    /// The bounds a threshold ends with: from the latest phase that closed
    /// them (both found, or min/max reached), else the latest with any.
    [[nodiscard]] Bounds reported(double ratio) const
    {
        std::optional<Bounds> any;
        for (unsigned phase = goals_.phases; phase-- > 0;) {
            Bounds bounds = bounds_in(phase, ratio);
            if ((bounds.lower && bounds.upper) || at_min_or_max(bounds)) {
                bounds.width_reached = phase + 1 == goals_.phases && !next_rate(phase, ratio);
                return bounds;
            }
            if (!any && (bounds.lower || bounds.upper)) {
                any = bounds;
            }
        }
        if (any) {
            return *any;
        }
        Bounds none;
        none.loss_ratio = ratio;
        return none;
    }

    const SearchGoals& goals_;
    const Measure& measure_;
    SearchResult result_;
    milliseconds overhead_{0};
};

} // namespace

double Trial::loss_ratio() const noexcept
{
    if (offered == 0 || received >= offered) {
        return 0.0;
    }
    return static_cast<double>(offered - received) / static_cast<double>(offered);
}

double Bounds::relative_width() const noexcept
{
    if (!lower) {
        return 1.0;
    }
    if (!upper) {
        return 0.0;
    }
    return (*upper - *lower) / *upper;
}

void check_goals(const SearchGoals& goals)
{
    if (goals.loss_ratios.empty() || !std::is_sorted(goals.loss_ratios.begin(), goals.loss_ratios.end())) {
        throw std::invalid_argument{"the search needs loss-ratio thresholds in ascending order"};
    }
    if (goals.min_rate <= 0 || goals.min_rate >= goals.max_rate) {
        throw std::invalid_argument{"the search needs 0 < min_rate < max_rate"};
    }
    if (goals.width <= 0 || goals.width >= 1) {
        throw std::invalid_argument{"the search's width goal must be between 0 and 1"};
    }
    if (goals.phases == 0 || goals.initial_trial.count() <= 0 || goals.final_trial < goals.initial_trial) {
        throw std::invalid_argument{"the search needs a phase and 0 < initial_trial <= final_trial"};
    }
}

SearchResult find_rates(const SearchGoals& goals, const Measure& measure)
{
    check_goals(goals);
    return Search{goals, measure}.run();
}

} // namespace hammer::search
