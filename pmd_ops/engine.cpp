#include "pmd_ops/engine.hpp"

#include "pmd_ops/dpdk_error.hpp"
#include "pmd_ops/traffic_job.hpp"

#include <rte_cycles.h>
#include <rte_launch.h>
#include <rte_lcore.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace hammer::pmd_ops {

/// One lcore's mailbox: the shards it serves, posted by the control plane.
/// Shards take the lowest free slot, and the lcore looks only at the slots
/// below `span`, so serving one job costs one slot look per turn, not 64.
struct LcoreWorker {
    unsigned lcore = 0;
    std::atomic<bool> quit{false};
    std::atomic<bool> stopped{false}; ///< set by the lcore as its last act
    std::atomic<unsigned> span{0}; ///< one past the highest slot ever used; only grows
    std::array<std::atomic<JobShard*>, Engine::jobs_per_lcore> slots{};

    /// Posts `shard` into the lowest free slot; false when every slot is taken.
    bool post(JobShard* shard) noexcept
    {
        for (unsigned index = 0; index < slots.size(); ++index) {
            JobShard* empty = nullptr;
            if (slots[index].compare_exchange_strong(empty, shard, std::memory_order_release,
                                                     std::memory_order_relaxed)) {
                unsigned seen = span.load(std::memory_order_relaxed);
                while (seen <= index && !span.compare_exchange_weak(seen, index + 1, std::memory_order_release,
                                                                    std::memory_order_relaxed)) {
                }
                return true;
            }
        }
        return false;
    }

    [[nodiscard]] unsigned load() const noexcept
    {
        unsigned shards = 0;
        for (const auto& slot : slots) {
            shards += slot.load(std::memory_order_relaxed) != nullptr ? 1U : 0U;
        }
        return shards;
    }
};

namespace {

int worker_main(void* argument)
{
    auto& worker = *static_cast<LcoreWorker*>(argument);
    while (!worker.quit.load(std::memory_order_relaxed)) {
        bool busy = false;
        const unsigned span = worker.span.load(std::memory_order_acquire);
        for (unsigned index = 0; index < span; ++index) {
            auto& slot = worker.slots[index];
            JobShard* shard = slot.load(std::memory_order_acquire);
            if (shard == nullptr) {
                continue;
            }
            busy = true;
            if (!shard->poll()) {
                // Let go first, then say so: once the control plane sees
                // done, it may free the shard.
                slot.store(nullptr, std::memory_order_relaxed);
                shard->done.store(true, std::memory_order_release);
            }
        }
        if (!busy) {
            // Nothing to poll: give the CPU back (it is shared with the control
            // plane and, on small machines, with other processes).
            rte_delay_us_sleep(100);
        }
    }
    worker.stopped.store(true, std::memory_order_release);
    return 0;
}

// The control plane waits for the lcores in short sleeps: they answer
// within one turn around their shards (microseconds).
template <typename Ready>
bool wait_for(Ready&& ready, std::chrono::microseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!ready()) {
        if (std::chrono::steady_clock::now() >= deadline) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::microseconds{50});
    }
    return true;
}

template <typename Ready>
void wait_until(Ready&& ready)
{
    while (!ready()) {
        std::this_thread::sleep_for(std::chrono::microseconds{50});
    }
}

/// Tells every shard of `job` to let go and waits until each has.
void stop_shards(TrafficJob& job)
{
    job.phase.store(TrafficJob::Phase::stopping, std::memory_order_release);
    for (const auto& shard : job.shards()) {
        wait_until([&] { return shard->done.load(std::memory_order_acquire); });
    }
}

} // namespace

TrafficRun::TrafficRun(std::unique_ptr<TrafficJob> job, std::vector<unsigned> lcores) noexcept
    : job_{std::move(job)}, lcores_{std::move(lcores)}
{
}

TrafficRun::TrafficRun(TrafficRun&& other) noexcept
    : job_{std::move(other.job_)}, lcores_{std::move(other.lcores_)}
{
}

TrafficRun::~TrafficRun()
{
    static_cast<void>(finish());
}

