#include "pmd_ops/engine.hpp"

#include "pmd_ops/dpdk_error.hpp"
#include "pmd_ops/sequence_checker.hpp"
#include "pmd_ops/tsan_handoff.hpp"

#include <rte_branch_prediction.h>
#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_memcpy.h>
#include <rte_prefetch.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

namespace hammer::pmd_ops {
namespace {

/// Packets per rte_eth_rx_burst / rte_eth_tx_burst: the burst size DPDK's
/// examples and testpmd default to, large enough to amortise the call and
/// small enough for the arrays to live on the lcore's stack.
constexpr std::uint16_t burst = 32;

/// A counter with one writer (the lcore) and any number of readers.
using Counter = std::atomic<std::uint64_t>;

inline void add(Counter& counter, std::uint64_t n) noexcept
{
    counter.store(counter.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
}

/// The part of a direction that the control plane may read while it runs.
struct alignas(64) DirectionCounters {
    Counter tx_packets{0};
    Counter tx_bytes{0};
    Counter tx_refused{0};
    Counter tx_no_mbuf{0};
    Counter rx_packets{0};
    Counter rx_bytes{0};
    Counter rx_foreign{0};
    Counter rx_payload_errors{0};
};

/// One flow, as the lcore uses it: its template and where its sequence stands.
struct Flow {
    const std::uint8_t* bytes = nullptr;
    std::uint16_t size = 0;
    FrameClass frame_class = FrameClass::unicast;
    std::uint8_t direction = 0;
    bool send_only = false;          ///< nothing comes back: not checked, never lost
    std::uint64_t next_sequence = 0; ///< written by the lcore only
    SequenceChecker checker;         ///< idem
};

/// Whether the frame in `mbuf` (possibly chained) equals `expected` apart
/// from the stamp, which differs per frame.
bool same_bytes(const rte_mbuf* mbuf, const std::uint8_t* expected, std::uint32_t size) noexcept
{
    if (mbuf->pkt_len != size) {
        return false;
    }
    std::uint32_t offset = 0;
    for (const rte_mbuf* segment = mbuf; segment != nullptr; segment = segment->next) {
        const auto* data = rte_pktmbuf_mtod(segment, const std::uint8_t*);
        const std::uint32_t end = offset + segment->data_len;
        // The two ranges that must match: [0, stamp) and [pattern, size).
        const std::uint32_t ranges[2][2] = {{0, frame_layout::stamp}, {frame_layout::pattern, size}};
        for (const auto& range : ranges) {
            const std::uint32_t from = std::max(range[0], offset);
            const std::uint32_t to = std::min(range[1], end);
            if (from < to && std::memcmp(data + (from - offset), expected + from, to - from) != 0) {
                return false;
            }
        }
        offset = end;
    }
    return true;
}

} // namespace

/// A job as the lcore runs it. Read-only parts are set before posting;
/// the rest has one writer, the lcore serving it.
class TrafficJob {
public:
    enum class Phase : int { running, draining, done };

    TrafficJob(const TrafficProfile& profile, std::uint16_t tag, std::uint64_t tsc_hz);

    /// One turn: a TX burst and an RX burst per direction. Returns false once
    /// the job is done and the lcore must let go of it.
    bool poll() noexcept;

    [[nodiscard]] std::size_t direction_count() const noexcept { return directions_.size(); }
    [[nodiscard]] DirectionReport live(std::size_t direction) const noexcept;
    [[nodiscard]] TrafficReport report() const;

