#pragma once

// The inside of a traffic job, shared by the engine (which places and posts
// it) and the job's own code (which the lcores run). Not for use elsewhere:
// the rest of pmd_ops sees a job through TrafficRun.

#include "pmd_ops/cache_aligned.hpp"
#include "pmd_ops/latency_histogram.hpp"
#include "pmd_ops/sequence_checker.hpp"
#include "pmd_ops/traffic.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

struct rte_mempool;

namespace hammer::pmd_ops {
namespace job_detail {

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

/// The bytes a frame starts with, kept per flow: its headers, the zero
/// stamp, then the first bytes of its kind's pattern. A 64-byte frame is
/// then one copy, as it was with a whole template per flow; 128 holds the
/// longest headers (QinQ and IPv6: 70 bytes, then the stamp).
constexpr std::size_t head_capacity = 128;

/// One flow's frame, read-only once built: what TX sends and RX expects.
/// The head on a cache line of its own, as before it grew (a 64-byte frame
/// is copied from one line), and what TX reads besides on another: two
/// lines per 64-byte frame, as before.
struct alignas(64) FlowFrame {
    std::array<std::uint8_t, head_capacity> head{};
    const std::uint8_t* body = nullptr; ///< the kind's template; bytes from head_size on are sent from here
    std::uint16_t size = 0;
    std::uint16_t head_size = 0;
    std::uint16_t stamp = frame_layout::stamp; ///< where the stamp goes (FrameOffsets)
    std::uint16_t udp_checksum = 0;            ///< where TX updates the UDP checksum; 0: none (IPv4)
    FrameClass frame_class = FrameClass::unicast;
};

/// The flows of one direction, built at setup and only read afterwards.
struct DirectionFrames {
    std::vector<std::vector<std::uint8_t>> kinds; ///< a whole frame per kind, flow 0's headers
    std::vector<FlowFrame> flows;
    bool send_only = false;
};

struct alignas(64) TxCounters {
    Counter packets{0};
    Counter bytes{0};
    Counter refused{0};
    Counter no_mbuf{0};
};

struct alignas(64) RxCounters {
    Counter packets{0};
    Counter bytes{0};
    Counter foreign{0};
    Counter payload_errors{0};
    Counter accounted{0}; ///< frames that account for a sent one (not duplicates): the drain's measure
};

/// A flow as a TX queue sends it: its frame and its next sequence number.
struct TxSlot {
    const FlowFrame* frame = nullptr;
    std::uint64_t next_sequence = 0;
};

/// One TX queue of a direction: the flows it sends, in turn, and their
/// sequence numbers. Written by the lcore that owns the queue only.
struct TxTask {
    std::uint8_t direction = 0;
    std::uint16_t index = 0; ///< of the direction's queues: 0 for tx_queue, 1 for the next
    std::uint16_t port = 0;
    std::uint16_t queue = 0;
    rte_mempool* pool = nullptr;
    CacheAlignedVector<TxSlot> slots; ///< the flows this queue sends, in this order
    std::size_t cursor = 0;
    /// Some flow has tags or IPv6: its stamp is elsewhere, or its checksum
    /// follows the stamp. Untagged IPv4 keeps the loop it always had.
    bool shaped = false;
    std::uint16_t headroom = 0;    ///< rte_pktmbuf_reset_headroom's, the same for every mbuf of the pool
    std::uint32_t data_offset = 0; ///< from an mbuf to its frame: rte_mbuf_buf_addr's offset + headroom
    bool paced = false;
    std::uint64_t rate_pps = 0;
    double credit = 0; ///< packets that pacing allows now
    double credit_cap = burst;
    std::uint64_t last_tsc = 0;
    unsigned lcore = 0;
    TxCounters counters;
};

/// One RX queue of a direction: a checker for every flow of the direction,
/// since the device decides which queue a flow lands on. Written by the
/// lcore that owns the queue only.
struct RxTask {
    std::uint8_t direction = 0;
    std::uint16_t index = 0;
    std::uint16_t port = 0;
    std::uint16_t queue = 0;
    const FlowFrame* frames = nullptr;
    CacheAlignedVector<SequenceChecker> checkers; ///< per flow of the direction
    LatencyHistogram latency;              ///< TSC cycles
    unsigned lcore = 0;
    RxCounters counters;
};

} // namespace job_detail

class TrafficJob;

/// A job's tasks on one lcore. Posted into that lcore's mailbox; `done` is
/// the lcore's word that it has let go. A cache line of its own: the lcore
/// writes it, and a job's shards are made one after another.
struct alignas(cache_line) JobShard {
    TrafficJob* job = nullptr;
    std::vector<job_detail::TxTask*> tx;
    std::vector<job_detail::RxTask*> rx;
    std::atomic<bool> held{false};
    std::atomic<bool> tx_stopped{false};
    std::atomic<bool> done{false};
    bool was_held = false;
    std::uint64_t start_tsc = 0; ///< set by the lcore at its first running turn
    std::uint64_t end_tsc = 0;   ///< set by the lcore when TX stops

