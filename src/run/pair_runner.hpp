#pragma once

#include "src/config/run_config.hpp"
#include "src/operations/operation.hpp"
#include "src/operations/registry.hpp"
#include "src/run/endpoints.hpp"
#include "src/run/recovery.hpp"
#include "src/run/tracker.hpp"
#include "src/schedule/schedule.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <stop_token>
#include <string_view>

namespace hammer::run {

class Clock;

/// What every pair thread of a run shares.
struct RunServices {
    const config::RunConfig& config;
    const operations::OperationRegistry& registry;
    Clock& clock;
    record::Recorder& recorder;
    Tracker& tracker;
    std::uint64_t seed = 0;
    std::stop_token hurry; ///< a second signal: skip verification and recovery, go to the restore
};

/// Runs the steps of one pair: for each slot, setup → run until the slot's end
/// → verify → reset, journaled and tracked, with recovery on ERROR.
class PairRunner {
public:
    PairRunner(const RunServices& services, const topology::Pair& pair, std::size_t pair_index,
               std::array<TouchedEndpoint*, 2> endpoints);

    /// Runs `slot`, the `slot_index`th of the pair's schedule, whose time 0 is
    /// `origin` on the run clock: waits for its start, then works until its end
    /// or until `slot_stop`. Returns false, doing nothing, once `run_stop` is
    /// requested before the slot began.
    bool run_slot(const schedule::Slot& slot, std::size_t slot_index, std::chrono::milliseconds origin,
                  std::stop_token run_stop, std::stop_token slot_stop);

private:
    struct StepResult {
        operations::Verdict verdict;
        std::string_view phase;
        unsigned setup_attempts = 0;
    };

    StepResult execute(const config::OperationEntry& entry, const schedule::Slot& slot, std::size_t slot_index,
                       std::chrono::milliseconds deadline, std::stop_token run_stop, std::stop_token slot_stop);
    StepResult run_phases(operations::Operation& operation, operations::OperationContext& context,
                          std::chrono::milliseconds deadline, std::stop_token run_stop, std::stop_token slot_stop);
    [[nodiscard]] const TouchedEndpoint* lost_endpoint() const;
    [[nodiscard]] std::string unmet_need(const config::OperationEntry& entry) const;
    bool recover(std::stop_token run_stop);
    /// At the first slot of each loop: the loop's configuration.run-time entry on both ends.
    void apply_run_time(unsigned loop);
    [[nodiscard]] std::uint64_t slot_seed(std::size_t slot_index) const;

    const RunServices& services_;
    const topology::Pair& pair_;
    std::size_t pair_index_;
    std::array<TouchedEndpoint*, 2> endpoints_;
    Recovery recovery_;
    std::optional<unsigned> configured_loop_; ///< the loop whose run-time entry was applied last
};

} // namespace hammer::run
