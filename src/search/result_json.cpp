#include "src/search/result_json.hpp"

#include <cmath>
#include <numeric>

namespace hammer::search {
namespace {

using nlohmann::json;

constexpr const char* direction_names[] = {"forward", "reverse"};

double seconds(std::chrono::milliseconds duration)
{
    return static_cast<double>(duration.count()) / 1000.0;
}

/// A bound at `rate` per direction: all directions together (CSIT's
/// value), then each direction.
json bound_json(const std::optional<double>& rate, std::size_t directions, double wire_bits)
{
    if (!rate) {
        return nullptr;
    }
    json bound = rate_json(*rate * static_cast<double>(directions), wire_bits);
    for (std::size_t d = 0; d < directions && d < std::size(direction_names); ++d) {
        bound[direction_names[d]] = rate_json(*rate, wire_bits);
    }
    return bound;
}

/// CSIT's "values" with their mean and (sample) standard deviation.
json series_json(const std::vector<double>& values, const char* unit)
{
    const double n = static_cast<double>(values.size());
    const double mean = values.empty() ? 0.0 : std::accumulate(values.begin(), values.end(), 0.0) / n;
    double squares = 0;
    for (const double value : values) {
        squares += (value - mean) * (value - mean);
    }
    return {{"values", values},
            {"avg", mean},
            {"stdev", values.size() > 1 ? std::sqrt(squares / (n - 1)) : 0.0},
            {"unit", unit}};
}

/// Received rates of the trials, in pps and bps, of one direction (or all: npos).
json receive_rate_json(const std::vector<Trial>& trials, std::size_t direction, double wire_bits)
{
    std::vector<double> pps;
    std::vector<double> bps;
    for (const Trial& trial : trials) {
        const auto received = direction == std::string::npos ? trial.received
                              : direction < trial.directions.size() ? trial.directions[direction].received
                                                                    : 0;
        const double rate = trial.duration.count() > 0 ? static_cast<double>(received) / seconds(trial.duration) : 0;
        pps.push_back(rate);
        bps.push_back(rate * wire_bits);
    }
    return {{"rate", series_json(pps, "pps")}, {"bandwidth", series_json(bps, "bps")}};
}

} // namespace

json rate_json(double pps, double wire_bits)
{
    return {{"rate", {{"value", pps}, {"unit", "pps"}}}, {"bandwidth", {{"value", pps * wire_bits}, {"unit", "bps"}}}};
}

json trial_json(const Trial& trial)
{
    json directions = json::array();
    for (std::size_t d = 0; d < trial.directions.size() && d < std::size(direction_names); ++d) {
        directions.push_back({{"direction", direction_names[d]},
                              {"offered", trial.directions[d].offered},
                              {"received", trial.directions[d].received}});
    }
    return {{"phase", trial.phase},
            {"rate-pps", trial.rate},
            {"duration-ms", trial.duration.count()},
            {"elapsed-ms", trial.elapsed.count()},
            {"offered", trial.offered},
            {"received", trial.received},
            {"loss-ratio", trial.loss_ratio()},
            {"directions", std::move(directions)}};
}

json ndrpdr_json(const SearchGoals& goals, const SearchResult& result, const std::vector<std::string>& names,
                 double wire_bits)
{
    const std::size_t directions = result.trials.empty() ? 2 : result.trials.front().directions.size();
    json out{{"type", "NDRPDR"}};
    for (std::size_t i = 0; i < result.bounds.size() && i < names.size(); ++i) {
        const Bounds& bounds = result.bounds[i];
        out[names[i]] = {{"loss-ratio", bounds.loss_ratio},
                         {"lower", bound_json(bounds.lower, directions, wire_bits)},
                         {"upper", bound_json(bounds.upper, directions, wire_bits)},
                         {"found", bounds.lower.has_value()},
                         {"relative-width", bounds.relative_width()},
                         {"width-reached", bounds.width_reached},
                         {"phase", bounds.phase},
                         {"trial-duration-ms", bounds.duration.count()}};
    }
    json trials = json::array();
    for (const Trial& trial : result.trials) {
        trials.push_back(trial_json(trial));
    }
    out["search"] = {{"complete", result.complete},
                     {"stopped-because", result.stopped_because},
                     {"elapsed-ms", result.elapsed.count()},
                     {"width-goal", goals.width},
                     {"min-rate-pps", goals.min_rate},
                     {"max-rate-pps", goals.max_rate},
                     {"phases", goals.phases},
                     {"initial-trial-ms", goals.initial_trial.count()},
                     {"final-trial-ms", goals.final_trial.count()},
                     {"budget-ms", goals.budget.count()},
                     {"trial-count", result.trials.size()}};
    out["trials"] = std::move(trials);
    return out;
}

json mrr_json(const std::vector<Trial>& trials, double offered_rate, double wire_bits)
{
    json out{{"type", "MRR"}, {"receive_rate", receive_rate_json(trials, std::string::npos, wire_bits)}};
    const std::size_t directions = trials.empty() ? 0 : trials.front().directions.size();
    for (std::size_t d = 0; d < directions && d < std::size(direction_names); ++d) {
        out[direction_names[d]] = {{"receive_rate", receive_rate_json(trials, d, wire_bits)}};
    }
    out["offered-rate-pps"] = offered_rate > 0 ? json(offered_rate) : json(nullptr);
    json list = json::array();
    for (const Trial& trial : trials) {
        list.push_back(trial_json(trial));
    }
    out["trials"] = std::move(list);
    return out;
}

} // namespace hammer::search
