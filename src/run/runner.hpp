#pragma once

#include "src/config/run_config.hpp"
#include "src/operations/outcome.hpp"
#include "src/record/recorder.hpp"
#include "src/run/toolkit.hpp"
#include "src/run/tracker.hpp"
#include "src/schedule/schedule.hpp"
#include "src/run/pair_runner.hpp"
#include "src/topology/pairing.hpp"

#include <span>
#include <stop_token>
#include <vector>

namespace hammer::run {

class Clock;

/// How a run ended.
struct RunReport {
    operations::Outcome status = operations::Outcome::pass; ///< worst step; ERROR if interrupted or a restore failed
    bool interrupted = false;
    std::size_t restore_failures = 0;
};

/// Drives one run after its "run-start" is journaled: snapshot every endpoint
/// the schedule touches, run the schedule in the config's mode, restore every
/// endpoint, journal "run-end".
///
/// Pair-exclusive: a pool of threads (config max_pair_threads, 0 = one per
/// pair) takes pairs in order; each runs its pair's schedule from the moment
/// it picks the pair up, so with fewer threads than pairs the run lasts
/// longer. Pair-inclusive: one thread per pair on one shared timeline; at the
/// end of each slot one stop flag ends that operation on every pair.
class Runner {
public:
    Runner(const topology::Pairing& pairing, const config::RunConfig& config,
           const schedule::Schedule& schedule, const Toolkit& toolkit, Clock& clock, record::Recorder& recorder,
           Tracker& tracker);

    /// `stop` ends the steps under way and skips the rest (first SIGINT/SIGTERM);
    /// `hurry` also skips verification and recovery (second signal). The
    /// restore runs in every case.
    RunReport run(std::stop_token stop, std::stop_token hurry);

private:
    void run_pair_exclusive(std::vector<TouchedEndpoint>& endpoints, const RunServices& services,
                            std::stop_token stop);
    void run_pair_inclusive(std::vector<TouchedEndpoint>& endpoints, const RunServices& services,
                            std::stop_token stop);
    /// The steps of one pair from `origin` on the run clock. Each step ends at
    /// its slot's stop source when there are any (pair-inclusive), else at `stop`.
    void run_pair_schedule(std::size_t pair, std::vector<TouchedEndpoint>& endpoints, const RunServices& services,
                           std::chrono::milliseconds origin, std::stop_token stop,
                           std::span<const std::stop_source> slot_stops);

    const std::vector<topology::Pair>& pairs_;
    const std::vector<topology::Endpoint>& vf_makers_;
    const config::RunConfig& config_;
    const schedule::Schedule& schedule_;
    const Toolkit& toolkit_;
    Clock& clock_;
    record::Recorder& recorder_;
    Tracker& tracker_;
};

} // namespace hammer::run
