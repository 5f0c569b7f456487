#include "pmd_ops/traffic_operation.hpp"

#include "src/record/recorder.hpp"

namespace hammer::pmd_ops {
namespace {

using operations::OperationContext;
using operations::Verdict;

/// Frames with a fixed, incrementing or random payload, every byte checked;
/// the achieved rates are the pair's baseline.
class PayloadBaseline final : public TrafficOperation {
public:
    using TrafficOperation::TrafficOperation;

private:
    Verdict prepare(OperationContext& context) override
    {
        const std::string pattern = context.params.at("payload").get<std::string>();
        FrameSpec frame;
        frame.pattern = pattern == "fixed"  ? PayloadPattern::fixed
                        : pattern == "random" ? PayloadPattern::random
                                              : PayloadPattern::incrementing;
        frame.seed = context.seed;
        FrameMix mix = step_frames(context, {frame}, {1});
        profile_ = both_ways(std::move(mix.kinds), std::move(mix.order), rate_param(context), ports_->tx_pool());
        profile_.verify_payload = true;
        return Verdict::pass();
    }

    Verdict judge(OperationContext& context, const TrafficReport& report) override
    {
        const double seconds = std::chrono::duration<double>(report.duration).count();
        nlohmann::json baseline = nlohmann::json::object();
        for (std::size_t d = 0; d < report.directions.size(); ++d) {
            const auto& direction = report.directions[d];
            baseline[d == 0 ? "forward" : "reverse"] = {
                {"pps", seconds > 0 ? static_cast<double>(direction.rx_packets) / seconds : 0.0},
                {"bps", seconds > 0 ? static_cast<double>(direction.rx_bytes) * 8 / seconds : 0.0},
                {"p99-ns", direction.latency.p99_ns}};
        }
        baseline["frame-size"] = frame_size_param(context);
        baseline["payload"] = context.params.at("payload");
        context.recorder.state({context.pair.a.node_id, context.pair.a.tp.id}, "payload-baseline", baseline);
        return Verdict::pass(std::to_string(report.directions[0].rx_packets) + " frames forward, byte-exact");
    }
};

} // namespace

std::unique_ptr<operations::Operation> make_payload_baseline(std::shared_ptr<PmdRuntime> runtime)
{
    return std::make_unique<PayloadBaseline>(std::move(runtime));
}

} // namespace hammer::pmd_ops
