#include "pmd_ops/bench/bench_dpdk.hpp"
#include "pmd_ops/bench/bench_error.hpp"
#include "pmd_ops/bench/bench_ports.hpp"
#include "pmd_ops/bench/cases.hpp"
#include "pmd_ops/bench/rate_window.hpp"
#include "pmd_ops/bench/result_line.hpp"

#include <algorithm>

namespace hammer::pmd_ops::bench {

Lines run_latency(const BenchOptions& options, unsigned load_percent, unsigned ring_size)
{
    if (load_percent == 0 || load_percent > 100) {
        throw BenchError{"latency: load must be 1..100 %"};
    }
    BenchDpdk dpdk = BenchDpdk::start(options);
    Mempool pool = make_pool("hb_latency", 2, 0, ring_size);
    auto [a, b] = open_ring_pair("hbl", ring_size, pool.get());
    TrafficProfile profile;
    profile.directions.push_back({a.id(), b.id(), pool.get(), {FrameSpec{FrameClass::unicast, options.size}}, {}});

    // What this lcore moves unpaced, measured just before: the load is a
    // share of it, not of a figure from another time or machine.
    double most_pps = 0;
    {
        TrafficRun unpaced = take(dpdk.engine().start(profile));
        pause_for(options.warmup_s);
        most_pps = measure({&unpaced}, options.duration_s).rx_pps();
    }
    profile.rate_pps = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(most_pps * load_percent / 100.0));
    TrafficRun paced = take(dpdk.engine().start(profile));
    pause_for(options.warmup_s);
    const Window window = measure({&paced}, options.duration_s);
    const TrafficReport report = paced.finish();

    // The histogram covers the whole paced run, warm-up included.
    const LatencySummary& latency = report.directions.at(0).latency;
    nlohmann::json line = result_line("latency", "net_ring", options, dpdk, window, Counted::rx);
    line["load_percent"] = load_percent;
    line["unpaced_pps"] = most_pps;
    line["rate_pps"] = profile.rate_pps;
    line["latency_count"] = latency.count;
    line["min_ns"] = latency.min_ns;
    line["mean_ns"] = latency.mean_ns;
    line["p50_ns"] = latency.p50_ns;
    line["p90_ns"] = latency.p90_ns;
    line["p99_ns"] = latency.p99_ns;
    line["p999_ns"] = latency.p999_ns;
    line["max_ns"] = latency.max_ns;
    add_checks(line, {report});
    return {line};
}

} // namespace hammer::pmd_ops::bench
