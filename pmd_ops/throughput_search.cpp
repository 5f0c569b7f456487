#include "pmd_ops/trial_operation.hpp"

#include "src/record/recorder.hpp"
#include "src/run/clock.hpp"
#include "src/search/result_json.hpp"

#include <algorithm>
#include <cstdio>

namespace hammer::pmd_ops {
namespace {

using operations::OperationContext;
using operations::Verdict;
using std::chrono::milliseconds;

/// The shares of the PDR at which latency is measured, as CSIT does; 0 is
/// CSIT's pdr_0, measured at the minimum rate (CSIT: its minimal rate, 9000
/// pps per direction), since a rate of 0 would mean unpaced here.
constexpr int latency_percents[] = {0, 10, 50, 90};

constexpr const char* direction_names[] = {"forward", "reverse"};

std::string rate_text(double pps)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.0f pps", pps);
    return text;
}

std::string bounds_text(const char* name, const search::Bounds& bounds)
{
    if (!bounds.lower) {
        char ratio[32];
        std::snprintf(ratio, sizeof ratio, "%g", bounds.loss_ratio);
        return std::string{name} + " not found (loss ratio above " + ratio + " at the minimum)";
    }
    char width[32];
    std::snprintf(width, sizeof width, "%.2f %%", bounds.relative_width() * 100);
    return std::string{name} + " " + rate_text(*bounds.lower) +
           (bounds.upper ? " (width " + std::string{width} + ")" : " (the maximum)");
}

/// The goals a step's parameters set; the top and the budget are the run's.
search::SearchGoals goals_of(const OperationContext& context)
{
    const auto& params = context.params;
    search::SearchGoals goals;
    goals.loss_ratios = {params.at("ndr_loss").get<double>(), params.at("pdr_loss").get<double>()};
    goals.width = params.at("width").get<double>();
    goals.min_rate = params.at("min_rate_pps").get<double>();
    goals.max_rate = params.at("max_rate_pps").get<double>();
    goals.phases = params.at("phases").get<unsigned>();
    goals.initial_trial = seconds_param(context, "initial_trial_seconds");
    goals.final_trial = seconds_param(context, "trial_seconds");
    return goals;
}

/// The highest rate searched, and where it came from.
struct Top {
    double rate = 0;
    std::string source; ///< "max_rate_pps", "line rate", "unpaced"
    nlohmann::json unpaced_trial; ///< the trial that measured the unpaced rate, when one ran
};

/// NDR and PDR of the pair by a search between min_rate_pps and the line
/// rate (or the unpaced rate where that is higher), in the time its slot
/// leaves; latency at 10, 50 and 90 % of the PDR after. The result goes to
/// the journal as an NDRPDR "throughput" event.
class ThroughputSearch final : public TrialOperation {
public:
    using TrialOperation::TrialOperation;

