#pragma once

#include "pmd_ops/frame.hpp"
#include "pmd_ops/latency_histogram.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <vector>

struct rte_mempool;

namespace hammer::pmd_ops {

/// One direction of traffic: frames leave `tx_port` and are expected on
/// `rx_port`. The frame kinds go out in `mix` order, cycled: mix {0,0,0,1,2}
/// sends three of kind 0 for one each of kinds 1 and 2.
///
/// A direction spreads over `queues` queues: TX queues tx_queue ..
/// tx_queue + queues - 1 of tx_port and as many RX queues of rx_port, each
/// queue served by one lcore. Its `flow_count` flows differ in UDP source
/// port and IPv4 source address, so a device hashing them (RSS) spreads them
/// over its RX queues; flow i is of kind mix[i % mix size] and leaves by
/// TX queue i % queues. Each flow is checked on whichever RX queue it lands.
struct DirectionSpec {
    std::uint16_t tx_port = 0;
    std::uint16_t rx_port = 0;
    /// TX mbufs: a pktmbuf pool (Mempool), direct mbufs without external
    /// buffers; its data room must hold the largest frame.
    rte_mempool* pool = nullptr;
    std::vector<FrameSpec> flows;  ///< the frame kinds; FrameSpec::flow is set per flow by the engine
    std::vector<std::uint16_t> mix; ///< indices into flows; empty: one of each in turn
    /// Send only, into a sink (net_null): rx_port is never polled, nothing is
    /// expected back, and the report counts no loss for this direction.
    bool send_only = false;
    std::uint16_t tx_queue = 0; ///< the first TX queue of tx_port, set up by its owner
    std::uint16_t rx_queue = 0; ///< the first RX queue of rx_port
    std::uint16_t queues = 1;
    /// Flows, 1..65536, rounded up to whole mixes (so a mix keeps its
    /// proportions); 0: the mix's length on one queue, else enough for RSS
    /// to reach every RX queue (16 per queue, rounded up to whole mixes).
    std::uint32_t flow_count = 0;
};

/// What a pair's traffic job does until it is finished.
struct TrafficProfile {
    std::vector<DirectionSpec> directions; ///< one (forward) or two (forward, reverse)
    std::uint64_t rate_pps = 0;            ///< per direction, spread evenly over its queues; 0: as fast as the ports take
    bool verify_payload = false;           ///< compare every received frame with its flow's template
    /// After TX stops, how long RX may go on collecting frames in flight.
    /// The drain ends earlier once every sent frame arrived, or after
    /// `settle_quiet` without a single frame.
    std::chrono::milliseconds settle{500};
    std::chrono::milliseconds settle_quiet{50};
    /// The lcores that serve the job (dedicated placement): its queues go to
    /// them in turn. Empty: the least busy lcores, one per queue at most.
    std::vector<unsigned> lcores;
    /// Queues carrying traffic at the start, 1..queues; 0: all. A job built
    /// for more can take them on later (TrafficRun::activate).
    std::uint16_t active_queues = 0;
};

/// Latency percentiles of one direction, in nanoseconds.
struct LatencySummary {
    std::uint64_t count = 0;
    double min_ns = 0;
    double mean_ns = 0;
    double p50_ns = 0;
    double p90_ns = 0;
    double p99_ns = 0;
    double p999_ns = 0;
    double max_ns = 0;
};

/// What one queue of a direction carried: TX queue `queue` of the sending
/// port and RX queue `queue` of the receiving one, each with the lcore that
/// serves it.
struct QueueReport {
    std::uint16_t tx_queue = 0;
    std::uint16_t rx_queue = 0;
    unsigned tx_lcore = 0;
    unsigned rx_lcore = 0; ///< meaningless for a send-only direction
    std::uint64_t tx_packets = 0;
    std::uint64_t tx_bytes = 0;
    std::uint64_t tx_refused = 0;
    std::uint64_t rx_packets = 0; ///< test frames of this job
    std::uint64_t rx_bytes = 0;
};

/// The frames of one size a direction carried.
struct SizeCount {
    std::uint16_t size = 0;
    std::uint64_t tx_packets = 0;
    std::uint64_t rx_packets = 0; ///< duplicates included, as DirectionReport::rx_packets counts them

    friend bool operator==(const SizeCount&, const SizeCount&) = default;
};

/// What one direction did, read when the job is finished (or live: then
/// only the packet and byte counts are filled).
struct DirectionReport {
    std::uint64_t tx_packets = 0;
    std::uint64_t tx_bytes = 0;
    std::uint64_t tx_refused = 0;        ///< offered to the port, not taken (ring full, link down)
    std::uint64_t tx_no_mbuf = 0;        ///< bursts skipped: the pool was empty
    std::uint64_t rx_packets = 0;        ///< test frames of this job
    std::uint64_t rx_bytes = 0;
    std::uint64_t rx_foreign = 0;        ///< anything else that arrived (other jobs, ARP, IPv6)
    std::uint64_t rx_payload_errors = 0; ///< frames whose bytes differ from the template
    std::uint64_t lost = 0;              ///< sent, never received
    std::uint64_t reordered = 0;
    std::uint64_t duplicates = 0;
    std::uint64_t late = 0;
    std::array<std::uint64_t, frame_class_count> tx_by_class{};
    std::array<std::uint64_t, frame_class_count> rx_by_class{};
    /// Per frame size, smallest first: the sizes add up to tx_packets and rx_packets.
    std::vector<SizeCount> by_size;
    LatencySummary latency;
    std::uint32_t flows = 0;
    /// Per queue, in queue order. A flow leaves by one TX queue and, on a
    /// device that hashes, may land on another RX queue: the two halves of
    /// a row need not match, their sums do.
    std::vector<QueueReport> queues;
};

struct TrafficReport {
    std::vector<DirectionReport> directions;
    std::chrono::nanoseconds duration{}; ///< from the first burst to the end of TX
    bool settled = false;                ///< every sent frame was accounted for before the drain ended
};

/// Summarises TSC cycles as nanoseconds.
[[nodiscard]] LatencySummary summarise(const LatencyHistogram& cycles, std::uint64_t tsc_hz);

} // namespace hammer::pmd_ops