    std::atomic<Phase> phase{Phase::running};
    std::atomic<bool> hold_requested{false};
    std::atomic<bool> held{false};
    std::uint64_t tx_start_tsc = 0; ///< set by the lcore at its first turn
    std::uint64_t tx_end_tsc = 0;   ///< set by the lcore when TX stops
    bool settled = false;

private:
    struct Direction {
        DirectionSpec spec;
        std::vector<std::uint16_t> mix; ///< flow indices (job-wide)
        std::size_t mix_cursor = 0;
        std::uint16_t headroom = 0;     ///< rte_pktmbuf_reset_headroom's, the same for every mbuf of the pool
        std::uint32_t data_offset = 0;  ///< from an mbuf to its frame: rte_mbuf_buf_addr's offset + headroom
        double credit = 0;              ///< packets that pacing allows now
        double credit_cap = burst;
        std::uint64_t last_tsc = 0;
        LatencyHistogram latency;       ///< TSC cycles
        DirectionCounters counters;
    };

    void transmit(Direction& direction, std::uint64_t now) noexcept;
    std::uint16_t receive(Direction& direction, std::uint8_t index) noexcept;
    [[nodiscard]] bool all_accounted() const noexcept;

    std::uint16_t tag_;
    std::uint64_t tsc_hz_;
    std::uint64_t rate_pps_;
    bool verify_payload_;
    std::uint64_t settle_cycles_;
    std::uint64_t quiet_cycles_;
    std::uint64_t drain_start_tsc_ = 0;
    std::uint64_t last_rx_tsc_ = 0;
    bool was_held_ = false;
    std::vector<std::vector<std::uint8_t>> templates_;
    std::vector<Flow> flows_;
    std::vector<Direction> directions_;
};

TrafficJob::TrafficJob(const TrafficProfile& profile, std::uint16_t tag, std::uint64_t tsc_hz)
    : tag_{tag}, tsc_hz_{tsc_hz}, rate_pps_{profile.rate_pps}, verify_payload_{profile.verify_payload},
      settle_cycles_{static_cast<std::uint64_t>(profile.settle.count()) * tsc_hz / 1000},
      quiet_cycles_{static_cast<std::uint64_t>(profile.settle_quiet.count()) * tsc_hz / 1000},
      directions_(profile.directions.size())
{
    if (profile.directions.empty() || profile.directions.size() > 255) {
        throw std::invalid_argument("a traffic job needs one or two directions");
    }
    for (std::size_t d = 0; d < profile.directions.size(); ++d) {
        const DirectionSpec& spec = profile.directions[d];
        if (spec.flows.empty() || spec.pool == nullptr) {
            throw std::invalid_argument("direction " + std::to_string(d) + " has no flows or no pool");
        }
        const std::uint16_t buffer = rte_pktmbuf_data_room_size(spec.pool);
        const std::uint16_t room = buffer - RTE_PKTMBUF_HEADROOM;
        Direction& direction = directions_[d];
        direction.spec = spec;
        direction.headroom = std::min<std::uint16_t>(RTE_PKTMBUF_HEADROOM, buffer);
        direction.data_offset = sizeof(rte_mbuf) + rte_pktmbuf_priv_size(spec.pool) + direction.headroom;
        const auto first = static_cast<std::uint16_t>(templates_.size());
        for (FrameSpec flow : spec.flows) {
            if (flow.size > room) {
                throw std::invalid_argument("frame of " + std::to_string(flow.size) + " bytes does not fit the " +
                                            std::to_string(room) + "-byte mbufs of its pool");
            }
            flow.flow = static_cast<std::uint16_t>(templates_.size());
            templates_.push_back(build_frame(flow));
            flows_.push_back(
                Flow{nullptr, flow.size, flow.frame_class, static_cast<std::uint8_t>(d), spec.send_only, 0, {}});
        }
        for (const std::uint16_t index : spec.mix) {
            if (index >= spec.flows.size()) {
                throw std::invalid_argument("mix names flow " + std::to_string(index) + " of " +
                                            std::to_string(spec.flows.size()));
            }
            direction.mix.push_back(static_cast<std::uint16_t>(first + index));
        }
        if (direction.mix.empty()) {
            for (std::uint16_t index = 0; index < spec.flows.size(); ++index) {
                direction.mix.push_back(static_cast<std::uint16_t>(first + index));
            }
        }
        // Pacing may catch up after a slow turn (one lcore serving several
        // pairs, or preempted on a shared machine) but by no more than 10 ms
        // worth of packets, and not at all after a hold.
        direction.credit_cap = std::max<double>(burst, static_cast<double>(rate_pps_) / 100.0);
    }
    for (std::size_t f = 0; f < flows_.size(); ++f) {
        flows_[f].bytes = templates_[f].data();
    }
}

void TrafficJob::transmit(Direction& direction, std::uint64_t now) noexcept
{
    std::uint16_t wanted = burst;
    if (rate_pps_ != 0) {
        direction.credit += static_cast<double>(now - direction.last_tsc) * static_cast<double>(rate_pps_) /
                            static_cast<double>(tsc_hz_);
        direction.last_tsc = now;
        direction.credit = std::min(direction.credit, direction.credit_cap);
        if (direction.credit < 1.0) {
            return;
        }
        wanted = static_cast<std::uint16_t>(std::min<double>(burst, direction.credit));
    }
    rte_mbuf* mbufs[burst];
    std::uint16_t flow_of[burst];
    // Raw mbufs, as testpmd's txonly takes them: the pool guarantees
    // buf_addr, refcnt 1, nb_segs 1 and next NULL (rte_mbuf_raw_alloc), and
    // the loop sets what a TX path reads: headroom, lengths, ol_flags (with
    // no offload flag set, no PMD reads tx_offload, vlan_tci or
    // packet_type). rte_pktmbuf_alloc_bulk would reset all of them, storing
    // into each mbuf's second cache line (next, tx_offload) too. The loop
    // only stores into an mbuf, never loads from it: with many pairs on one
    // lcore the mbufs are out of L1, and stores wait in the store buffer
    // where loads would stall. So the frame's address is computed the way
    // rte_mbuf_buf_addr does (these are direct mbufs of a pktmbuf pool), and
    // ol_flags is cleared outright (the pool has no external buffers whose
    // flag rte_pktmbuf_reset would keep).
    if (unlikely(rte_mempool_get_bulk(direction.spec.pool, reinterpret_cast<void**>(mbufs), wanted) != 0)) {
        add(direction.counters.tx_no_mbuf, 1);
        return;
    }
    take_from_dpdk(mbufs, wanted);
    // Locals, not members, in the loop: frames are written through
    // uint8_t*, which may alias anything, so members would be reloaded and
    // stored back for every frame.
    const std::uint16_t* const mix = direction.mix.data();
    const std::size_t mix_size = direction.mix.size();
    std::size_t cursor = direction.mix_cursor;
    Flow* const flows = flows_.data();
    const std::uint16_t headroom = direction.headroom;
    const std::uint32_t data_offset = direction.data_offset;
    const std::uint16_t tag = tag_;
    std::uint64_t bytes = 0;
    for (std::uint16_t i = 0; i < wanted; ++i) {
        const std::uint16_t index = mix[cursor];
        cursor = cursor + 1 == mix_size ? 0 : cursor + 1;
        Flow& flow = flows[index];
        const std::uint16_t size = flow.size;
        const std::uint8_t* const source = flow.bytes;
        const std::uint64_t sequence = flow.next_sequence;
        flow.next_sequence = sequence + 1;
        rte_mbuf* const mbuf = mbufs[i];
        mbuf->data_off = headroom;
        mbuf->ol_flags = 0;
        mbuf->data_len = size;
        mbuf->pkt_len = size;
        auto* const data = reinterpret_cast<std::uint8_t*>(mbuf) + data_offset;
        rte_memcpy(data, source, size);
        write_stamp(data, Stamp{tag, sequence, now});
        flow_of[i] = index;
        bytes += size;
    }
    direction.mix_cursor = cursor;
    give_to_dpdk(mbufs, wanted);
    const std::uint16_t sent = rte_eth_tx_burst(direction.spec.tx_port, direction.spec.tx_queue, mbufs, wanted);
    if (unlikely(sent < wanted)) {
        // The unsent tail holds the newest number of each of its flows: hand
        // them back so the flow stays gapless, and rewind the mix to match.
        for (std::uint16_t i = sent; i < wanted; ++i) {
            --flows_[flow_of[i]].next_sequence;
            bytes -= flows_[flow_of[i]].size;
        }
        const std::size_t unsent = wanted - sent;
        direction.mix_cursor = (direction.mix_cursor + direction.mix.size() - unsent % direction.mix.size()) %
                               direction.mix.size();
        rte_pktmbuf_free_bulk(mbufs + sent, unsent);
        add(direction.counters.tx_refused, unsent);
    }
    if (rate_pps_ != 0) {
        direction.credit -= wanted;
    }
    add(direction.counters.tx_packets, sent);
    add(direction.counters.tx_bytes, bytes);
}

std::uint16_t TrafficJob::receive(Direction& direction, std::uint8_t index) noexcept
{
    rte_mbuf* mbufs[burst];
    const std::uint16_t received = rte_eth_rx_burst(direction.spec.rx_port, direction.spec.rx_queue, mbufs, burst);
    if (received == 0) {
        return 0;
    }
    take_from_dpdk(mbufs, received);
    // Read when the burst is in, not at the start of the turn: a frame sent
    // and received within one turn (ring pairs) would otherwise count 0.
    const std::uint64_t now = rte_rdtsc();
    // rte_pktmbuf_free_bulk below reads each mbuf's second cache line
    // (next), which nothing else here touches: with many pairs on one lcore
    // it is out of L1 by now. Fetch it while the frames are checked.
    for (std::uint16_t i = 0; i < received; ++i) {
        rte_prefetch0(RTE_PTR_ADD(mbufs[i], RTE_CACHE_LINE_MIN_SIZE));
    }
    std::uint64_t packets = 0;
    std::uint64_t bytes = 0;
    std::uint64_t foreign = 0;
    std::uint64_t payload_errors = 0;
    for (std::uint16_t i = 0; i < received; ++i) {
        const rte_mbuf* mbuf = mbufs[i];
        const auto* data = rte_pktmbuf_mtod(mbuf, const std::uint8_t*);
        if (unlikely(!is_test_frame(data, mbuf->data_len))) {
            ++foreign;
            continue;
        }
        const Stamp stamp = read_stamp(data);
        const std::uint16_t flow_id = read_flow(data);
        if (unlikely(stamp.tag != tag_ || flow_id >= flows_.size() || flows_[flow_id].direction != index)) {
            ++foreign;
            continue;
        }
        Flow& flow = flows_[flow_id];
        flow.checker.observe(stamp.sequence);
        if (likely(now >= stamp.tsc)) {
            direction.latency.record(now - stamp.tsc);
        }
        if (verify_payload_ && !same_bytes(mbuf, flow.bytes, flow.size)) {
            ++payload_errors;
        }
        ++packets;
        bytes += mbuf->pkt_len;
    }
    give_to_dpdk(mbufs, received);
    rte_pktmbuf_free_bulk(mbufs, received);
    add(direction.counters.rx_packets, packets);
    add(direction.counters.rx_bytes, bytes);
    add(direction.counters.rx_foreign, foreign);
    add(direction.counters.rx_payload_errors, payload_errors);
    return received;
}

bool TrafficJob::all_accounted() const noexcept
{
    for (const Flow& flow : flows_) {
        if (!flow.send_only && flow.checker.unique() + flow.checker.late() < flow.next_sequence) {
            return false;
        }
    }
    return true;
}

bool TrafficJob::poll() noexcept
{
    if (hold_requested.load(std::memory_order_acquire)) {
        if (!was_held_) {
            was_held_ = true;
            held.store(true, std::memory_order_release);
        }
        return true;
    }
    const std::uint64_t now = rte_rdtsc();
    if (was_held_) {
        was_held_ = false;
        held.store(false, std::memory_order_release);
        for (Direction& direction : directions_) {
            direction.last_tsc = now;
            direction.credit = 0;
        }
    }
    if (tx_start_tsc == 0) {
        tx_start_tsc = now;
        last_rx_tsc_ = now;
        for (Direction& direction : directions_) {
            direction.last_tsc = now;
        }
    }
    const Phase current = phase.load(std::memory_order_acquire);
    bool any_received = false;
    for (std::size_t d = 0; d < directions_.size(); ++d) {
        Direction& direction = directions_[d];
        if (current == Phase::running) {
            transmit(direction, now);
        }
        if (!direction.spec.send_only) {
            any_received = receive(direction, static_cast<std::uint8_t>(d)) != 0 || any_received;
        }
    }
    if (any_received) {
        last_rx_tsc_ = now;
    }
    if (current != Phase::draining) {
        return true;
    }
    if (drain_start_tsc_ == 0) {
        drain_start_tsc_ = now;
        tx_end_tsc = now;
    }
    settled = all_accounted();
    // The drain ends when everything arrived, when the port has gone quiet,
    // or at the settle bound, whichever comes first.
    return !(settled || now - last_rx_tsc_ >= quiet_cycles_ || now - drain_start_tsc_ >= settle_cycles_);
}

DirectionReport TrafficJob::live(std::size_t index) const noexcept
{
    const DirectionCounters& counters = directions_[index].counters;
    DirectionReport report;
    report.tx_packets = counters.tx_packets.load(std::memory_order_relaxed);
    report.tx_bytes = counters.tx_bytes.load(std::memory_order_relaxed);
    report.tx_refused = counters.tx_refused.load(std::memory_order_relaxed);
    report.tx_no_mbuf = counters.tx_no_mbuf.load(std::memory_order_relaxed);
    report.rx_packets = counters.rx_packets.load(std::memory_order_relaxed);
    report.rx_bytes = counters.rx_bytes.load(std::memory_order_relaxed);
    report.rx_foreign = counters.rx_foreign.load(std::memory_order_relaxed);
    report.rx_payload_errors = counters.rx_payload_errors.load(std::memory_order_relaxed);
    return report;
}

TrafficReport TrafficJob::report() const
{
    TrafficReport out;
    for (std::size_t d = 0; d < directions_.size(); ++d) {
        DirectionReport report = live(d);
        for (const Flow& flow : flows_) {
            if (flow.direction != d) {
                continue;
            }
            const auto cls = static_cast<std::size_t>(flow.frame_class);
            report.tx_by_class[cls] += flow.next_sequence;
            if (flow.send_only) {
                continue;
            }
            report.rx_by_class[cls] += flow.checker.unique() + flow.checker.late();
            report.lost += flow.checker.lost(flow.next_sequence);
            report.reordered += flow.checker.reordered();
            report.duplicates += flow.checker.duplicates();
            report.late += flow.checker.late();
        }
        report.latency = summarise(directions_[d].latency, tsc_hz_);
        out.directions.push_back(report);
    }
    const std::uint64_t cycles = tx_end_tsc > tx_start_tsc ? tx_end_tsc - tx_start_tsc : 0;
    out.duration = std::chrono::nanoseconds{static_cast<std::int64_t>(static_cast<double>(cycles) * 1e9 /
                                                                      static_cast<double>(tsc_hz_))};
    out.settled = settled;
    return out;
}

LatencySummary summarise(const LatencyHistogram& cycles, std::uint64_t tsc_hz)
{
    const double ns_per_cycle = 1e9 / static_cast<double>(tsc_hz);
    const auto ns = [&](std::uint64_t value) { return static_cast<double>(value) * ns_per_cycle; };
    return LatencySummary{cycles.count(),
                          ns(cycles.min()),
                          cycles.mean() * ns_per_cycle,
                          ns(cycles.percentile(50)),
                          ns(cycles.percentile(90)),
                          ns(cycles.percentile(99)),
                          ns(cycles.percentile(99.9)),
                          ns(cycles.max())};
}

/// One lcore's mailbox: the jobs it serves, posted by the control plane.
/// Jobs take the lowest free slot, and the lcore looks only at the slots
/// below `span`, so serving one job costs one slot look per turn, not 64.
struct LcoreWorker {
    unsigned lcore = 0;
    std::atomic<bool> quit{false};
    std::atomic<bool> stopped{false}; ///< set by the lcore as its last act
    std::atomic<unsigned> span{0}; ///< one past the highest slot ever used; only grows
    std::array<std::atomic<TrafficJob*>, Engine::jobs_per_lcore> slots{};