    /// One turn: a burst per task. Returns false once the job is stopping
    /// and the lcore must let go of the shard.
    bool poll() noexcept;
};

/// A job as the lcores run it. Read-only parts are set before posting; each
/// task has one writer, the lcore serving it.
class TrafficJob {
public:
    /// pending: posted, not started (every shard must find a slot first).
    enum class Phase : int { pending, running, draining, stopping };

    TrafficJob(const TrafficProfile& profile, std::uint16_t tag, std::uint64_t tsc_hz);

    [[nodiscard]] std::size_t direction_count() const noexcept { return directions_.size(); }
    [[nodiscard]] DirectionReport live(std::size_t direction) const noexcept;
    [[nodiscard]] TrafficReport report() const;
    /// Whether every frame sent so far has been received, by the live
    /// counters; exact once TX has stopped.
    [[nodiscard]] bool all_accounted() const noexcept;
    /// Frames received so far, of this job or not: the drain's sign of life.
    [[nodiscard]] std::uint64_t received() const noexcept;

    /// The tasks in placement order: for each queue, for each direction, TX then RX.
    [[nodiscard]] std::size_t task_count() const noexcept { return order_.size(); }
    [[nodiscard]] std::uint16_t queues() const noexcept { return queues_; }

    /// Makes one shard per lcore from the tasks and the lcore each one got.
    std::vector<JobShard*> shard(const std::vector<unsigned>& lcore_of_task);
    [[nodiscard]] const std::vector<std::unique_ptr<JobShard>>& shards() const noexcept { return shards_; }

    void transmit(job_detail::TxTask& task, std::uint64_t now) noexcept;
    std::uint16_t receive(job_detail::RxTask& task) noexcept;

    /// Sets how many of the queues carry traffic, and shares the rate out
    /// over them. Only while every shard is held.
    void activate(std::uint16_t queues) noexcept;
    /// Queues 0 .. active - 1 are polled; written only while held, so the
    /// hold's release and acquire order it with the lcores' reads.
    std::uint16_t active_queues = 1;

    std::atomic<Phase> phase{Phase::pending};
    std::atomic<bool> hold_requested{false};
    const std::chrono::milliseconds settle;
    const std::chrono::milliseconds settle_quiet;

private:
    struct Task {
        job_detail::TxTask* tx = nullptr;
        job_detail::RxTask* rx = nullptr;
    };

    std::uint16_t tag_;
    std::uint64_t tsc_hz_;
    std::uint64_t rate_pps_;
    bool verify_payload_;
    std::uint16_t queues_ = 1;
    std::vector<job_detail::DirectionFrames> directions_;
    std::vector<std::unique_ptr<job_detail::TxTask>> tx_;
    std::vector<std::unique_ptr<job_detail::RxTask>> rx_;
    std::vector<Task> order_;
    std::vector<std::unique_ptr<JobShard>> shards_;
};

} // namespace hammer::pmd_ops