Result<void> TrafficRun::hold(std::chrono::milliseconds timeout)
{
    if (!job_) {
        return {};
    }
    job_->hold_requested.store(true, std::memory_order_release);
    for (const auto& shard : job_->shards()) {
        if (!wait_for([&] { return shard->held.load(std::memory_order_acquire); }, timeout)) {
            job_->hold_requested.store(false, std::memory_order_release);
            std::string lcores;
            for (const unsigned lcore : lcores_) {
                lcores += (lcores.empty() ? "" : ",") + std::to_string(lcore);
            }
            return Error{"hold(lcores=" + lcores + ")", ETIMEDOUT, "an lcore did not let go of the ports"};
        }
    }
    return {};
}

Result<void> TrafficRun::activate(std::uint16_t queues)
{
    if (!job_) {
        return {};
    }
    if (queues == 0 || queues > job_->queues()) {
        return Error{"activate(queues=" + std::to_string(queues) + ")", EINVAL,
                     "the job was built for 1.." + std::to_string(job_->queues()) + " queues"};
    }
    for (const auto& shard : job_->shards()) {
        if (!shard->held.load(std::memory_order_acquire)) {
            return Error{"activate(queues=" + std::to_string(queues) + ")", EBUSY, "hold the job first"};
        }
    }
    job_->activate(queues);
    return {};
}

void TrafficRun::resume() noexcept
{
    if (job_) {
        job_->hold_requested.store(false, std::memory_order_release);
    }
}

std::vector<DirectionReport> TrafficRun::sample() const
{
    std::vector<DirectionReport> out;
    if (job_) {
        for (std::size_t d = 0; d < job_->direction_count(); ++d) {
            out.push_back(job_->live(d));
        }
    }
    return out;
}

TrafficReport TrafficRun::finish()
{
    if (!job_) {
        return {};
    }
    TrafficJob& job = *job_;
    resume();
    job.phase.store(TrafficJob::Phase::draining, std::memory_order_release);
    for (const auto& shard : job.shards()) {
        wait_until([&] { return shard->tx_stopped.load(std::memory_order_acquire); });
    }
    // TX has stopped on every lcore, so the sent counts are final. The drain
    // ends when everything arrived, when the ports have gone quiet, or at
    // the settle bound, whichever comes first.
    const auto start = std::chrono::steady_clock::now();
    auto last_frame = start;
    std::uint64_t received = job.received();
    while (!job.all_accounted()) {
        const auto now = std::chrono::steady_clock::now();
        if (const std::uint64_t seen = job.received(); seen != received) {
            received = seen;
            last_frame = now;
        } else if (now - last_frame >= job.settle_quiet) {
            break;
        }
        if (now - start >= job.settle) {
            break;
        }
        std::this_thread::sleep_for(std::chrono::microseconds{50});
    }
    stop_shards(job);
    TrafficReport report = job.report();
    job_.reset();
    return report;
}

Engine::Engine(std::uint64_t tsc_hz) : tsc_hz_{tsc_hz} {}

Result<std::unique_ptr<Engine>> Engine::launch(const std::vector<unsigned>& lcores, std::uint64_t tsc_hz)
{
    if (lcores.empty()) {
        return Error{"Engine::launch", EINVAL, "no worker lcore: start EAL with at least one worker"};
    }
    std::unique_ptr<Engine> engine{new Engine{tsc_hz}};
    for (const unsigned lcore : lcores) {
        auto worker = std::make_unique<LcoreWorker>();
        worker->lcore = lcore;
        if (const int ret = rte_eal_remote_launch(worker_main, worker.get(), lcore); ret < 0) {
            return negative_errno_error("rte_eal_remote_launch(lcore=" + std::to_string(lcore) + ")", ret);
        }
        engine->workers_.push_back(std::move(worker));
    }
    return engine;
}

Engine::~Engine()
{
    for (auto& worker : workers_) {
        worker->quit.store(true, std::memory_order_relaxed);
    }
    for (auto& worker : workers_) {
        rte_eal_wait_lcore(worker->lcore);
        // rte_eal_wait_lcore has waited for worker_main to return, through
        // DPDK's own atomics; this acquire makes the same hand-over visible
        // in code ThreadSanitizer sees, before the worker is freed.
        while (!worker->stopped.load(std::memory_order_acquire)) {
        }
    }
}

std::vector<unsigned> Engine::lcores() const
{
    std::vector<unsigned> out;
    for (const auto& worker : workers_) {
        out.push_back(worker->lcore);
    }
    return out;
}

