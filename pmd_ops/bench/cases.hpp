#pragma once

// The bench cases of hammer-bench (docs/BENCHMARKS.md). Each starts EAL
// (once per process: one case per run), sets up its ports, runs the engine
// alone and returns one JSON result line per figure (result_line.hpp).
// Setup failures throw BenchError.

#include "pmd_ops/bench/bench_options.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace hammer::pmd_ops::bench {

using Lines = std::vector<nlohmann::json>;

/// TX only into a sink (`devargs`, net_null0 by default), one flow, every
/// frame stamped with its sequence number and TSC. With several lcores, a
/// sink per lcore (indexed_devargs: net_null0, net_null1, ...), each with a
/// job of its own pinned to its lcore; the rate is their sum.
[[nodiscard]] Lines run_txonly(const BenchOptions& options, const std::string& devargs);

/// Where a pair runs: two devargs (memif server and client, af_packet on the
/// two ends of a veth in `netns`) or, when they are empty, a ring pair.
struct PairTarget {
    std::string devargs_a;
    std::string devargs_b;
    std::string netns;
    unsigned ring_size = 1024;
};

/// a → b, the sequence of every received frame checked. With N lcores the
/// ports get N queues each way and the one job spreads over them, queue q
/// (its TX and its RX) on lcore q; the rate is what arrived on all of them.
[[nodiscard]] Lines run_pair(const BenchOptions& options, const PairTarget& target);

/// 1..N pairs on the worker lcores (pair i on lcore i mod lcores), each a
/// looped queue of a ring port, all sending from one pool (or,
/// `pool_per_pair`, each from its own); one line per count with the
/// aggregate, each measured between two windows of one pair.
[[nodiscard]] Lines run_scale(const BenchOptions& options, const std::vector<unsigned>& pair_counts,
                              bool pool_per_pair);

/// Pair A's traffic (af_packet on a veth) measured alone and while pair B's
/// veth flaps `flaps_per_s` times a second, in `rounds` alternating windows.
struct FlapTarget {
    std::string netns;
    VethPair pair_a;
    VethPair pair_b;
    double flaps_per_s = 10;
    unsigned rounds = 3;
};
[[nodiscard]] Lines run_flap(const BenchOptions& options, const FlapTarget& target);

/// A ring pair paced at `load_percent` of the rate it reached unpaced just
/// before, with its latency percentiles.
[[nodiscard]] Lines run_latency(const BenchOptions& options, unsigned load_percent, unsigned ring_size);

/// Time from the process start to the first frame received on every one of
/// `pairs` ring pairs (both ways, as the traffic operations run), and the
/// peak RSS after the run; always --no-huge.
[[nodiscard]] Lines run_startup(const BenchOptions& options, unsigned pairs,
                                std::chrono::steady_clock::time_point main_entered);

} // namespace hammer::pmd_ops::bench
