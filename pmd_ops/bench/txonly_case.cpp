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
    Mempool pool = make_pool("hb_txonly", 1, options.descriptors, options.descriptors);
    Port port = open_port(devargs, {}, pool.get(), options.descriptors);

    TrafficProfile profile;
    DirectionSpec direction{port.id(), port.id(), pool.get(), {FrameSpec{FrameClass::unicast, options.size}}, {}};
    direction.send_only = true;
    profile.directions.push_back(std::move(direction));
    TrafficRun run = take(dpdk.engine().start(profile));
    pause_for(options.warmup_s);
    const Window window = measure({&run}, options.duration_s);
    const TrafficReport report = run.finish();

    nlohmann::json line = result_line("txonly", driver_of(port), options, dpdk, window, Counted::tx);
    add_checks(line, {report}); // a send-only direction expects nothing back: no loss, settled at once
    line["tx_refused"] = report.directions.at(0).tx_refused;
    line["tx_no_mbuf"] = report.directions.at(0).tx_no_mbuf;
    return {line};
}

} // namespace hammer::pmd_ops::bench
