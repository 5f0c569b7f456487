#include "pmd_ops/bench/bench_dpdk.hpp"
#include "pmd_ops/bench/bench_error.hpp"
#include "pmd_ops/bench/bench_ports.hpp"
#include "pmd_ops/bench/cases.hpp"
#include "pmd_ops/bench/rate_window.hpp"
#include "pmd_ops/bench/result_line.hpp"

#include <algorithm>
#include <optional>

namespace hammer::pmd_ops::bench {

Lines run_pair(const BenchOptions& options, const PairTarget& target)
{
    if (target.devargs_a.empty() != target.devargs_b.empty()) {
        throw BenchError{"pair: give both --a and --b, or neither for a ring pair"};
    }
    BenchDpdk dpdk = BenchDpdk::start(options);
    // A queue each way per lcore: queue q's TX and RX go to lcore q
    // (Engine's placement), as testpmd gives each forwarding core a stream.
    const auto queues = static_cast<std::uint16_t>(dpdk.lcores());
    const unsigned tx_descriptors = std::max<unsigned>(options.descriptors, target.ring_size);
    Mempool pool = make_pool("hb_pair", 2, options.descriptors, tx_descriptors, queues, queues);
    std::optional<Port> a;
    std::optional<Port> b;
    if (target.devargs_a.empty()) {
        auto ring = open_ring_pair("hbp", target.ring_size, pool.get(), queues);
        a.emplace(std::move(ring.first));
        b.emplace(std::move(ring.second));
    } else {
        a.emplace(open_port(target.devargs_a, target.netns, pool.get(), options.descriptors, queues));
        b.emplace(open_port(target.devargs_b, target.netns, pool.get(), options.descriptors, queues));
    }
    // Both ends started first: a memif client connects only to a started server.
    wait_link_up(*a);
    wait_link_up(*b);

    TrafficProfile profile;
    DirectionSpec direction{a->id(), b->id(), pool.get(), {FrameSpec{FrameClass::unicast, options.size}}, {}};
    direction.queues = queues;
    profile.directions.push_back(std::move(direction));
    profile.lcores = dpdk.worker_lcores();
    TrafficRun run = take(dpdk.engine().start(profile));
    pause_for(options.warmup_s);
    const Window window = measure({&run}, options.duration_s);
    const TrafficReport report = run.finish();

    nlohmann::json line = result_line("pair", driver_of(*a), options, dpdk, window, Counted::rx);
    add_checks(line, {report});
    line["tx_refused"] = report.directions.at(0).tx_refused;
    line["queues"] = queues;
    line["flows"] = report.directions.at(0).flows;
    // What each queue carried over the whole run: a skewed split (af_packet's
    // fanout hash) shows here, not in the aggregate.
    nlohmann::json per_queue = nlohmann::json::array();
    for (const QueueReport& queue : report.directions.at(0).queues) {
        per_queue.push_back({{"queue", queue.rx_queue}, {"lcore", queue.rx_lcore}, {"rx_packets", queue.rx_packets}});
    }
    line["rx_by_queue"] = per_queue;
    return {line};
}

} // namespace hammer::pmd_ops::bench
