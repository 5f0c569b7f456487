#pragma once

#include "pmd_ops/frame.hpp"
#include "pmd_ops/latency_histogram.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <vector>

struct rte_mempool;

namespace hammer::pmd_ops {

/// One direction of traffic: frames leave `tx_port` (queue `tx_queue`) and
/// are expected on `rx_port` (queue `rx_queue`). The flows' frames go out in
/// `mix` order, cycled: mix {0,0,0,1,2} sends three of flow 0 for one each of
/// flows 1 and 2.
struct DirectionSpec {
    std::uint16_t tx_port = 0;
    std::uint16_t rx_port = 0;
    /// TX mbufs: a pktmbuf pool (Mempool), direct mbufs without external
    /// buffers; its data room must hold the largest frame.
    rte_mempool* pool = nullptr;
    std::vector<FrameSpec> flows;  ///< FrameSpec::flow is set by the engine (unique within a job)
    std::vector<std::uint16_t> mix; ///< indices into flows; empty: one of each in turn
    /// Send only, into a sink (net_null): rx_port is never polled, nothing is
    /// expected back, and the report counts no loss for this direction.
    bool send_only = false;
    std::uint16_t tx_queue = 0; ///< of tx_port, set up by its owner
    std::uint16_t rx_queue = 0; ///< of rx_port
};

/// What a pair's traffic job does until it is finished.
struct TrafficProfile {
    std::vector<DirectionSpec> directions; ///< one (forward) or two (forward, reverse)
    std::uint64_t rate_pps = 0;            ///< per direction; 0: as fast as the port takes
    bool verify_payload = false;           ///< compare every received frame with its flow's template
    /// After TX stops, how long RX may go on collecting frames in flight.
    /// The drain ends earlier once every sent frame arrived, or after
    /// `settle_quiet` without a single frame.
    std::chrono::milliseconds settle{500};
    std::chrono::milliseconds settle_quiet{50};
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
    LatencySummary latency;
};

struct TrafficReport {
    std::vector<DirectionReport> directions;
    std::chrono::nanoseconds duration{}; ///< from the first burst to the end of TX
    bool settled = false;                ///< every sent frame was accounted for before the drain ended
};

/// Summarises TSC cycles as nanoseconds.
[[nodiscard]] LatencySummary summarise(const LatencyHistogram& cycles, std::uint64_t tsc_hz);

} // namespace hammer::pmd_ops