Result<std::vector<LcoreWorker*>> Engine::place(const TrafficJob& job, const std::vector<unsigned>& lcores) const
{
    // The job's lcores: the profile's (dedicated placement), or else as
    // many of the least busy workers as the job has queues, so that one
    // queue's tasks stay together on one lcore, as testpmd gives each
    // lcore whole streams.
    std::vector<LcoreWorker*> chosen;
    if (!lcores.empty()) {
        for (const unsigned lcore : lcores) {
            const auto found = std::find_if(workers_.begin(), workers_.end(),
                                            [&](const auto& worker) { return worker->lcore == lcore; });
            if (found == workers_.end()) {
                return Error{"Engine::start", EINVAL, "lcore " + std::to_string(lcore) + " is not a worker"};
            }
            chosen.push_back(found->get());
        }
    } else {
        std::vector<LcoreWorker*> by_load;
        for (const auto& worker : workers_) {
            by_load.push_back(worker.get());
        }
        std::stable_sort(by_load.begin(), by_load.end(),
                         [](const LcoreWorker* a, const LcoreWorker* b) { return a->load() < b->load(); });
        by_load.resize(std::min<std::size_t>(by_load.size(), job.queues()));
        chosen = std::move(by_load);
    }
    // Queue-major tasks: with no more lcores than queues, queue q and all
    // its tasks go to lcore q mod n. With more, the tasks themselves are
    // dealt out, so a queue's TX and RX (and a pair's two directions) run
    // on different lcores side by side.
    std::vector<LcoreWorker*> out;
    const std::size_t tasks_per_queue = job.task_count() / job.queues();
    for (std::size_t task = 0; task < job.task_count(); ++task) {
        const std::size_t turn = chosen.size() <= job.queues() ? task / tasks_per_queue : task;
        out.push_back(chosen[turn % chosen.size()]);
    }
    return out;
}

Result<TrafficRun> Engine::start(const TrafficProfile& profile)
{
    // Tag 0 never goes out, so frames of a zeroed buffer never match a job.
    std::uint16_t tag = next_tag_.fetch_add(1, std::memory_order_relaxed);
    if (tag == 0) {
        tag = next_tag_.fetch_add(1, std::memory_order_relaxed);
    }
    auto job = std::make_unique<TrafficJob>(profile, tag, tsc_hz_);
    auto placed = place(*job, profile.lcores);
    if (!placed) {
        return placed.error();
    }
    std::vector<unsigned> lcore_of_task;
    for (const LcoreWorker* worker : placed.value()) {
        lcore_of_task.push_back(worker->lcore);
    }
    const std::vector<JobShard*> shards = job->shard(lcore_of_task);
    std::vector<unsigned> lcores;
    bool posted = true;
    for (JobShard* shard : shards) {
        const unsigned lcore = shard->tx.empty() ? shard->rx.front()->lcore : shard->tx.front()->lcore;
        const auto worker = std::find_if(workers_.begin(), workers_.end(),
                                         [&](const auto& candidate) { return candidate->lcore == lcore; });
        if (!(*worker)->post(shard)) {
            // A shard that found no slot is nobody's: done already.
            shard->done.store(true, std::memory_order_relaxed);
            posted = false;
            continue;
        }
        lcores.push_back(lcore);
    }
    if (!posted) {
        // The shards that were posted have not started (pending): take
        // them back before the job goes.
        stop_shards(*job);
        return Error{"Engine::start", EBUSY, "an lcore of the job serves " + std::to_string(jobs_per_lcore) +
                                                 " jobs already"};
    }
    std::sort(lcores.begin(), lcores.end());
    job->phase.store(TrafficJob::Phase::running, std::memory_order_release);
    return TrafficRun{std::move(job), std::move(lcores)};
}

Result<TrafficReport> Engine::run(const TrafficProfile& profile, std::chrono::milliseconds duration,
                                  std::stop_token stop)
{
    auto traffic = start(profile);
    if (!traffic) {
        return traffic.error();
    }
    std::mutex mutex;
    std::condition_variable_any wake;
    std::unique_lock lock{mutex};
    wake.wait_for(lock, stop, duration, [] { return false; });
    return traffic->finish();
}

} // namespace hammer::pmd_ops