    /// Posts `job` into the lowest free slot; false when every slot is taken.
    bool post(TrafficJob* job) noexcept
    {
        for (unsigned index = 0; index < slots.size(); ++index) {
            TrafficJob* empty = nullptr;
            if (slots[index].compare_exchange_strong(empty, job, std::memory_order_release,
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
        unsigned jobs = 0;
        for (const auto& slot : slots) {
            jobs += slot.load(std::memory_order_relaxed) != nullptr ? 1U : 0U;
        }
        return jobs;
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
            TrafficJob* job = slot.load(std::memory_order_acquire);
            if (job == nullptr) {
                continue;
            }
            busy = true;
            if (!job->poll()) {
                // Let go first, then say so: once the control plane sees
                // done, it may free the job.
                slot.store(nullptr, std::memory_order_relaxed);
                job->phase.store(TrafficJob::Phase::done, std::memory_order_release);
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

// The control plane waits for the lcore in short sleeps: the lcore answers
// within one turn around its jobs (microseconds), or within a settle period.
template <typename Ready>
bool wait_for(Ready&& ready, std::chrono::milliseconds timeout)
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

} // namespace

TrafficRun::TrafficRun(std::unique_ptr<TrafficJob> job, unsigned lcore) noexcept : job_{std::move(job)}, lcore_{lcore}
{
}

TrafficRun::TrafficRun(TrafficRun&& other) noexcept : job_{std::move(other.job_)}, lcore_{other.lcore_} {}

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
    if (!wait_for([this] { return job_->held.load(std::memory_order_acquire); }, timeout)) {
        job_->hold_requested.store(false, std::memory_order_release);
        return Error{"hold(lcore=" + std::to_string(lcore_) + ")", ETIMEDOUT, "the lcore did not let go of the ports"};
    }
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
    resume();
    job_->phase.store(TrafficJob::Phase::draining, std::memory_order_release);
    // The lcore ends the drain itself (settle bound); this only waits for it.
    while (job_->phase.load(std::memory_order_acquire) != TrafficJob::Phase::done) {
        std::this_thread::sleep_for(std::chrono::microseconds{200});
    }
    TrafficReport report = job_->report();
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

Result<TrafficRun> Engine::start(const TrafficProfile& profile)
{
    // Tag 0 never goes out, so frames of a zeroed buffer never match a job.
    std::uint16_t tag = next_tag_.fetch_add(1, std::memory_order_relaxed);
    if (tag == 0) {
        tag = next_tag_.fetch_add(1, std::memory_order_relaxed);
    }
    auto job = std::make_unique<TrafficJob>(profile, tag, tsc_hz_);
    std::vector<LcoreWorker*> by_load;
    for (auto& worker : workers_) {
        by_load.push_back(worker.get());
    }
    std::stable_sort(by_load.begin(), by_load.end(),
                     [](const LcoreWorker* a, const LcoreWorker* b) { return a->load() < b->load(); });
    for (LcoreWorker* worker : by_load) {
        if (worker->post(job.get())) {
            return TrafficRun{std::move(job), worker->lcore};
        }
    }
    return Error{"Engine::start", EBUSY, "every lcore serves " + std::to_string(jobs_per_lcore) + " jobs already"};
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
