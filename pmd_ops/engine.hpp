#pragma once

#include "pmd_ops/result.hpp"
#include "pmd_ops/traffic.hpp"

#include <atomic>
#include <chrono>
#include <memory>
#include <stop_token>
#include <vector>

namespace hammer::pmd_ops {

class TrafficJob;
struct LcoreWorker;

class Engine;

/// A traffic job running on an lcore, owned by the pair thread that started
/// it. Finishing (explicitly or by the destructor) stops TX, lets RX drain,
/// and waits until the lcore has let go of the job.
class TrafficRun {
public:
    TrafficRun(TrafficRun&& other) noexcept;
    TrafficRun& operator=(TrafficRun&&) = delete;
    TrafficRun(const TrafficRun&) = delete;
    TrafficRun& operator=(const TrafficRun&) = delete;
    ~TrafficRun(); ///< finishes a job not finished yet, discarding its report

    /// Quiesce: returns once no lcore of the job touches its ports, so the
    /// control plane may stop, reconfigure and restart them. TX pauses
    /// (sequence numbers do not advance), RX stops polling. Bounded: fails
    /// with ETIMEDOUT if an lcore does not answer within `timeout`.
    Result<void> hold(std::chrono::milliseconds timeout = std::chrono::seconds{1});
    /// Lets the lcores poll the job's ports again; pacing restarts from now.
    void resume() noexcept;
    /// While held: queues 0 .. `queues` - 1 of each direction carry traffic
    /// from the resume on, the rate shared out over them (a queue-count
    /// change). EINVAL beyond the queues the job was built for, EBUSY when
    /// not held.
    Result<void> activate(std::uint16_t queues);

    /// Live counters (packets and bytes per direction), read without stopping.
    [[nodiscard]] std::vector<DirectionReport> sample() const;

    /// Stops TX, drains RX (TrafficProfile::settle), waits for every lcore
    /// to let go, and reports. Once only; later calls return an empty report.
    TrafficReport finish();

    /// The lcores serving this job, ascending.
    [[nodiscard]] const std::vector<unsigned>& lcores() const noexcept { return lcores_; }

private:
    friend class Engine;
    TrafficRun(std::unique_ptr<TrafficJob> job, std::vector<unsigned> lcores) noexcept;

    std::unique_ptr<TrafficJob> job_;
    std::vector<unsigned> lcores_;
};

/// Polling workers on the EAL worker lcores, one pinned thread each.
///
/// A job is cut into queue tasks: for each direction and queue, one TX task
/// (the TX queue of the sending port) and one RX task (the RX queue of the
/// receiving port). Every queue thus has one owning lcore, and no lock is
/// taken. The tasks go to the profile's lcores (dedicated placement) or to
/// the least busy workers, one per queue at most (shared): queue by queue
/// with no more lcores than queues, task by task with more, so that TX and
/// RX then run side by side. The tasks one lcore has of a job form that
/// job's shard there; an lcore serves its shards in turn, one burst per task
/// each time around, so with fewer lcores than pairs several pairs share
/// one. Idle lcores sleep 100 µs between looks instead of spinning.
class Engine {
public:
    /// Jobs one lcore can serve at once (a shard each): enough for 64 pairs
    /// on the one worker of a 2-CPU machine (the scale bench, docs/BENCHMARKS.md).
    static constexpr unsigned jobs_per_lcore = 64;

    /// Launches a worker on each of `lcores` (rte_eal_remote_launch).
    [[nodiscard]] static Result<std::unique_ptr<Engine>> launch(const std::vector<unsigned>& lcores,
                                                                std::uint64_t tsc_hz);

    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;
    ~Engine(); ///< tells the workers to quit and waits for them (rte_eal_wait_lcore)

    /// Builds the job's frames (here, at setup, never on the lcore) and posts
    /// its shards. Throws std::invalid_argument for a profile that cannot run
    /// (no flows, a frame larger than its pool's mbufs, too many flows);
    /// fails with EINVAL for a profile lcore that is not a worker and with
    /// EBUSY when a chosen lcore is full.
    [[nodiscard]] Result<TrafficRun> start(const TrafficProfile& profile);

    /// start, then wait `duration` or until `stop` is requested, then finish.
    [[nodiscard]] Result<TrafficReport> run(const TrafficProfile& profile, std::chrono::milliseconds duration,
                                            std::stop_token stop);

    [[nodiscard]] std::uint64_t tsc_hz() const noexcept { return tsc_hz_; }
    [[nodiscard]] std::size_t lcore_count() const noexcept { return workers_.size(); }
    /// The worker lcore ids, in launch order.
    [[nodiscard]] std::vector<unsigned> lcores() const;

private:
    Engine(std::uint64_t tsc_hz);
    /// For each task of `job` in order, the worker that serves it.
    [[nodiscard]] Result<std::vector<LcoreWorker*>> place(const TrafficJob& job,
                                                          const std::vector<unsigned>& lcores) const;

    std::uint64_t tsc_hz_;
    std::vector<std::unique_ptr<LcoreWorker>> workers_;
    std::atomic<std::uint16_t> next_tag_{1};
};

} // namespace hammer::pmd_ops
