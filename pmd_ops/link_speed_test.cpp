#include "pmd_ops/traffic_operation.hpp"

#include "src/record/recorder.hpp"

namespace hammer::pmd_ops {
namespace {

using operations::OperationContext;
using operations::Verdict;

/// The rate a pair achieves against the link speed its ports report; both
/// are recorded. Virtual ports report a nominal speed (ring: 10G) that says
/// nothing of what they carry, so the comparison is data, not a verdict.
class LinkSpeedTest final : public TrafficOperation {
public:
    using TrafficOperation::TrafficOperation;

private:
    Verdict prepare(OperationContext& context) override
    {
        const auto link = ports_->a.link();
        if (!link) {
            return Verdict::error(link.error().to_string());
        }
        reported_mbps_ = link->speed_mbps;
        FrameMix mix = step_frames(context, {FrameSpec{}}, {1});
        profile_ = both_ways(std::move(mix.kinds), std::move(mix.order), rate_param(context), ports_->tx_pool());
        return Verdict::pass();
    }

    Verdict judge(OperationContext& context, const TrafficReport& report) override
    {
        const double seconds = std::chrono::duration<double>(report.duration).count();
        const auto& forward = report.directions[0];
        const auto wire_bytes = static_cast<double>(forward.rx_bytes + wire_overhead_bytes * forward.rx_packets);
        const double wire_bps = seconds > 0 ? wire_bytes * 8 / seconds : 0.0;
        const double achieved_mbps = wire_bps / 1e6;
        context.recorder.state({context.pair.a.node_id, context.pair.a.tp.id}, "link-speed-test",
                               {{"reported-mbps", reported_mbps_},
                                {"achieved-mbps", achieved_mbps},
                                {"achieved-pps", seconds > 0 ? static_cast<double>(forward.rx_packets) / seconds : 0.0},
                                {"frame-size", frame_size_param(context)}});
        const std::string speed = reported_mbps_ == 0 ? "unknown" : std::to_string(reported_mbps_) + " Mb/s";
        return Verdict::pass("achieved " + std::to_string(static_cast<std::uint64_t>(achieved_mbps)) +
                             " Mb/s on the wire; link reports " + speed);
    }

    std::uint32_t reported_mbps_ = 0;
};

} // namespace

std::unique_ptr<operations::Operation> make_link_speed_test(std::shared_ptr<PmdRuntime> runtime)
{
    return std::make_unique<LinkSpeedTest>(std::move(runtime));
}

} // namespace hammer::pmd_ops
