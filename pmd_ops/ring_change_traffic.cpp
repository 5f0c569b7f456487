#include "pmd_ops/traffic_operation.hpp"

#include "src/record/recorder.hpp"
#include "src/run/clock.hpp"

namespace hammer::pmd_ops {
namespace {

using operations::OperationContext;
using operations::Verdict;

/// Changes the rx/tx descriptor counts of both ports' queues while traffic
/// runs: hold the job (the lcore lets go of the ports), stop both ports,
/// set the queues up again, start both, resume. Frames in the queues at the
/// stop may be lost, within max_loss_percent; traffic must flow again after
/// every change.
class RingChangeTraffic final : public TrafficOperation {
public:
    using TrafficOperation::TrafficOperation;

private:
    Verdict prepare(OperationContext& context) override
    {
        sizes_ = context.params.at("sizes").get<std::vector<std::uint16_t>>();
        max_loss_percent_ = context.params.at("max_loss_percent").get<double>();
        FrameSpec frame;
        frame.size = frame_size_param(context);
        profile_ = both_ways({frame}, {}, rate_param(context), ports_->tx_pool());
        loss_expected_ = true;
        return Verdict::pass();
    }

    /// Both ports down, new counts, both up again, a before b: memif
    /// disconnects on stop and its client connects when started, so neither
    /// end may restart while the other still runs the old connection.
    Verdict change(OperationContext& context, std::uint16_t rx, std::uint16_t tx)
    {
        Port* ports[] = {&ports_->a, &ports_->b};
        const topology::Endpoint* endpoints[] = {&context.pair.a, &context.pair.b};
        for (std::size_t i = 0; i < 2; ++i) {
            const auto stopped = ports[i]->stop();
            record_command(context, *endpoints[i], "rte_eth_dev_stop(port=" + std::to_string(ports[i]->id()) + ")",
                           stopped);
            if (!stopped) {
                return Verdict::error(stopped.error().to_string());
            }
        }
        for (std::size_t i = 0; i < 2; ++i) {
            const auto changed = ports[i]->change_descriptors(rx, tx);
            const std::string port = std::to_string(ports[i]->id());
            record_command(context, *endpoints[i],
                           "rte_eth_rx_queue_setup(port=" + port + ", queue=0, nb_rx_desc=" + std::to_string(rx) +
                               "); rte_eth_tx_queue_setup(port=" + port + ", queue=0, nb_tx_desc=" +
                               std::to_string(tx) + ")",
                           changed);
            if (!changed) {
                return Verdict::error(changed.error().to_string());
            }
            const auto started = ports[i]->start();
            record_command(context, *endpoints[i], "rte_eth_dev_start(port=" + port + ")", started);
            if (!started) {
                return Verdict::error(started.error().to_string());
            }
            // What the driver accepted (it may round or clamp): a driver limit, recorded as data.
            context.recorder.state({endpoints[i]->node_id, endpoints[i]->tp.id}, "dpdk-descriptors",
                                   {{"asked-rx", rx},
                                    {"asked-tx", tx},
                                    {"rx", ports[i]->config().rx_descriptors},
                                    {"tx", ports[i]->config().tx_descriptors}});
        }
        for (Port* port : ports) {
            const auto link = port->wait_link_up(runtime_->options().link_up_timeout);
            if (!link || !link->up) {
                return Verdict::fail(port->name() + ": link not up again after the descriptor change");
            }
        }
        return Verdict::pass();
    }

    Verdict during(OperationContext& context, TrafficRun& traffic, std::chrono::milliseconds deadline,
                   std::stop_token stop) override
    {
        // Each size gets an equal share of the slot, traffic before the first change included.
        const auto share = (deadline - context.clock.now()) / static_cast<long>(sizes_.size() + 1);
        for (const std::uint16_t size : sizes_) {
            if (!context.clock.sleep_for(share, stop)) {
                return Verdict::pass("stopped before the change to " + std::to_string(size));
            }
            if (auto held = traffic.hold(); !held) {
                return Verdict::error(held.error().to_string());
            }
            Verdict changed = change(context, size, size);
            traffic.resume();
            if (!changed.passed()) {
                return changed;
            }
            const std::uint64_t received = traffic.sample()[0].rx_packets;
            context.clock.sleep_for(share / 2, stop);
            if (!stop.stop_requested() && traffic.sample()[0].rx_packets == received) {
                recovered_ = false;
                failed_size_ = size;
            }
        }
        context.clock.sleep_until(deadline, stop);
        return Verdict::pass();
    }

    Verdict judge(OperationContext&, const TrafficReport& report) override
    {
        if (!recovered_) {
            return Verdict::fail("no frame arrived after the change to " + std::to_string(failed_size_) +
                                 " descriptors");
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
        return Verdict::pass(std::to_string(sizes_.size()) + " descriptor changes under traffic; " +
                             std::to_string(report.directions[0].lost) + " frames lost forward");
    }

    Verdict restore(OperationContext& context) override
    {
        const auto& options = runtime_->options();
        if (ports_->a.config().rx_descriptors == options.rx_descriptors &&
            ports_->a.config().tx_descriptors == options.tx_descriptors &&
            ports_->b.config().rx_descriptors == options.rx_descriptors &&
            ports_->b.config().tx_descriptors == options.tx_descriptors) {
            return Verdict::pass();
        }
        Verdict restored = change(context, options.rx_descriptors, options.tx_descriptors);
        return restored.passed() ? restored : Verdict::fail("restore: " + restored.message);
    }

    std::vector<std::uint16_t> sizes_;
    double max_loss_percent_ = 0;
    bool recovered_ = true;
    std::uint16_t failed_size_ = 0;
};

} // namespace

std::unique_ptr<operations::Operation> make_ring_change_traffic(std::shared_ptr<PmdRuntime> runtime)
{
    return std::make_unique<RingChangeTraffic>(std::move(runtime));
}

} // namespace hammer::pmd_ops
