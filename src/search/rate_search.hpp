#pragma once

// The throughput search of throughput_search (RFC 2544 §26.1 throughput,
// found the way FD.io CSIT's MLRsearch finds NDR and PDR): pure code, no
// DPDK, driven through a measure callback, so unit tests run it against a
// modelled device and pmd_ops against real ports.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace hammer::search {

/// What the search looks for and how long it may take.
struct SearchGoals {
    /// Loss-ratio thresholds (0: no loss; 0.005: 0.5 %), each searched at
    /// once: NDR and PDR are {0, 0.005}. Ascending.
    std::vector<double> loss_ratios{0.0, 0.005};
    /// Done when (upper - lower) / upper is at most this in the final phase.
    double width = 0.005;
    double min_rate = 0; ///< offered frames per second per direction, > 0
    double max_rate = 0; ///< idem, > min_rate: the line rate or the unpaced rate
    /// Phases: the first measures for initial_trial, the last for
    /// final_trial, those between for durations in geometric progression;
    /// each phase doubles the width goal of the next, so short trials find
    /// the region and long ones settle it (MLRsearch's phases).
    unsigned phases = 3;
    std::chrono::milliseconds initial_trial{250};
    std::chrono::milliseconds final_trial{1000};
    /// All trials together, their overhead included, may take no longer:
    /// the search stops before a trial that would cross it.
    std::chrono::milliseconds budget{60000};
};

/// What one direction of a trial carried, in frames.
struct DirectionCount {
    std::uint64_t offered = 0;
    std::uint64_t received = 0;
};

/// One measurement: `rate` offered per direction for `duration`.
struct Trial {
    double rate = 0;
    std::chrono::milliseconds duration{0}; ///< what was asked for
    unsigned phase = 0;
    std::uint64_t offered = 0;  ///< frames, every direction: sent, plus what the sender failed to send on time
    std::uint64_t received = 0; ///< frames, every direction
    std::vector<DirectionCount> directions; ///< forward, reverse: what offered and received sum
    /// Wall time the trial took, start-up and drain included: what the budget counts.
    std::chrono::milliseconds elapsed{0};

    [[nodiscard]] double loss_ratio() const noexcept;
};

/// Runs one trial. Returns nothing when the operation was asked to stop.
using Measure = std::function<std::optional<Trial>(double rate, std::chrono::milliseconds duration)>;

/// The bounds of one loss-ratio threshold, from the trials of one phase.
struct Bounds {
    double loss_ratio = 0;
    /// The highest rate whose loss was within the threshold, below `upper`;
    /// none: even min_rate lost more (the rate is "not found").
    std::optional<double> lower;
    /// The lowest rate that lost more; none: max_rate stayed within (lower
    /// is then max_rate).
    std::optional<double> upper;
    unsigned phase = 0;                    ///< the phase whose trials gave them
    std::chrono::milliseconds duration{0}; ///< the trial duration of that phase
    bool width_reached = false;            ///< in the final phase, at the width goal (or at min/max)

    /// (upper - lower) / upper; 0 at max_rate, 1 when not found.
    [[nodiscard]] double relative_width() const noexcept;
};

struct SearchResult {
    std::vector<Bounds> bounds; ///< per threshold, in the goals' order
    std::vector<Trial> trials;  ///< in the order they ran
    bool complete = false;      ///< every threshold reached its width goal in the final phase
    /// Why the search ended before that: "time budget", "stop requested"; empty when complete.
    std::string stopped_because;
    std::chrono::milliseconds elapsed{0}; ///< summed over trials
};

/// Throws std::invalid_argument for goals that cannot be searched (no
/// threshold, min_rate ≤ 0 or ≥ max_rate, a width outside (0, 1), no phase).
void check_goals(const SearchGoals& goals);

/// Searches: deterministic for a deterministic `measure`.
[[nodiscard]] SearchResult find_rates(const SearchGoals& goals, const Measure& measure);

} // namespace hammer::search
