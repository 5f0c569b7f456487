#pragma once

#include "pmd_ops/engine.hpp"

#include <cstdint>
#include <vector>

namespace hammer::pmd_ops::bench {

/// Packets and bytes summed over every direction of a set of jobs.
struct Counts {
    std::uint64_t tx_packets = 0;
    std::uint64_t tx_bytes = 0;
    std::uint64_t rx_packets = 0;
    std::uint64_t rx_bytes = 0;
};

/// What a set of running jobs moved during one measured window.
struct Window {
    double seconds = 0;
    Counts moved;

    [[nodiscard]] double tx_pps() const noexcept { return per_second(moved.tx_packets); }
    [[nodiscard]] double rx_pps() const noexcept { return per_second(moved.rx_packets); }
    /// Bits of frames (without FCS) per second.
    [[nodiscard]] double tx_bps() const noexcept { return per_second(moved.tx_bytes) * 8; }
    [[nodiscard]] double rx_bps() const noexcept { return per_second(moved.rx_bytes) * 8; }

private:
    [[nodiscard]] double per_second(std::uint64_t value) const noexcept
    {
        return seconds > 0 ? static_cast<double>(value) / seconds : 0.0;
    }
};

/// The live counters of `runs`, summed (TrafficRun::sample()).
[[nodiscard]] Counts totals(const std::vector<const TrafficRun*>& runs);

/// Counts what `runs` move in the next `seconds`, the way testpmd's
/// --stats-period does: counters read at both ends of the window, divided
/// by the time between the two reads.
[[nodiscard]] Window measure(const std::vector<const TrafficRun*>& runs, double seconds);

/// Sleeps `seconds` (warm-up, settling).
void pause_for(double seconds);

} // namespace hammer::pmd_ops::bench
