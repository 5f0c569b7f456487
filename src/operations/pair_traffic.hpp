#pragma once

// Traffic a pair carries while a control operation works on it: the run
// config's background_traffic, started by the control operation around its
// work and measured at every change it makes (operations::Outage).

#include "src/config/run_config.hpp"
#include "src/operations/outcome.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace hammer::operations {

struct OperationContext;

/// Traffic running both ways on a pair's DPDK ports.
class RunningTraffic {
public:
    RunningTraffic() = default;
    RunningTraffic(const RunningTraffic&) = delete;
    RunningTraffic& operator=(const RunningTraffic&) = delete;
    virtual ~RunningTraffic() = default;

    /// Test frames received so far, both directions together.
    [[nodiscard]] virtual std::uint64_t received() const = 0;
    /// What is offered, both directions together, in frames per second.
    [[nodiscard]] virtual double offered_pps() const = 0;
    /// Stops the traffic, waits for the frames in flight, and journals what
    /// it carried as the step's `traffic` (one per direction). FAIL when
    /// frames arrived altered or twice: the control changes broke the data
    /// path, not just paused it.
    virtual Verdict finish(OperationContext& context) = 0;
};

/// Starts background traffic on pairs: implemented by pmd_ops.
class TrafficSource {
public:
    TrafficSource() = default;
    TrafficSource(const TrafficSource&) = delete;
    TrafficSource& operator=(const TrafficSource&) = delete;
    virtual ~TrafficSource() = default;

    /// Starts `traffic` on the pair of `context`; null with `why_not` set
    /// when the pair cannot carry it (no DPDK port on an end, the ports do
    /// not start). The step then runs without it.
    [[nodiscard]] virtual std::unique_ptr<RunningTraffic> start(OperationContext& context,
                                                                const config::BackgroundTraffic& traffic,
                                                                std::string& why_not) = 0;
};

} // namespace hammer::operations
