#include "pmd_ops/bench/bench_dpdk.hpp"
#include "pmd_ops/bench/bench_error.hpp"
#include "pmd_ops/bench/bench_ports.hpp"
#include "pmd_ops/bench/cases.hpp"
#include "pmd_ops/bench/rate_window.hpp"
#include "pmd_ops/bench/result_line.hpp"

namespace hammer::pmd_ops::bench {

Lines run_txonly(const BenchOptions& options, const std::string& devargs)
{
    BenchDpdk dpdk = BenchDpdk::start(options);
    const std::vector<unsigned>& lcores = dpdk.worker_lcores();
    const auto ports_wanted = static_cast<unsigned>(lcores.size());
    // One pool for every port, as testpmd has one per socket: each lcore
    // takes from its own cache of it.
    Mempool pool = make_pool("hb_txonly", ports_wanted, options.descriptors, options.descriptors, 1, ports_wanted);
    // A port per lcore, each sent into by one job pinned to its lcore, as
    // testpmd's txonly gives each forwarding core a stream of its own.
    std::vector<Port> ports;
    ports.reserve(ports_wanted);
    for (unsigned i = 0; i < ports_wanted; ++i) {
        const std::string port_devargs = ports_wanted == 1 ? devargs : indexed_devargs(devargs, i);
        ports.push_back(open_port(port_devargs, {}, pool.get(), options.descriptors));
    }

    std::vector<TrafficRun> runs;
    std::vector<const TrafficRun*> watched;
    runs.reserve(ports_wanted);
    for (unsigned i = 0; i < ports_wanted; ++i) {
        TrafficProfile profile;
        DirectionSpec direction{ports[i].id(), ports[i].id(), pool.get(),
                                {FrameSpec{FrameClass::unicast, options.size}}, {}};
        direction.send_only = true;
        profile.directions.push_back(std::move(direction));
        profile.lcores = {lcores[i]};
        runs.push_back(take(dpdk.engine().start(profile)));
        watched.push_back(&runs.back());
    }
    pause_for(options.warmup_s);
    const Window window = measure(watched, options.duration_s);
    std::vector<TrafficReport> reports;
    for (TrafficRun& run : runs) {
        reports.push_back(run.finish());
    }

    nlohmann::json line = result_line("txonly", driver_of(ports.front()), options, dpdk, window, Counted::tx);
    add_checks(line, reports); // a send-only direction expects nothing back: no loss, settled at once
    std::uint64_t tx_refused = 0;
    std::uint64_t tx_no_mbuf = 0;
    for (const TrafficReport& report : reports) {
        tx_refused += report.directions.at(0).tx_refused;
        tx_no_mbuf += report.directions.at(0).tx_no_mbuf;
    }
    line["tx_refused"] = tx_refused;
    line["tx_no_mbuf"] = tx_no_mbuf;
    line["ports"] = ports_wanted;
    return {line};
}

} // namespace hammer::pmd_ops::bench
