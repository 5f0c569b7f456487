#include "pmd_ops/bench/bench_dpdk.hpp"
#include "pmd_ops/bench/bench_error.hpp"
#include "pmd_ops/bench/bench_ports.hpp"
#include "pmd_ops/bench/cases.hpp"
#include "pmd_ops/bench/rate_window.hpp"
#include "pmd_ops/bench/result_line.hpp"

#include <algorithm>

namespace hammer::pmd_ops::bench {
namespace {

/// Ring ports whose queues each loop back onto themselves, enough for
/// `pairs` one-queue pairs. Debian's DPDK allows 32 ports (RTE_MAX_ETHPORTS),
/// too few for 64 two-port ring pairs; the ring PMD's own device has 16
/// queues, each one single-producer single-consumer ring of 1024 mbufs that
/// its TX enqueues into and its RX dequeues from: per frame the same work as
/// a ring pair (Port::ring_pair), per pair its own ring.
struct LoopQueues {
    Mempool rx_pool; ///< required by queue setup; the ring PMD never takes from it
    std::vector<Port> ports;
    std::uint16_t queues_per_port = 1;

    [[nodiscard]] std::uint16_t port_of(unsigned pair) const { return ports.at(pair / queues_per_port).id(); }
    [[nodiscard]] std::uint16_t queue_of(unsigned pair) const
    {
        return static_cast<std::uint16_t>(pair % queues_per_port);
    }
};

LoopQueues open_loop_queues(unsigned pairs)
{
    LoopQueues loops{make_pool("hb_scale_rx", 1, 64, 0), {}, 1};
    while (loops.ports.size() * loops.queues_per_port < pairs) {
        Port port = take(Port::probe("net_ring" + std::to_string(loops.ports.size())));
        const PortInfo info = take(port.info());
        loops.queues_per_port = std::min(info.max_rx_queues, info.max_tx_queues);
        check(port.configure(PortConfig{loops.queues_per_port, loops.queues_per_port, 64, 64, 0}));
        check(port.setup_queues(loops.rx_pool.get()));
        check(port.start());
        loops.ports.push_back(std::move(port));
    }
    return loops;
}

/// What a set of pairs moved in one window, and their reports.
struct Measured {
    Window window;
    std::vector<TrafficReport> reports;
};

/// Starts one job per pair for the first `count` pairs, pair i on worker
/// lcore i mod (worker count), lets them warm up, measures them together,
/// finishes them.
Measured measure_pairs(BenchDpdk& dpdk, const BenchOptions& options, const LoopQueues& loops,
                       const std::vector<Mempool>& pools, unsigned count)
{
    const std::vector<unsigned>& lcores = dpdk.worker_lcores();
    std::vector<TrafficRun> runs;
    std::vector<const TrafficRun*> watched;
    runs.reserve(count);
    for (unsigned i = 0; i < count; ++i) {
        TrafficProfile profile;
        DirectionSpec direction{loops.port_of(i), loops.port_of(i), pools[i % pools.size()].get(),
                                {FrameSpec{FrameClass::unicast, options.size}}, {}};
        direction.tx_queue = loops.queue_of(i);
        direction.rx_queue = loops.queue_of(i);
        profile.directions.push_back(std::move(direction));
        profile.lcores = {lcores[i % lcores.size()]};
        runs.push_back(take(dpdk.engine().start(profile)));
        watched.push_back(&runs.back());
    }
    pause_for(options.warmup_s);
    Measured measured{measure(watched, options.duration_s), {}};
    for (TrafficRun& run : runs) {
        measured.reports.push_back(run.finish());
    }
    return measured;
}

} // namespace

Lines run_scale(const BenchOptions& options, const std::vector<unsigned>& pair_counts, bool pool_per_pair)
{
    if (pair_counts.empty()) {
        throw BenchError{"scale: no pair counts"};
    }
    // More pairs than the lcores serve fail at Engine::start (EBUSY).
    const unsigned most = *std::max_element(pair_counts.begin(), pair_counts.end());
    BenchDpdk dpdk = BenchDpdk::start(options);
    const unsigned workers = dpdk.lcores();
    // Every pair sends from one pool, as pmd_ops' runtime has them send from
    // its shared TX pool (sized for every pair's ring). With `pool_per_pair`
    // each pair sends from a pool of its own, as the runtime did before: the
    // lcore's working set then grows with the pairs.
    std::vector<Mempool> pools;
    if (pool_per_pair) {
        pools.reserve(most);
        for (unsigned i = 0; i < most; ++i) {
            pools.push_back(make_pool("hb_scale" + std::to_string(i), 1, 0, 1024, 1, workers));
        }
    } else {
        pools.push_back(make_pool("hb_scale", 1, 0, 1024 * most, 1, workers));
    }
    const LoopQueues loops = open_loop_queues(most);

    // Each count is measured between two windows of one pair (on the first
    // lcore), and compared with their mean: on a shared machine the rate
    // drifts within a run, and a baseline taken minutes earlier would put
    // the drift into the ratio. With several lcores the pairs spread over
    // them, so the ideal ratio is min(pairs, lcores), not 1.
    Lines lines;
    for (const unsigned count : pair_counts) {
        const double before = measure_pairs(dpdk, options, loops, pools, 1).window.rx_pps();
        const Measured measured = measure_pairs(dpdk, options, loops, pools, count);
        const double after = measure_pairs(dpdk, options, loops, pools, 1).window.rx_pps();
        const double one_pair_pps = (before + after) / 2;
        nlohmann::json line = result_line("scale", "net_ring", options, dpdk, measured.window, Counted::rx);
        line["pairs"] = count;
        line["per_pair_pps"] = measured.window.rx_pps() / count;
        line["one_pair_pps"] = one_pair_pps;
        line["vs_one_pair"] = one_pair_pps > 0 ? measured.window.rx_pps() / one_pair_pps : 0.0;
        line["pools"] = pool_per_pair ? "per pair" : "shared";
        add_checks(line, measured.reports);
        lines.push_back(std::move(line));
    }
    return lines;
}

} // namespace hammer::pmd_ops::bench
