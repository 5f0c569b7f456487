#include "pmd_ops/bench/bench_dpdk.hpp"
#include "pmd_ops/bench/bench_error.hpp"
#include "pmd_ops/bench/bench_ports.hpp"
#include "pmd_ops/bench/cases.hpp"
#include "pmd_ops/bench/process_stats.hpp"
#include "pmd_ops/bench/rate_window.hpp"
#include "pmd_ops/bench/result_line.hpp"

#include <algorithm>
#include <thread>

namespace hammer::pmd_ops::bench {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_between(Clock::time_point from, Clock::time_point to)
{
    return std::chrono::duration<double>(to - from).count();
}

bool every_direction_received(const std::vector<TrafficRun>& runs)
{
    return std::all_of(runs.begin(), runs.end(), [](const TrafficRun& run) {
        const auto directions = run.sample();
        return std::all_of(directions.begin(), directions.end(),
                           [](const DirectionReport& direction) { return direction.rx_packets > 0; });
    });
}

} // namespace

Lines run_startup(const BenchOptions& options, unsigned pairs, Clock::time_point main_entered)
{
    // The footprint a machine without hugepages pays: --no-huge always.
    BenchOptions no_huge = options;
    no_huge.no_huge = true;
    const Clock::time_point eal_started = Clock::now();
    BenchDpdk dpdk = BenchDpdk::start(no_huge);
    const Clock::time_point eal_ready = Clock::now();

    // Pools and rings as pmd_ops' runtime makes them for ring pairs (its
    // defaults: 1024 descriptors, 1024-mbuf rings): a pool per pair for its
    // ports, and one TX pool with a share for every pair.
    constexpr unsigned ring_size = 1024;
    const unsigned tx_descriptors = std::max<unsigned>(options.descriptors, ring_size);
    const Mempool tx_pool = make_pool("hb_start_tx", 2 * pairs, 0, tx_descriptors);
    std::vector<Mempool> pools;
    std::vector<std::pair<Port, Port>> ports;
    pools.reserve(pairs);
    ports.reserve(pairs);
    for (unsigned i = 0; i < pairs; ++i) {
        pools.push_back(make_pool("hb_start" + std::to_string(i), 2, options.descriptors, tx_descriptors));
        ports.push_back(open_ring_pair("hbt" + std::to_string(i) + "_", ring_size, pools.back().get()));
    }
    // Both ways, as the traffic operations run.
    std::vector<TrafficRun> runs;
    runs.reserve(pairs);
    std::vector<const TrafficRun*> watched;
    for (unsigned i = 0; i < pairs; ++i) {
        const auto& [a, b] = ports[i];
        TrafficProfile profile;
        const FrameSpec frame{FrameClass::unicast, options.size};
        profile.directions.push_back({a.id(), b.id(), tx_pool.get(), {frame}, {}});
        profile.directions.push_back({b.id(), a.id(), tx_pool.get(), {frame}, {}});
        runs.push_back(take(dpdk.engine().start(profile)));
        watched.push_back(&runs.back());
    }
    const Clock::time_point traffic_started = Clock::now();
    const Clock::time_point give_up = traffic_started + std::chrono::seconds{5};
    while (!every_direction_received(runs)) {
        if (Clock::now() > give_up) {
            throw BenchError{"startup: no frame on some pair after 5 s"};
        }
        std::this_thread::sleep_for(std::chrono::microseconds{100});
    }
    const Clock::time_point first_frames = Clock::now();
    const double since_exec = seconds_since_process_start();

    pause_for(options.warmup_s);
    const Window window = measure(watched, options.duration_s);
    std::vector<TrafficReport> reports;
    for (TrafficRun& run : runs) {
        reports.push_back(run.finish());
    }

    nlohmann::json line = result_line("startup", "net_ring", no_huge, dpdk, window, Counted::rx);
    line["pairs"] = pairs;
    line["eal_init_s"] = seconds_between(eal_started, eal_ready);
    line["setup_s"] = seconds_between(eal_ready, traffic_started); // pools, ports, jobs posted
    line["first_frames_s"] = seconds_between(traffic_started, first_frames);
    line["first_packet_from_main_s"] = seconds_between(main_entered, first_frames);
    line["first_packet_from_exec_s"] = since_exec;
    line["rss_mb"] = static_cast<double>(peak_rss_kib()) / 1024.0;
    add_checks(line, reports);
    return {line};
}

} // namespace hammer::pmd_ops::bench
