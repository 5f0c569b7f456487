#include "pmd_ops/traffic_job.hpp"

#include "pmd_ops/tsan_handoff.hpp"

#include <rte_branch_prediction.h>
#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_memcpy.h>
#include <rte_prefetch.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <stdexcept>
#include <string>

namespace hammer::pmd_ops {

using namespace job_detail;

namespace {

/// Whether the frame in `mbuf` (possibly chained) equals `expected` apart
/// from the stamp and the UDP checksum that follows it, which differ per frame.
bool same_bytes(const rte_mbuf* mbuf, const FlowFrame& expected) noexcept
{
    if (mbuf->pkt_len != expected.size) {
        return false;
    }
    // The ranges that must match, and where their expected bytes are. An
    // IPv4 frame has no checksum to skip: its second range is empty.
    const std::uint32_t checksum = expected.udp_checksum != 0 ? expected.udp_checksum : expected.stamp;
    const std::uint32_t after_checksum = expected.udp_checksum != 0 ? checksum + 2U : expected.stamp;
    const auto after_stamp = static_cast<std::uint32_t>(expected.stamp + frame_layout::stamp_size);
    const struct {
        std::uint32_t from, to;
        const std::uint8_t* bytes;
    } ranges[4] = {{0, checksum, expected.head.data()},
                   {after_checksum, expected.stamp, expected.head.data()},
                   {after_stamp, expected.head_size, expected.head.data()},
                   {expected.head_size, expected.size, expected.body}};
    std::uint32_t offset = 0;
    for (const rte_mbuf* segment = mbuf; segment != nullptr; segment = segment->next) {
        const auto* data = rte_pktmbuf_mtod(segment, const std::uint8_t*);
        const std::uint32_t end = offset + segment->data_len;
        for (const auto& range : ranges) {
            const std::uint32_t from = std::max(range.from, offset);
            const std::uint32_t to = std::min(range.to, end);
            if (from < to && std::memcmp(data + (from - offset), range.bytes + from, to - from) != 0) {
                return false;
            }
        }
        offset = end;
    }
    return true;
}


/// Where a burst's filling leaves the flows: the next flow, the bytes queued.
struct BurstFill {
    std::size_t cursor = 0;
    std::uint64_t bytes = 0;
};

/// Fills `wanted` raw mbufs with the next frames of `slots` (the loop of
/// TrafficJob::transmit, which says why it is written so). `shaped`: some
/// flow's stamp is not at 42 or has an IPv6 checksum to update; a constant
/// here, so untagged IPv4 runs the loop it ran before tags and IPv6 came.
template <bool shaped>
__rte_always_inline BurstFill fill_burst(rte_mbuf* const* mbufs, std::uint16_t wanted, TxSlot* const slots,
                                         const std::size_t slot_count, std::size_t cursor,
                                         const std::uint16_t headroom, const std::uint32_t data_offset,
                                         const std::uint16_t tag, const std::uint64_t now) noexcept
{
    std::uint64_t bytes = 0;
    for (std::uint16_t i = 0; i < wanted; ++i) {
        TxSlot& slot = slots[cursor];
        cursor = cursor + 1 == slot_count ? 0 : cursor + 1;
        const FlowFrame& frame = *slot.frame;
        const std::uint16_t size = frame.size;
        const std::uint64_t sequence = slot.next_sequence;
        slot.next_sequence = sequence + 1;
        rte_mbuf* const mbuf = mbufs[i];
        mbuf->data_off = headroom;
        mbuf->ol_flags = 0;
        mbuf->data_len = size;
        mbuf->pkt_len = size;
        auto* const data = reinterpret_cast<std::uint8_t*>(mbuf) + data_offset;
        rte_memcpy(data, frame.head.data(), frame.head_size);
        if (size > head_capacity) {
            rte_memcpy(data + head_capacity, frame.body + head_capacity, size - head_capacity);
        }
        if constexpr (shaped) {
            write_stamp(data + frame.stamp, Stamp{tag, sequence, now});
            if (frame.udp_checksum != 0) {
                update_udp_checksum(data + frame.udp_checksum, data + frame.stamp);
            }
        } else {
            write_stamp(data + frame_layout::stamp, Stamp{tag, sequence, now});
        }
        bytes += size;
    }
    return {cursor, bytes};
}

/// The flows of a direction when the spec leaves it to the engine.
std::uint32_t default_flow_count(std::size_t mix_size, std::uint16_t queues)
{
    if (queues <= 1) {
        return static_cast<std::uint32_t>(mix_size);
    }
    // 16 flows a queue: a hash then leaves a queue without any with a
    // chance of about e^-16. Whole mixes keep the mix's proportions.
    const std::size_t wanted = 16U * queues;
    return static_cast<std::uint32_t>((wanted + mix_size - 1) / mix_size * mix_size);
}

constexpr std::uint32_t max_flows = 65536; ///< the UDP source port is the flow number

} // namespace

TrafficJob::TrafficJob(const TrafficProfile& profile, std::uint16_t tag, std::uint64_t tsc_hz)
    : settle{profile.settle}, settle_quiet{profile.settle_quiet}, tag_{tag}, tsc_hz_{tsc_hz},
      rate_pps_{profile.rate_pps}, verify_payload_{profile.verify_payload}, directions_(profile.directions.size())
{
    if (profile.directions.empty() || profile.directions.size() > 255) {
        throw std::invalid_argument("a traffic job needs one or two directions");
    }
    queues_ = profile.directions.front().queues;
    for (const DirectionSpec& spec : profile.directions) {
        if (spec.queues == 0 || spec.queues != queues_) {
            throw std::invalid_argument("every direction of a job needs the same number of queues, at least 1");
        }
    }
    std::vector<std::vector<Task>> by_queue(queues_);
    for (std::size_t d = 0; d < profile.directions.size(); ++d) {
        const DirectionSpec& spec = profile.directions[d];
        if (spec.flows.empty() || spec.pool == nullptr) {
            throw std::invalid_argument("direction " + std::to_string(d) + " has no flows or no pool");
        }
        const std::uint16_t buffer = rte_pktmbuf_data_room_size(spec.pool);
        const std::uint16_t room = buffer - RTE_PKTMBUF_HEADROOM;
        std::vector<std::uint16_t> mix = spec.mix;
        for (const std::uint16_t kind : mix) {
            if (kind >= spec.flows.size()) {
                throw std::invalid_argument("mix names flow " + std::to_string(kind) + " of " +
                                            std::to_string(spec.flows.size()));
            }
        }
        if (mix.empty()) {
            for (std::uint16_t kind = 0; kind < spec.flows.size(); ++kind) {
                mix.push_back(kind);
            }
        }
        // Whole mixes: a flow keeps its kind, so a part of a mix would skew
        // the proportions (flows 4 of an IMIX of 12 would all be small).
        const std::uint32_t flow_count =
            spec.flow_count != 0
                ? static_cast<std::uint32_t>((spec.flow_count + mix.size() - 1) / mix.size() * mix.size())
                : default_flow_count(mix.size(), spec.queues);
        if (flow_count > max_flows) {
            throw std::invalid_argument(std::to_string(flow_count) + " flows: at most " + std::to_string(max_flows) +
                                        " per direction");
        }
        DirectionFrames& frames = directions_[d];
        frames.send_only = spec.send_only;
        std::vector<std::uint32_t> pattern_sums;
        for (std::size_t kind = 0; kind < spec.flows.size(); ++kind) {
            FrameSpec kind_spec = spec.flows[kind];
            if (kind_spec.size > room) {
                throw std::invalid_argument("frame of " + std::to_string(kind_spec.size) +
                                            " bytes does not fit the " + std::to_string(room) +
                                            "-byte mbufs of its pool");
            }
            // Seeded per kind: kinds of one pattern still differ.
            kind_spec.flow = static_cast<std::uint16_t>(kind);
            frames.kinds.push_back(build_frame(kind_spec));
            const std::size_t pattern = frame_offsets(kind_spec).pattern;
            pattern_sums.push_back(ones_sum(frames.kinds.back().data() + pattern, kind_spec.size - pattern));
        }
        frames.flows.resize(flow_count);
        for (std::uint32_t f = 0; f < flow_count; ++f) {
            const std::uint16_t kind = mix[f % mix.size()];
            FrameSpec flow_spec = spec.flows[kind];
            flow_spec.flow = static_cast<std::uint16_t>(f);
            FlowFrame& frame = frames.flows[f];
            frame.size = flow_spec.size;
            frame.head_size = static_cast<std::uint16_t>(std::min<std::size_t>(flow_spec.size, head_capacity));
            frame.frame_class = flow_spec.frame_class;
            const FrameOffsets offsets = frame_offsets(flow_spec);
            frame.stamp = offsets.stamp;
            frame.udp_checksum = offsets.udp_checksum;
            frame.body = frames.kinds[kind].data();
            std::memcpy(frame.head.data(), frame.body, frame.head_size);
            build_headers(flow_spec, frame.head.data());
            set_udp_checksum(flow_spec, frame.head.data(), pattern_sums[kind]);
        }
        for (std::uint16_t q = 0; q < spec.queues; ++q) {
            auto tx = std::make_unique<TxTask>();
            tx->direction = static_cast<std::uint8_t>(d);
            tx->index = q;
            tx->port = spec.tx_port;
            tx->queue = static_cast<std::uint16_t>(spec.tx_queue + q);
            tx->pool = spec.pool;
            for (std::uint32_t f = q; f < flow_count; f += spec.queues) {
                tx->slots.push_back({&frames.flows[f], 0});
                tx->shaped = tx->shaped || frames.flows[f].stamp != frame_layout::stamp ||
                             frames.flows[f].udp_checksum != 0;
            }
            tx->headroom = std::min<std::uint16_t>(RTE_PKTMBUF_HEADROOM, buffer);
            tx->data_offset = sizeof(rte_mbuf) + rte_pktmbuf_priv_size(spec.pool) + tx->headroom;
            tx->paced = profile.rate_pps != 0;
            RxTask* rx = nullptr;
            if (!spec.send_only) {
                auto made = std::make_unique<RxTask>();
                made->direction = static_cast<std::uint8_t>(d);
                made->index = q;
                made->port = spec.rx_port;
                made->queue = static_cast<std::uint16_t>(spec.rx_queue + q);
                made->frames = frames.flows.data();
                made->checkers.resize(flow_count);
                rx = made.get();
                rx_.push_back(std::move(made));
            }
            by_queue[q].push_back({tx.get(), nullptr});
            if (rx != nullptr) {
                by_queue[q].push_back({nullptr, rx});
            }
            tx_.push_back(std::move(tx));
        }
    }
    // Placement order is queue-major (see Engine::place).
    for (const auto& queue : by_queue) {
        order_.insert(order_.end(), queue.begin(), queue.end());
    }
    activate(profile.active_queues != 0 ? std::min(profile.active_queues, queues_) : queues_);
}

void TrafficJob::activate(std::uint16_t queues) noexcept
{
    active_queues = std::max<std::uint16_t>(queues, 1);
    // Each direction's rate, shared out evenly over the queues that carry
    // it: the active ones with flows to send (fewer flows than queues leave
    // some queues without).
    for (std::size_t d = 0; d < directions_.size(); ++d) {
        const auto carries = [&](const TxTask& task) {
            return task.direction == d && task.index < active_queues && !task.slots.empty();
        };
        const auto carriers = static_cast<std::uint64_t>(
            std::count_if(tx_.begin(), tx_.end(), [&](const auto& task) { return carries(*task); }));
        std::uint64_t turn = 0;
        for (const auto& task : tx_) {
            if (task->direction != d) {
                continue;
            }
            task->rate_pps = 0;
            if (carries(*task)) {
                task->rate_pps = rate_pps_ / carriers + (turn++ < rate_pps_ % carriers ? 1 : 0);
            }
            // Pacing may catch up after a slow turn (one lcore serving
            // several pairs, or preempted on a shared machine) but by no more
            // than 10 ms worth of packets, and not at all after a hold.
            task->credit_cap = std::max<double>(burst, static_cast<double>(task->rate_pps) / 100.0);
        }
    }
}

std::vector<JobShard*> TrafficJob::shard(const std::vector<unsigned>& lcore_of_task)
{
    std::vector<JobShard*> out;
    std::vector<unsigned> lcore_of_shard;
    for (std::size_t i = 0; i < order_.size(); ++i) {
        const unsigned lcore = lcore_of_task[i];
        std::size_t s = 0;
        while (s < lcore_of_shard.size() && lcore_of_shard[s] != lcore) {
            ++s;
        }
        if (s == lcore_of_shard.size()) {
            shards_.push_back(std::make_unique<JobShard>());
            shards_.back()->job = this;
            out.push_back(shards_.back().get());
            lcore_of_shard.push_back(lcore);
        }
        if (order_[i].tx != nullptr) {
            order_[i].tx->lcore = lcore;
            out[s]->tx.push_back(order_[i].tx);
        } else {
            order_[i].rx->lcore = lcore;
            out[s]->rx.push_back(order_[i].rx);
        }
    }
    return out;
}

void TrafficJob::transmit(TxTask& task, std::uint64_t now) noexcept
{
    if (unlikely(task.slots.empty())) {
        return; // fewer flows than queues: this queue has none to send
    }
    std::uint16_t wanted = burst;
    if (task.paced) {
        task.credit += static_cast<double>(now - task.last_tsc) * static_cast<double>(task.rate_pps) /
                       static_cast<double>(tsc_hz_);
        task.last_tsc = now;
        task.credit = std::min(task.credit, task.credit_cap);
        if (task.credit < 1.0) {
            return;
        }
        wanted = static_cast<std::uint16_t>(std::min<double>(burst, task.credit));
    }
    rte_mbuf* mbufs[burst];
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
    if (unlikely(rte_mempool_get_bulk(task.pool, reinterpret_cast<void**>(mbufs), wanted) != 0)) {
        add(task.counters.no_mbuf, 1);
        return;
    }
    take_from_dpdk(mbufs, wanted);
    // Locals, not members, in the loop: frames are written through
    // uint8_t*, which may alias anything, so members would be reloaded and
    // stored back for every frame. Few of them: every one more was spilled
    // to the stack and reloaded per frame (5 % of TX-only's rate).
    TxSlot* const slots = task.slots.data();
    const std::size_t slot_count = task.slots.size();
    const BurstFill filled =
        task.shaped
            ? fill_burst<true>(mbufs, wanted, slots, slot_count, task.cursor, task.headroom, task.data_offset, tag_, now)
            : fill_burst<false>(mbufs, wanted, slots, slot_count, task.cursor, task.headroom, task.data_offset, tag_,
                                now);
    std::size_t cursor = filled.cursor;
    std::uint64_t bytes = filled.bytes;
    give_to_dpdk(mbufs, wanted);
    const std::uint16_t sent = rte_eth_tx_burst(task.port, task.queue, mbufs, wanted);
    if (unlikely(sent < wanted)) {
        // The unsent tail holds the newest number of each of its flows: walk
        // the cursor back over it, handing the numbers back, so every flow
        // stays gapless and goes on where it stopped.
        for (std::uint16_t i = sent; i < wanted; ++i) {
            cursor = cursor == 0 ? slot_count - 1 : cursor - 1;
            --slots[cursor].next_sequence;
            bytes -= slots[cursor].frame->size;
        }
        rte_pktmbuf_free_bulk(mbufs + sent, wanted - sent);
        add(task.counters.refused, wanted - sent);
    }
    task.cursor = cursor;
    if (task.paced) {
        task.credit -= wanted;
    }
    add(task.counters.packets, sent);
    add(task.counters.bytes, bytes);
}

std::uint16_t TrafficJob::receive(RxTask& task) noexcept
{
    rte_mbuf* mbufs[burst];
    const std::uint16_t received = rte_eth_rx_burst(task.port, task.queue, mbufs, burst);
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
    const bool verify = verify_payload_;
    const std::size_t flow_count = task.checkers.size();
    std::uint64_t packets = 0;
    std::uint64_t bytes = 0;
    std::uint64_t foreign = 0;
    std::uint64_t payload_errors = 0;
    std::uint64_t accounted = 0;
    for (std::uint16_t i = 0; i < received; ++i) {
        const rte_mbuf* mbuf = mbufs[i];
        const auto* data = rte_pktmbuf_mtod(mbuf, const std::uint8_t*);
        // Untagged IPv4 by the fixed offsets first, as before tags and
        // IPv6 came; anything else is parsed.
        std::size_t udp = frame_layout::udp;
        if (unlikely(!is_plain_test_frame(data, mbuf->data_len))) {
            udp = test_frame_udp(data, mbuf->data_len);
            if (unlikely(udp == 0)) {
                ++foreign;
                continue;
            }
        }
        const Stamp stamp = read_stamp(data + udp + frame_layout::udp_header_size);
        const std::uint16_t flow = read_flow(data, udp);
        if (unlikely(stamp.tag != tag_ || flow >= flow_count)) {
            ++foreign;
            continue;
        }
        accounted += task.checkers[flow].observe(stamp.sequence) ? 1 : 0;
        if (likely(now >= stamp.tsc)) {
            task.latency.record(now - stamp.tsc);
        }
        if (verify && !same_bytes(mbuf, task.frames[flow])) {
            ++payload_errors;
        }
        ++packets;
        bytes += mbuf->pkt_len;
    }
    give_to_dpdk(mbufs, received);
    rte_pktmbuf_free_bulk(mbufs, received);
    add(task.counters.packets, packets);
    add(task.counters.bytes, bytes);
    add(task.counters.foreign, foreign);
    add(task.counters.payload_errors, payload_errors);
    add(task.counters.accounted, accounted);
    return received;
}

bool JobShard::poll() noexcept
{
    const TrafficJob::Phase current = job->phase.load(std::memory_order_acquire);
    if (current == TrafficJob::Phase::pending) {
        return true;
    }
    if (current == TrafficJob::Phase::stopping) {
        return false;
    }
    if (job->hold_requested.load(std::memory_order_acquire)) {
        if (!was_held) {
            was_held = true;
            held.store(true, std::memory_order_release);
        }
        return true;
    }
    const std::uint64_t now = rte_rdtsc();
    if (was_held || start_tsc == 0) {
        // Pacing restarts from now: no catching up after a hold.
        for (TxTask* task : tx) {
            task->last_tsc = now;
            task->credit = 0;
        }
        if (was_held) {
            was_held = false;
            held.store(false, std::memory_order_release);
        }
        start_tsc = start_tsc == 0 ? now : start_tsc;
    }
    const std::uint16_t active = job->active_queues;
    if (current == TrafficJob::Phase::running) {
        for (TxTask* task : tx) {
            if (task->index < active) {
                job->transmit(*task, now);
            }
        }
    } else if (end_tsc == 0) {
        end_tsc = now;
        tx_stopped.store(true, std::memory_order_release);
    }
    for (RxTask* task : rx) {
        if (task->index < active) {
            job->receive(*task);
        }
    }
    return true;
}

bool TrafficJob::all_accounted() const noexcept
{
    std::vector<std::uint64_t> sent(directions_.size(), 0);
    std::vector<std::uint64_t> arrived(directions_.size(), 0);
    for (const auto& task : tx_) {
        sent[task->direction] += task->counters.packets.load(std::memory_order_relaxed);
    }
    for (const auto& task : rx_) {
        arrived[task->direction] += task->counters.accounted.load(std::memory_order_relaxed);
    }
    for (std::size_t d = 0; d < directions_.size(); ++d) {
        if (!directions_[d].send_only && arrived[d] < sent[d]) {
            return false;
        }
    }
    return true;
}

std::uint64_t TrafficJob::received() const noexcept
{
    std::uint64_t total = 0;
    for (const auto& task : rx_) {
        total += task->counters.packets.load(std::memory_order_relaxed) +
                 task->counters.foreign.load(std::memory_order_relaxed);
    }
    return total;
}

DirectionReport TrafficJob::live(std::size_t direction) const noexcept
{
    DirectionReport report;
    for (const auto& task : tx_) {
        if (task->direction == direction) {
            report.tx_packets += task->counters.packets.load(std::memory_order_relaxed);
            report.tx_bytes += task->counters.bytes.load(std::memory_order_relaxed);
            report.tx_refused += task->counters.refused.load(std::memory_order_relaxed);
            report.tx_no_mbuf += task->counters.no_mbuf.load(std::memory_order_relaxed);
        }
    }
    for (const auto& task : rx_) {
        if (task->direction == direction) {
            report.rx_packets += task->counters.packets.load(std::memory_order_relaxed);
            report.rx_bytes += task->counters.bytes.load(std::memory_order_relaxed);
            report.rx_foreign += task->counters.foreign.load(std::memory_order_relaxed);
            report.rx_payload_errors += task->counters.payload_errors.load(std::memory_order_relaxed);
        }
    }
    return report;
}

TrafficReport TrafficJob::report() const
{
    TrafficReport out;
    bool settled = true;
    for (std::size_t d = 0; d < directions_.size(); ++d) {
        const DirectionFrames& frames = directions_[d];
        DirectionReport report = live(d);
        report.flows = static_cast<std::uint32_t>(frames.flows.size());
        std::vector<std::uint64_t> sent(frames.flows.size(), 0);
        for (const auto& task : tx_) {
            if (task->direction != d) {
                continue;
            }
            QueueReport queue;
            queue.tx_queue = task->queue;
            queue.tx_lcore = task->lcore;
            queue.tx_packets = task->counters.packets.load(std::memory_order_relaxed);
            queue.tx_bytes = task->counters.bytes.load(std::memory_order_relaxed);
            queue.tx_refused = task->counters.refused.load(std::memory_order_relaxed);
            report.queues.push_back(queue);
            for (const TxSlot& slot : task->slots) {
                sent[static_cast<std::size_t>(slot.frame - frames.flows.data())] = slot.next_sequence;
            }
        }
        std::vector<std::uint64_t> arrived(frames.flows.size(), 0);
        std::vector<std::uint64_t> received(frames.flows.size(), 0);
        LatencyHistogram latency;
        std::size_t row = 0;
        for (const auto& task : rx_) {
            if (task->direction != d) {
                continue;
            }
            QueueReport& queue = report.queues.at(row++);
            queue.rx_queue = task->queue;
            queue.rx_lcore = task->lcore;
            queue.rx_packets = task->counters.packets.load(std::memory_order_relaxed);
            queue.rx_bytes = task->counters.bytes.load(std::memory_order_relaxed);
            for (std::size_t f = 0; f < task->checkers.size(); ++f) {
                const SequenceChecker& checker = task->checkers[f];
                arrived[f] += checker.unique() + checker.late();
                received[f] += checker.received();
                report.reordered += checker.reordered();
                report.duplicates += checker.duplicates();
                report.late += checker.late();
            }
            latency.merge(task->latency);
        }
        std::map<std::uint16_t, SizeCount> by_size;
        for (std::size_t f = 0; f < frames.flows.size(); ++f) {
            SizeCount& size = by_size[frames.flows[f].size];
            size.size = frames.flows[f].size;
            size.tx_packets += sent[f];
            size.rx_packets += received[f];
        }
        for (const auto& [bytes, count] : by_size) {
            report.by_size.push_back(count);
        }
        for (std::size_t f = 0; f < frames.flows.size(); ++f) {
            const auto cls = static_cast<std::size_t>(frames.flows[f].frame_class);
            report.tx_by_class[cls] += sent[f];
            if (frames.send_only) {
                continue;
            }
            report.rx_by_class[cls] += arrived[f];
            report.lost += sent[f] > arrived[f] ? sent[f] - arrived[f] : 0;
            settled = settled && arrived[f] >= sent[f];
        }
        report.latency = summarise(latency, tsc_hz_);
        out.directions.push_back(std::move(report));
    }
    std::uint64_t start = 0;
    std::uint64_t end = 0;
    for (const auto& shard : shards_) {
        if (shard->start_tsc != 0 && (start == 0 || shard->start_tsc < start)) {
            start = shard->start_tsc;
        }
        end = std::max(end, shard->end_tsc);
    }
    const std::uint64_t cycles = end > start ? end - start : 0;
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

} // namespace hammer::pmd_ops