    Verdict run(OperationContext& context, milliseconds deadline, std::stop_token stop) override
    {
        search::SearchGoals goals = goals_of(context);
        const bool latency = context.params.at("latency").get<bool>();
        const std::optional<Top> top = find_top(context, goals, stop);
        if (!top) {
            return Verdict::pass("stopped before the search began");
        }
        goals.max_rate = top->rate;
        if (goals.max_rate <= goals.min_rate) {
            return Verdict::skip("the maximum rate (" + top->source + ", " + rate_text(goals.max_rate) +
                                 ") is not above min_rate_pps");
        }
        // Latency trials come after the search: their time is set aside
        // first, unless that would leave the search less than two thirds of
        // the slot; then they take what the search leaves, if anything.
        const auto latency_trials = static_cast<milliseconds::rep>(latency ? std::size(latency_percents) : 0);
        milliseconds latency_time = latency_trials * (goals.final_trial + trial_overhead);
        const milliseconds left = deadline - context.clock.now();
        if (latency_time * 3 > left) {
            latency_time = milliseconds{0};
        }
        goals.budget = left - latency_time;
        if (goals.budget < goals.initial_trial + trial_overhead) {
            return Verdict::skip("the slot leaves " + std::to_string(left.count()) + " ms, too little for a trial");
        }

        const search::SearchResult result = search::find_rates(
            goals, [&](double rate, milliseconds duration) { return this->trial(context, rate, duration, stop); });
        nlohmann::json out = search::ndrpdr_json(goals, result, {"ndr", "pdr"}, wire_bits());
        out["search"]["max-rate-source"] = top->source;
        out["search"]["frame-size"] = frame_size_;
        if (!top->unpaced_trial.is_null()) {
            out["search"]["unpaced-trial"] = top->unpaced_trial;
        }
        const search::Bounds& pdr = result.bounds[1];
        if (latency && pdr.lower && !stop.stop_requested()) {
            out["latency"] =
                measure_latency(context, *pdr.lower, goals.min_rate, goals.final_trial, deadline, stop);
        }
        context.recorder.throughput(context.pair.id, context.operation_id, result_type(), out);

        std::string message = bounds_text("NDR", result.bounds[0]) + ", " + bounds_text("PDR", pdr) +
                              " per direction; " + std::to_string(result.trials.size()) + " trials in " +
                              std::to_string(result.elapsed.count()) + " ms";
        if (!result.complete) {
            message += "; stopped by " + result.stopped_because + ": the best bounds so far";
        }
        return Verdict::pass(message);
    }

private:
    [[nodiscard]] std::string_view result_type() const override { return "NDRPDR"; }

    /// max_rate_pps when given; else the line rate, unless the pair carries
    /// more unpaced: a NIC cannot, so that speed is a virtual port's nominal
    /// one (ring, af_packet: 10G) and the unpaced rate is the top instead.
    /// Nothing when stopped.
    std::optional<Top> find_top(OperationContext& context, const search::SearchGoals& goals, std::stop_token stop)
    {
        if (goals.max_rate > 0) {
            return Top{goals.max_rate, "max_rate_pps", nullptr};
        }
        const auto trial = this->trial(context, 0, goals.initial_trial, stop);
        if (!trial) {
            return std::nullopt;
        }
        const double unpaced = static_cast<double>(trial->offered) / static_cast<double>(trial->directions.size()) /
                               std::chrono::duration<double>(trial->duration).count();
        const double line = line_rate();
        return Top{std::max(line, unpaced), unpaced > line ? "unpaced" : "line rate", search::trial_json(*trial)};
    }

    /// Per direction, the latency percentiles at `min_rate` and at 10, 50
    /// and 90 % of the PDR (CSIT's pdr_0, pdr_10, pdr_50, pdr_90), as far as
    /// the slot allows.
    nlohmann::json measure_latency(OperationContext& context, double pdr, double min_rate, milliseconds duration,
                                   milliseconds deadline, std::stop_token stop)
    {
        nlohmann::json latency = nlohmann::json::object();
        for (const int percent : latency_percents) {
            if (context.clock.now() + duration + trial_overhead > deadline) {
                latency["stopped-because"] = "time budget";
                break;
            }
            TrafficReport report;
            const double rate = percent == 0 ? min_rate : pdr * percent / 100.0;
            const auto trial = this->trial(context, rate, duration, stop, &report);
            if (!trial) {
                break;
            }
            const std::string key = "pdr_" + std::to_string(percent);
            for (std::size_t d = 0; d < report.directions.size() && d < std::size(direction_names); ++d) {
                const LatencySummary& summary = report.directions[d].latency;
                latency[direction_names[d]][key] = {{"rate-pps", trial->rate},
                                                    {"loss-ratio", trial->loss_ratio()},
                                                    {"samples", summary.count},
                                                    {"min-ns", summary.min_ns},
                                                    {"avg-ns", summary.mean_ns},
                                                    {"p50-ns", summary.p50_ns},
                                                    {"p90-ns", summary.p90_ns},
                                                    {"p99-ns", summary.p99_ns},
                                                    {"max-ns", summary.max_ns}};
            }
        }
        return latency;
    }
};

} // namespace

std::unique_ptr<operations::Operation> make_throughput_search(std::shared_ptr<PmdRuntime> runtime)
{
    return std::make_unique<ThroughputSearch>(std::move(runtime));
}

} // namespace hammer::pmd_ops
