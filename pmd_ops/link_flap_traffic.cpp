#include "pmd_ops/traffic_operation.hpp"

#include "src/control/errors.hpp"
#include "src/control/port_control.hpp"
#include "src/control/responses.hpp"
#include "src/record/recorder.hpp"
#include "src/run/clock.hpp"

#include <optional>

namespace hammer::pmd_ops {
namespace {

using operations::OperationContext;
using operations::Verdict;

/// Traffic on the DPDK ports while side a's link is set down for
/// down_seconds and up again, through the port-control interface: the kernel
/// interface under the port (attr.kernel: the veth af_packet or af_xdp sits
/// on) by rtnetlink, else the ethdev port itself (rte_eth_dev_set_link_down,
/// as testpmd's `set link-down port N`). Traffic must stop and come back
/// once carrier returns; every frame sent is either received or counted
/// lost; the flap's outage (frames the offered rate did not deliver, as
/// time) is recorded, and comes out close to the down time.
class LinkFlapTraffic final : public TrafficOperation {
public:
    LinkFlapTraffic(std::shared_ptr<PmdRuntime> runtime, control::ControlBackends control)
        : TrafficOperation{std::move(runtime)}, control_{std::move(control)}
    {
    }

private:
    Verdict prepare(OperationContext& context) override
    {
        control::OpenedPort opened = control::open_port(control_, context, context.pair.a);
        if (!opened.port) {
            return opened.verdict;
        }
        port_ = std::move(opened.port);
        down_ = std::chrono::milliseconds{
            static_cast<long>(context.params.at("down_seconds").get<double>() * 1000.0)};
        FrameMix mix = step_frames(context, {FrameSpec{}}, {1});
        profile_ = both_ways(std::move(mix.kinds), std::move(mix.order), rate_param(context), ports_->tx_pool());
        loss_expected_ = true;
        return Verdict::pass();
    }

    Verdict set_admin(OperationContext& context, bool up)
    {
        const auto set = port_->set_admin(up);
        context.recorder.command({context.pair.a.node_id, context.pair.a.tp.id}, port_->set_admin_command(up),
                                 set ? 0 : set.error().error_number,
                                 set ? "" : control::error_response(set.error().error_number, set.error().message));
        if (!set) {
            return control::verdict_for(set.error());
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
        // Traffic first, so "it stopped" and "it came back" compare with a
        // running flow; the second half of the lead-in measures the rate
        // that arrives, for traffic as fast as the port takes.
        const auto lead_in = std::min<std::chrono::milliseconds>((deadline - context.clock.now()) / 3, down_) / 2;
        if (!context.clock.sleep_for(lead_in, stop)) {
            return Verdict::pass("stopped before the flap");
        }
        const operations::TrafficMark lead = mark(context, traffic);
        if (!context.clock.sleep_for(lead_in, stop)) {
            return Verdict::pass("stopped before the flap");
        }
        const operations::TrafficMark before = mark(context, traffic);
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
        auto carrier = control::wait_for_carrier(*port_, runtime_->options().link_up_timeout, context.clock, stop);
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
        if (flap_complete_) {
            outage_ = record_outage(context, context.pair.a, "link down " + std::to_string(down_.count()) + " ms",
                                    operations::outage_between(before, mark(context, traffic), offered_pps(lead, before)));
        }
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
                                 port_->name() + " was down");
        }
        if (!resumed_) {
            return Verdict::fail("traffic did not resume after carrier returned");
        }
        return Verdict::pass(outage_ + "; traffic resumed; " + losses);
    }

    Verdict restore(OperationContext& context) override
    {
        if (!admin_down_) {
            return Verdict::pass();
        }
        Verdict up = set_admin(context, true);
        return up.passed() ? up : Verdict::fail("restore: " + up.message);
    }

    control::ControlBackends control_;
    std::unique_ptr<control::PortControl> port_;
    std::string outage_; ///< the flap's outage, for the step's message
    std::chrono::milliseconds down_{};
    bool admin_down_ = false;
    bool resumed_ = false;
    bool flap_complete_ = false;
    std::uint64_t received_in_down_window_ = 0; ///< from link down to link up
    std::uint64_t received_while_down_ = 0;     ///< idem, less the first frames still in flight
};

} // namespace

std::unique_ptr<operations::Operation> make_link_flap_traffic(std::shared_ptr<PmdRuntime> runtime,
                                                              control::ControlBackends control)
{
    return std::make_unique<LinkFlapTraffic>(std::move(runtime), std::move(control));
}

} // namespace hammer::pmd_ops
