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
    Mempool pool =
        make_pool("hb_pair", 2, options.descriptors, std::max<unsigned>(options.descriptors, target.ring_size));
    std::optional<Port> a;
    std::optional<Port> b;
    if (target.devargs_a.empty()) {
        auto ring = open_ring_pair("hbp", target.ring_size, pool.get());
        a.emplace(std::move(ring.first));
        b.emplace(std::move(ring.second));
    } else {
        a.emplace(open_port(target.devargs_a, target.netns, pool.get(), options.descriptors));
        b.emplace(open_port(target.devargs_b, target.netns, pool.get(), options.descriptors));
    }
    // Both ends started first: a memif client connects only to a started server.
    wait_link_up(*a);
    wait_link_up(*b);

    TrafficProfile profile;
    profile.directions.push_back({a->id(), b->id(), pool.get(), {FrameSpec{FrameClass::unicast, options.size}}, {}});
    TrafficRun run = take(dpdk.engine().start(profile));
    pause_for(options.warmup_s);
    const Window window = measure({&run}, options.duration_s);
    const TrafficReport report = run.finish();

    nlohmann::json line = result_line("pair", driver_of(*a), options, dpdk, window, Counted::rx);
    add_checks(line, {report});
    line["tx_refused"] = report.directions.at(0).tx_refused;
    return {line};
}

} // namespace hammer::pmd_ops::bench
