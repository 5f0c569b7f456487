#include "pmd_ops/reconfigure_traffic.hpp"

#include "src/common/text.hpp"
#include "src/record/recorder.hpp"
#include "src/run/clock.hpp"

namespace hammer::pmd_ops {

using operations::OperationContext;
using operations::Verdict;

Result<void> ReconfigureTraffic::retarget(TrafficRun&, std::uint16_t)
{
    return {};
}

void ReconfigureTraffic::shape(TrafficProfile&) {}

Verdict ReconfigureTraffic::prepare(OperationContext& context)
{
    values_ = values(context);
    if (values_.empty()) {
        return Verdict::skip("no " + std::string{what()} + " value these ports can take");
    }
    max_loss_percent_ = context.params.at("max_loss_percent").get<double>();
    FrameMix mix = step_frames(context, {FrameSpec{}}, {1});
    profile_ = both_ways(std::move(mix.kinds), std::move(mix.order), rate_param(context), ports_->tx_pool());
    shape(profile_);
    loss_expected_ = true;
    return Verdict::pass();
}

/// Both ports down, the new value on each, both up again (stop_pair,
/// start_pair): memif disconnects on stop and its client connects when
/// started, so neither end may restart while the other still runs the old
/// connection. Each step is journaled as testpmd's command.
Verdict ReconfigureTraffic::change(OperationContext& context, std::uint16_t value)
{
    Port* ports[] = {&ports_->a, &ports_->b};
    const topology::Endpoint* endpoints[] = {&context.pair.a, &context.pair.b};
    const StoppedPair stopped = stop_ports(context);
    Verdict verdict = Verdict::pass();
    for (std::size_t i = 0; i < 2 && !stopped.failure && verdict.passed(); ++i) {
        const auto changed = apply(*ports[i], value);
        record_command(context, *endpoints[i], command(*ports[i], value), changed);
        if (!changed && (changed.error().code == ENOTSUP || changed.error().code == EOPNOTSUPP)) {
            // The driver cannot make this change at all (af_xdp sets its
            // queues up once) and has not touched the port: both start
            // again as they were, and the step says why it cannot run here.
            verdict = Verdict::skip(changed.error().to_string());
        } else if (!changed) {
            verdict = Verdict::error(changed.error().to_string());
        } else {
            context.recorder.state({endpoints[i]->node_id, endpoints[i]->tp.id}, "dpdk-" + std::string{what()},
                                   accepted(*ports[i], value));
        }
    }
    const auto started = start_ports(context, stopped);
    if (!started) {
        return Verdict::error(started.error().to_string());
    }
    if (!verdict.passed()) {
        return verdict;
    }
    for (Port* port : ports) {
        const auto link = port->wait_link_up(runtime_->options().link_up_timeout);
        if (!link || !link->up) {
            return Verdict::fail(port->name() + ": link not up again after the change of " + std::string{what()});
        }
    }
    return Verdict::pass();
}

Verdict ReconfigureTraffic::during(OperationContext& context, TrafficRun& traffic, std::chrono::milliseconds deadline,
                                   std::stop_token stop)
{
    // Each value gets an equal share of the slot, traffic before the first change included.
    const auto share = (deadline - context.clock.now()) / static_cast<long>(values_.size() + 1);
    for (const std::uint16_t value : values_) {
        const operations::TrafficMark lead = mark(context, traffic);
        if (!context.clock.sleep_for(share, stop)) {
            return Verdict::pass("stopped before the change to " + std::to_string(value) + " " + std::string{what()});
        }
        const operations::TrafficMark before = mark(context, traffic);
        if (auto held = traffic.hold(); !held) {
            return Verdict::error(held.error().to_string());
        }
        Verdict changed = change(context, value);
        if (changed.passed()) {
            if (auto fitted = retarget(traffic, value); !fitted) {
                changed = Verdict::error(fitted.error().to_string());
            }
        }
        traffic.resume();
        if (!changed.passed()) {
            return changed;
        }
        const std::uint64_t received = traffic.sample()[0].rx_packets;
        context.clock.sleep_for(share / 2, stop);
        if (!stop.stop_requested() && traffic.sample()[0].rx_packets == received) {
            recovered_ = false;
            failed_value_ = value;
        }
        // From before the hold until half a share after the resume: the
        // stop, the change, the start and the traffic finding its way again.
        if (!stop.stop_requested()) {
            outages_.push_back(record_outage(context, context.pair.a, std::string{what()} + " " + std::to_string(value),
                                             operations::outage_between(before, mark(context, traffic),
                                                                        offered_pps(lead, before))));
        }
    }
    context.clock.sleep_until(deadline, stop);
    return Verdict::pass();
}

Verdict ReconfigureTraffic::judge(OperationContext&, const TrafficReport& report)
{
    if (!recovered_) {
        return Verdict::fail("no frame arrived after the change to " + std::to_string(failed_value_) + " " +
                             std::string{what()});
    }
    for (const auto& direction : report.directions) {
        const double lost_percent =
            100.0 * static_cast<double>(direction.lost) / static_cast<double>(direction.tx_packets);
        if (lost_percent > max_loss_percent_) {
            return Verdict::fail(std::to_string(direction.lost) + " of " + std::to_string(direction.tx_packets) +
                                 " frames lost across the changes, above " + std::to_string(max_loss_percent_) +
                                 " %");
        }
    }
    return Verdict::pass(std::to_string(values_.size()) + " changes of " + std::string{what()} +
                         " under traffic; " + std::to_string(report.directions[0].lost) + " frames lost forward" +
                         (outages_.empty() ? "" : "; " + joined(outages_, "; ")));
}

Verdict ReconfigureTraffic::restore(OperationContext& context)
{
    if (at_initial(ports_->a) && at_initial(ports_->b)) {
        return Verdict::pass();
    }
    Verdict restored = change(context, initial());
    return restored.passed() ? restored : Verdict::fail("restore: " + restored.message);
}

} // namespace hammer::pmd_ops
