#include "pmd_ops/reconfigure_traffic.hpp"
#include "pmd_ops/testpmd_commands.hpp"

#include <algorithm>

namespace hammer::pmd_ops {
namespace {

using operations::OperationContext;

/// The DPDK side of a channel change: changes the RX/TX queue counts of
/// both ports while traffic runs (ReconfigureTraffic: hold every lcore of
/// the pair, stop, configure the new counts, queue setup, start, resume).
/// The job is built for the most queues a step reaches and polls only the
/// queues the ports have after each change; the rate is shared out over them.
class QueueChangeTraffic final : public ReconfigureTraffic {
public:
    using ReconfigureTraffic::ReconfigureTraffic;

private:
    std::string_view what() const override { return "queues"; }

    std::vector<std::uint16_t> values(OperationContext& context) override
    {
        // Counts above what either device offers cannot be set: left out,
        // as channel_change leaves out counts above the driver's maximum.
        std::uint16_t most = 0;
        for (const Port* port : {&ports_->a, &ports_->b}) {
            const auto info = port->info();
            const std::uint16_t device = info ? std::min(info->max_rx_queues, info->max_tx_queues) : 1;
            most = most == 0 ? device : std::min(most, device);
        }
        std::vector<std::uint16_t> counts;
        for (const auto count : context.params.at("counts").get<std::vector<std::uint16_t>>()) {
            if (count <= most) {
                counts.push_back(count);
            }
        }
        return counts;
    }

    void shape(TrafficProfile& profile) override
    {
        std::uint16_t most = ports_->queues;
        for (const std::uint16_t count : steps()) {
            most = std::max(most, count);
        }
        for (DirectionSpec& direction : profile.directions) {
            direction.queues = most;
        }
        profile.active_queues = ports_->queues;
    }

    Result<void> apply(Port& port, std::uint16_t count) override { return port.change_queues(count, count); }

    Result<void> retarget(TrafficRun& traffic, std::uint16_t count) override { return traffic.activate(count); }

    std::string command(const Port&, std::uint16_t count) const override
    {
        return testpmd::queue_counts(count, count);
    }

    nlohmann::json accepted(const Port& port, std::uint16_t count) const override
    {
        return {{"asked", count}, {"rx", port.config().rx_queues}, {"tx", port.config().tx_queues}, {"rss", port.rss()}};
    }

    std::uint16_t initial() const override { return ports_->queues; }

    bool at_initial(const Port& port) const override
    {
        return port.config().rx_queues == ports_->queues && port.config().tx_queues == ports_->queues;
    }
};

} // namespace

std::unique_ptr<operations::Operation> make_queue_change_traffic(std::shared_ptr<PmdRuntime> runtime)
{
    return std::make_unique<QueueChangeTraffic>(std::move(runtime));
}

} // namespace hammer::pmd_ops
