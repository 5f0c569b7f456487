#include "pmd_ops/traffic_operation.hpp"

#include <numeric>

namespace hammer::pmd_ops {
namespace {

using operations::OperationContext;
using operations::Verdict;

constexpr const char* class_names[] = {"unicast", "multicast", "broadcast"};

/// Spreads flows by weight as evenly as possible (smooth weighted round
/// robin, as nginx balances upstreams): 8:1:1 gives 0,0,0,0,1,0,0,0,0,2
/// rather than eight unicast frames in a row.
std::vector<std::uint16_t> interleave(const std::vector<unsigned>& weights)
{
    const unsigned total = std::accumulate(weights.begin(), weights.end(), 0U);
    std::vector<long> current(weights.size(), 0);
    std::vector<std::uint16_t> order;
    for (unsigned step = 0; step < total; ++step) {
        std::size_t best = 0;
        for (std::size_t i = 0; i < weights.size(); ++i) {
            current[i] += weights[i];
            if (current[i] > current[best]) {
                best = i;
            }
        }
        current[best] -= total;
        order.push_back(static_cast<std::uint16_t>(best));
    }
    return order;
}

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
                frame.size = frame_size_param(context);
                flows.push_back(frame);
            }
        }
        if (flows.empty()) {
            return Verdict::skip("every class weight is 0: nothing to send");
        }
        profile_ = both_ways(flows, interleave(weights), rate_param(context), ports_->tx_pool());
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
