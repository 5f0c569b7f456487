#include "pmd_ops/port_counters.hpp"

#include "src/record/recorder.hpp"

namespace hammer::pmd_ops {
namespace {

nlohmann::json deltas(const PortStats& before, const PortStats& after, bool rx)
{
    if (rx) {
        return {{"packets", after.rx_packets - before.rx_packets},
                {"bytes", after.rx_bytes - before.rx_bytes},
                {"missed", after.rx_missed - before.rx_missed},
                {"errors", after.rx_errors - before.rx_errors}};
    }
    return {{"packets", after.tx_packets - before.tx_packets},
            {"bytes", after.tx_bytes - before.tx_bytes},
            {"errors", after.tx_errors - before.tx_errors}};
}

} // namespace

void PortCounters::start(const PairPorts& ports)
{
    const auto stats_a = ports.a.stats();
    const auto stats_b = ports.b.stats();
    if (stats_a && stats_b) {
        before_a_ = stats_a.value();
        before_b_ = stats_b.value();
    }
}

void PortCounters::record(const operations::OperationContext& context, const PairPorts& ports) const
{
    if (!before_a_ || !before_b_) {
        return;
    }
    const auto after_a = ports.a.stats();
    const auto after_b = ports.b.stats();
    if (after_a && after_b) {
        context.recorder.counters({context.pair.a.node_id, context.pair.a.tp.id},
                                  deltas(*before_a_, after_a.value(), true),
                                  deltas(*before_a_, after_a.value(), false));
        context.recorder.counters({context.pair.b.node_id, context.pair.b.tp.id},
                                  deltas(*before_b_, after_b.value(), true),
                                  deltas(*before_b_, after_b.value(), false));
    }
}

} // namespace hammer::pmd_ops
