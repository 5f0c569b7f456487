#pragma once

#include "pmd_ops/port.hpp"
#include "pmd_ops/runtime.hpp"
#include "src/operations/operation.hpp"

#include <optional>

namespace hammer::pmd_ops {

/// The port stats of a pair's two ports over one step: read at start(),
/// journaled as the step's `counters` (deltas, rx and tx) at record().
/// Nothing is recorded when either read failed.
class PortCounters {
public:
    void start(const PairPorts& ports);
    void record(const operations::OperationContext& context, const PairPorts& ports) const;

private:
    std::optional<PortStats> before_a_;
    std::optional<PortStats> before_b_;
};

} // namespace hammer::pmd_ops
