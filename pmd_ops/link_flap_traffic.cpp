#include "pmd_ops/traffic_operation.hpp"

#include "kernel_ops/errors.hpp"
#include "kernel_ops/netlink.hpp"
#include "src/record/recorder.hpp"
#include "src/run/clock.hpp"

#include <optional>

namespace hammer::pmd_ops {
namespace {

using operations::OperationContext;
using operations::Verdict;

/// Traffic on the DPDK ports while the kernel interface under side a is set
/// down for down_seconds and up again (rtnetlink, through kernel_ops).
/// Traffic must stop and come back once carrier returns; every frame sent is
/// either received or counted lost, and the losses of the down window are
/// recorded. Needs attr.kernel (the interface af_packet/af_xdp sit on).
class LinkFlapTraffic final : public TrafficOperation {
public:
    using TrafficOperation::TrafficOperation;

private:
    Verdict prepare(OperationContext& context) override
    {
        if (!context.pair.a.tp.kernel) {
            return Verdict::skip(context.pair.a.name() + " has no attr.kernel: no interface to flap");
        }
        auto netlink = kernel_ops::Netlink::open(context.pair.a.tp.kernel->netns);
        if (!netlink) {
            return kernel_ops::verdict_for(netlink.error());
        }
        netlink_.emplace(std::move(netlink).value());
        down_ = std::chrono::milliseconds{
            static_cast<long>(context.params.at("down_seconds").get<double>() * 1000.0)};
        FrameSpec frame;
        frame.size = frame_size_param(context);
        profile_ = both_ways({frame}, {}, rate_param(context), ports_->tx_pool());
        loss_expected_ = true;
        return Verdict::pass();
    }

    Verdict set_admin(OperationContext& context, bool up)
    {
        const std::string& ifname = context.pair.a.tp.kernel->ifname;
        const auto set = netlink_->set_admin(ifname, up);
        const std::string netns = context.pair.a.tp.kernel->netns;
        context.recorder.command({context.pair.a.node_id, context.pair.a.tp.id},
                                 (netns.empty() ? "" : "ip -n " + netns + " ") + "ip link set dev " + ifname +
                                     (up ? " up" : " down"),
                                 set ? 0 : -set.error().error_number, set ? "" : set.error().describe());
        if (!set) {
            return kernel_ops::verdict_for(set.error());
        }
        admin_down_ = !up;
        return Verdict::pass();
    }

    [[nodiscard]] static std::uint64_t received(const TrafficRun& traffic)
    {
        std::uint64_t total = 0;
        for (const auto& direction : traffic.sample()) {
            total += direction.rx_packets;
        }
        return total;
    }

    Verdict during(OperationContext& context, TrafficRun& traffic, std::chrono::milliseconds deadline,
                   std::stop_token stop) override
    {
        // Traffic first, so "it stopped" and "it came back" compare with a running flow.
        const auto lead = std::min<std::chrono::milliseconds>((deadline - context.clock.now()) / 3, down_);
        if (!context.clock.sleep_for(lead, stop)) {
            return Verdict::pass("stopped before the flap");
        }
        if (Verdict down = set_admin(context, false); !down.passed()) {
            return down;
        }
        const std::uint64_t at_down = received(traffic);
        // Frames already on their way when the link went down may still
        // land; after that nothing may arrive until the link is up again.
        const auto in_flight = std::min<std::chrono::milliseconds>(down_ / 4, std::chrono::milliseconds{100});
        context.clock.sleep_for(in_flight, stop);
        const std::uint64_t settled = received(traffic);
        context.clock.sleep_for(down_ - in_flight, stop);
        const std::uint64_t at_up = received(traffic);
        received_while_down_ = at_up - settled;
        if (Verdict up = set_admin(context, true); !up.passed()) {
            return up;
        }
        auto carrier = netlink_->wait_for_carrier(context.pair.a.tp.kernel->ifname,
                                                  runtime_->options().link_up_timeout, context.clock, stop);
        if (!carrier) {
            return Verdict::fail("carrier did not return: " + carrier.error().describe());
        }
        received_in_down_window_ = at_up - at_down;
        // The flow must be back: something arrives after carrier returned.
        const std::uint64_t at_carrier = received(traffic);
        context.clock.sleep_until(std::max(deadline, context.clock.now() + std::chrono::milliseconds{100}), stop);
        resumed_ = received(traffic) > at_carrier;
        // A stop cuts the windows short: what they saw proves nothing either way.
        flap_complete_ = !stop.stop_requested();
        return Verdict::pass();
    }

    Verdict judge(OperationContext& context, const TrafficReport& report) override
    {
        nlohmann::json flap{{"down-ms", down_.count()},
                            {"received-in-down-window", received_in_down_window_},
                            {"received-while-down", received_while_down_}};
        std::string losses;
        for (std::size_t d = 0; d < report.directions.size(); ++d) {
            const auto& direction = report.directions[d];
            const char* name = d == 0 ? "forward" : "reverse";
            flap[name] = {{"tx-packets", direction.tx_packets},
                          {"rx-packets", direction.rx_packets},
                          {"lost", direction.lost},
                          {"tx-refused", direction.tx_refused}};
            // Every frame sent is received once or counted lost.
            if (direction.rx_packets - direction.duplicates + direction.lost != direction.tx_packets) {
                return Verdict::fail(std::string{name} + ": " + std::to_string(direction.tx_packets) + " sent, " +
                                     std::to_string(direction.rx_packets) + " received, " +
                                     std::to_string(direction.lost) + " lost: does not add up");
            }
            losses += std::string{d == 0 ? "" : ", "} + name + " lost " + std::to_string(direction.lost);
        }
        context.recorder.state({context.pair.a.node_id, context.pair.a.tp.id}, "link-flap-traffic", flap);
        if (!flap_complete_) {
            return Verdict::pass("stopped before the flap was complete; " + losses);
        }
        if (received_while_down_ != 0) {
            return Verdict::fail(std::to_string(received_while_down_) + " frames arrived while " +
                                 context.pair.a.tp.kernel->ifname + " was down");
        }
        if (!resumed_) {
            return Verdict::fail("traffic did not resume after carrier returned");
        }
        return Verdict::pass("link down " + std::to_string(down_.count()) + " ms; traffic resumed; " + losses);
    }

    Verdict restore(OperationContext& context) override
    {
        if (!admin_down_) {
            return Verdict::pass();
        }
        Verdict up = set_admin(context, true);
        return up.passed() ? up : Verdict::fail("restore: " + up.message);
    }

    std::optional<kernel_ops::Netlink> netlink_;
    std::chrono::milliseconds down_{};
    bool admin_down_ = false;
    bool resumed_ = false;
    bool flap_complete_ = false;
    std::uint64_t received_in_down_window_ = 0; ///< from link down to link up
    std::uint64_t received_while_down_ = 0;     ///< idem, less the first frames still in flight
};

} // namespace

std::unique_ptr<operations::Operation> make_link_flap_traffic(std::shared_ptr<PmdRuntime> runtime)
{
    return std::make_unique<LinkFlapTraffic>(std::move(runtime));
}

} // namespace hammer::pmd_ops
