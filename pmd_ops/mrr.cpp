#include "pmd_ops/trial_operation.hpp"

#include "src/record/recorder.hpp"
#include "src/run/clock.hpp"
#include "src/search/result_json.hpp"

namespace hammer::pmd_ops {
namespace {

using operations::OperationContext;
using operations::Verdict;
using std::chrono::milliseconds;

/// The rate the pair receives at a set offered load (rate_pps, else
/// rate_percent of the line rate, else unpaced), trial after trial as far
/// as the slot allows: CSIT's MRR. The result goes to the journal as an
/// MRR "throughput" event.
class Mrr final : public TrialOperation {
public:
    using TrialOperation::TrialOperation;

    Verdict run(OperationContext& context, milliseconds deadline, std::stop_token stop) override
    {
        const auto& params = context.params;
        double offered = params.at("rate_pps").get<double>();
        if (offered == 0) {
            offered = line_rate() * params.at("rate_percent").get<double>() / 100.0;
        }
        const auto wanted = params.at("trials").get<unsigned>();
        const milliseconds duration = seconds_param(context, "trial_seconds");
        std::vector<search::Trial> trials;
        while (trials.size() < wanted && context.clock.now() + duration + trial_overhead <= deadline) {
            auto trial = this->trial(context, offered, duration, stop);
            if (!trial) {
                break;
            }
            trials.push_back(*trial);
        }
        if (trials.empty()) {
            return Verdict::skip("the slot leaves no time for a trial of " + std::to_string(duration.count()) + " ms");
        }
        nlohmann::json out = search::mrr_json(trials, offered, wire_bits());
        out["trials-wanted"] = wanted;
        out["frame-size"] = frame_size_;
        const double received = out["receive_rate"]["rate"]["avg"].get<double>() / 2.0;
        context.recorder.throughput(context.pair.id, context.operation_id, result_type(), out);
        std::string message = "received " + std::to_string(static_cast<std::uint64_t>(received)) +
                              " pps per direction (mean of " + std::to_string(trials.size()) + " trials), offered " +
                              (offered > 0 ? std::to_string(static_cast<std::uint64_t>(offered)) + " pps" : "unpaced");
        if (trials.size() < wanted) {
            message +=
                "; " + std::to_string(trials.size()) + " of " + std::to_string(wanted) + " trials fitted the slot";
        }
        return Verdict::pass(message);
    }

private:
    [[nodiscard]] std::string_view result_type() const override { return "MRR"; }
};

} // namespace

std::unique_ptr<operations::Operation> make_mrr(std::shared_ptr<PmdRuntime> runtime)
{
    return std::make_unique<Mrr>(std::move(runtime));
}

} // namespace hammer::pmd_ops
