#include "pmd_ops/traffic_operation.hpp"


namespace hammer::pmd_ops {
namespace {

using operations::OperationContext;
using operations::Verdict;

constexpr const char* class_names[] = {"unicast", "multicast", "broadcast"};

/// Unicast, multicast and broadcast frames in both directions; the receiver's
/// per-class counts must match what was sent.
class TrafficMix final : public TrafficOperation {
public:
    using TrafficOperation::TrafficOperation;

private:
    Verdict prepare(OperationContext& context) override
    {
        std::vector<unsigned> weights;
        std::vector<FrameSpec> flows;
        const FrameClass classes[] = {FrameClass::unicast, FrameClass::multicast, FrameClass::broadcast};
        for (std::size_t c = 0; c < 3; ++c) {
            const auto weight = context.params.at(std::string{class_names[c]} + "_weight").get<unsigned>();
            if (weight != 0) {
                weights.push_back(weight);
                FrameSpec frame;
                frame.frame_class = classes[c];
                flows.push_back(frame);
            }
        }
        if (flows.empty()) {
            return Verdict::skip("every class weight is 0: nothing to send");
        }
        FrameMix mix = step_frames(context, flows, weights);
        profile_ = both_ways(std::move(mix.kinds), std::move(mix.order), rate_param(context), ports_->tx_pool());
        return Verdict::pass();
    }

    Verdict judge(OperationContext&, const TrafficReport& report) override
    {
        std::string counts;
        for (std::size_t d = 0; d < report.directions.size(); ++d) {
            const auto& direction = report.directions[d];
            for (std::size_t c = 0; c < frame_class_count; ++c) {
                if (direction.rx_by_class[c] != direction.tx_by_class[c]) {
                    return Verdict::fail(std::string{d == 0 ? "forward " : "reverse "} + class_names[c] + ": sent " +
                                         std::to_string(direction.tx_by_class[c]) + ", received " +
                                         std::to_string(direction.rx_by_class[c]));
                }
            }
        }
        const auto& forward = report.directions[0];
        for (std::size_t c = 0; c < frame_class_count; ++c) {
            counts += std::string{c == 0 ? "" : ", "} + class_names[c] + " " + std::to_string(forward.rx_by_class[c]);
        }
        return Verdict::pass("forward: " + counts + "; every class received as sent");
    }
};

} // namespace

std::unique_ptr<operations::Operation> make_traffic_mix(std::shared_ptr<PmdRuntime> runtime)
{
    return std::make_unique<TrafficMix>(std::move(runtime));
}

} // namespace hammer::pmd_ops
