#include "src/run/runner.hpp"

#include "src/run/clock.hpp"
#include "src/run/interface_setup.hpp"
#include "src/run/pair_runner.hpp"

#include <algorithm>
#include <atomic>
#include <thread>

namespace hammer::run {

using operations::Outcome;

Runner::Runner(const topology::Pairing& pairing, const config::RunConfig& config,
               const schedule::Schedule& schedule, const Toolkit& toolkit, Clock& clock, record::Recorder& recorder,
               Tracker& tracker)
    : pairs_{pairing.pairs}, vf_makers_{pairing.vf_makers}, config_{config}, schedule_{schedule}, toolkit_{toolkit}, clock_{clock}, recorder_{recorder},
      tracker_{tracker}
{
}

RunReport Runner::run(std::stop_token stop, std::stop_token hurry)
{
    auto endpoints = take_snapshots(pairs_, vf_makers_, toolkit_, recorder_, clock_);
    set_up_pairs(pairs_, endpoints, config_.recovery, clock_, recorder_, stop);
    const RunServices services{config_, toolkit_.operations, clock_, recorder_, tracker_, schedule_.seed, hurry};
    if (config_.mode == config::Mode::pair_exclusive) {
        run_pair_exclusive(endpoints, services, stop);
    } else {
        run_pair_inclusive(endpoints, services, stop);
    }
    RunReport report;
    report.interrupted = stop.stop_requested();
    report.restore_failures = restore_all(endpoints, recorder_);
    // SKIPs are reasons, not problems: a run of PASS and SKIP passes.
    report.status = tracker_.worst() == Outcome::skip ? Outcome::pass : tracker_.worst();
    if (report.interrupted || report.restore_failures > 0) {
        report.status = operations::worst(report.status, Outcome::error);
    }
    recorder_.run_end(report.status, report.interrupted);
    return report;
}

void Runner::run_pair_schedule(std::size_t pair, std::vector<TouchedEndpoint>& endpoints, const RunServices& services,
                               std::chrono::milliseconds origin, std::stop_token stop,
                               std::span<const std::stop_source> slot_stops)
{
    PairRunner runner{services, pairs_[pair], pair, {&endpoints[pair * 2], &endpoints[pair * 2 + 1]}};
    const auto& slots = schedule_.pairs[pair].slots;
    for (std::size_t index = 0; index < slots.size(); ++index) {
        const auto slot_stop = slot_stops.empty() ? stop : slot_stops[index].get_token();
        if (!runner.run_slot(slots[index], index, origin, stop, slot_stop)) {
            break;
        }
    }
    tracker_.enter(pair, endpoints[pair * 2].lost || endpoints[pair * 2 + 1].lost ? Phase::lost : Phase::done);
}

void Runner::run_pair_exclusive(std::vector<TouchedEndpoint>& endpoints, const RunServices& services,
                                std::stop_token stop)
{
    const std::size_t limit = config_.max_pair_threads == 0 ? pairs_.size() : config_.max_pair_threads;
    std::atomic<std::size_t> next_pair{0};
    {
        const auto thread_count = std::min(limit, pairs_.size());
        for (std::size_t worker = 0; worker < thread_count; ++worker) {
            clock_.enter(); // for every worker before any starts: see Attendance
        }
        std::vector<std::jthread> workers;
        for (std::size_t worker = 0; worker < thread_count; ++worker) {
            workers.emplace_back([&] {
                Attendance attendance{clock_, std::adopt_lock};
                for (auto pair = next_pair++; pair < pairs_.size() && !stop.stop_requested(); pair = next_pair++) {
                    // The pair's time 0 is when a thread picks it up: with fewer
                    // threads than pairs, a pair that waited gets its whole schedule.
                    run_pair_schedule(pair, endpoints, services, clock_.now(), stop, {});
                }
            });
        }
    } // joins every worker
}

void Runner::run_pair_inclusive(std::vector<TouchedEndpoint>& endpoints, const RunServices& services,
                                std::stop_token stop)
{
    // Every pair has the same slots in this mode; one stop source per slot is
    // the flag that ends that operation on all pairs at once.
    const auto& timeline = schedule_.pairs.front().slots;
    std::vector<std::stop_source> slot_stops(timeline.size());
    std::vector<std::jthread> pair_threads;
    {
        Attendance attendance{clock_};
        for (std::size_t pair = 0; pair < pairs_.size(); ++pair) {
            clock_.enter();
            pair_threads.emplace_back([&, pair] {
                Attendance pair_attendance{clock_, std::adopt_lock};
                run_pair_schedule(pair, endpoints, services, std::chrono::milliseconds{}, stop, slot_stops);
            });
        }
        for (std::size_t index = 0; index < timeline.size(); ++index) {
            clock_.sleep_until(timeline[index].end(), stop);
            slot_stops[index].request_stop();
            if (stop.stop_requested()) {
                std::for_each(slot_stops.begin(), slot_stops.end(), [](auto& source) { source.request_stop(); });
                break;
            }
        }
    } // no longer follows the clock: the join below must not hold virtual time still
    pair_threads.clear();
}

} // namespace hammer::run
