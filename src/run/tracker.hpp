#pragma once

#include "src/config/run_config.hpp"
#include "src/operations/outcome.hpp"
#include "src/schedule/schedule.hpp"

#include <array>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace hammer::run {

/// What a pair thread is doing right now.
enum class Phase { waiting, setup, run, verify, reset, recovery, done, lost };

[[nodiscard]] std::string_view to_string(Phase phase) noexcept;

/// One pair as the live view shows it.
struct PairProgress {
    std::string pair_id;
    Phase phase = Phase::waiting;
    std::string operation_id; ///< the step under way, or the last one
    unsigned loop = 0;
    std::chrono::milliseconds step_started{}; ///< run clock
    std::chrono::milliseconds step_planned{};
    std::optional<operations::Outcome> last_outcome;
    std::size_t steps_done = 0;
    std::size_t steps_total = 0;
};

/// Outcomes of one operation entry on one pair over the whole run.
struct SummaryCell {
    std::array<unsigned, 4> counts{}; ///< indexed by Outcome
    std::chrono::milliseconds planned{};
    std::chrono::milliseconds actual{};

    [[nodiscard]] unsigned count(operations::Outcome outcome) const { return counts[static_cast<std::size_t>(outcome)]; }
    [[nodiscard]] unsigned total() const;
};

/// Per-pair, per-thread state of a run: the current step with its planned and
/// elapsed time, the loop, and the outcome of every operation in every loop,
/// counted. Written by pair threads, read by the live view and the summary.
class Tracker {
public:
    Tracker(std::vector<std::string> pair_ids, std::vector<std::string> operation_ids,
            const std::vector<std::size_t>& steps_per_pair);
    /// The schedule's pairs with their step counts, and the operation map's entries.
    Tracker(const schedule::Schedule& schedule, const config::RunConfig& config);

    void step_started(std::size_t pair, std::size_t operation, unsigned loop, std::chrono::milliseconds at,
                      std::chrono::milliseconds planned);
    void enter(std::size_t pair, Phase phase);
    void step_finished(std::size_t pair, std::size_t operation, operations::Outcome outcome,
                       std::chrono::milliseconds planned, std::chrono::milliseconds actual);

    [[nodiscard]] std::vector<PairProgress> progress() const;
    /// cells[pair][operation]
    [[nodiscard]] std::vector<std::vector<SummaryCell>> summary() const;
    /// The worst outcome of any step; PASS when nothing ran.
    [[nodiscard]] operations::Outcome worst() const;

    [[nodiscard]] const std::vector<std::string>& pair_ids() const { return pair_ids_; }
    [[nodiscard]] const std::vector<std::string>& operation_ids() const { return operation_ids_; }

private:
    mutable std::mutex mutex_;
    std::vector<std::string> pair_ids_;
    std::vector<std::string> operation_ids_;
    std::vector<PairProgress> progress_;
    std::vector<std::vector<SummaryCell>> cells_;
};

/// The end-of-run table: one row per pair and operation with
/// PASS/FAIL/ERROR/SKIP counts and planned vs actual time, then totals.
[[nodiscard]] std::string render_summary(const Tracker& tracker);

/// One line per pair for the live view (loops counted from 1): "pair0  loop 2  mtu_change  run  12.0/30.0 s  last PASS  7/24".
[[nodiscard]] std::string progress_line(const PairProgress& progress, std::chrono::milliseconds now);

} // namespace hammer::run
