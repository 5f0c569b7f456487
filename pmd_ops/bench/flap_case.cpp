#include "pmd_ops/bench/bench_dpdk.hpp"
#include "pmd_ops/bench/bench_error.hpp"
#include "pmd_ops/bench/bench_ports.hpp"
#include "pmd_ops/bench/cases.hpp"
#include "pmd_ops/bench/link_flapper.hpp"
#include "pmd_ops/bench/rate_window.hpp"
#include "pmd_ops/bench/result_line.hpp"

namespace hammer::pmd_ops::bench {

Lines run_flap(const BenchOptions& options, const FlapTarget& target)
{
    if (target.rounds == 0 || target.flaps_per_s <= 0) {
        throw BenchError{"flap: needs at least one round and a positive flap rate"};
    }
    BenchDpdk dpdk = BenchDpdk::start(options);
    Mempool pool = make_pool("hb_flap", 4, options.descriptors, options.descriptors);
    const auto af_packet = [&](unsigned index, const std::string& ifname) {
        return open_port("net_af_packet" + std::to_string(index) + ",iface=" + ifname, target.netns, pool.get(),
                         options.descriptors);
    };
    // Pair B's ports exist and are started, as they would be in a run, but
    // carry no traffic: sharing the lcore with A would halve A whether or not
    // B flaps. What is measured is what the flaps cost A.
    Port a_tx = af_packet(0, target.pair_a.a);
    Port a_rx = af_packet(1, target.pair_a.b);
    Port b_a = af_packet(2, target.pair_b.a);
    Port b_b = af_packet(3, target.pair_b.b);
    for (const Port* port : {&a_tx, &a_rx, &b_a, &b_b}) {
        wait_link_up(*port);
    }

    TrafficProfile profile;
    profile.directions.push_back(
        {a_tx.id(), a_rx.id(), pool.get(), {FrameSpec{FrameClass::unicast, options.size}}, {}});
    TrafficRun run = take(dpdk.engine().start(profile));
    pause_for(options.warmup_s);
    // Alternating windows (alone, flapping, alone, ...) so that drift of a
    // shared machine falls on both sides alike.
    std::vector<double> alone;
    std::vector<double> flapping;
    Window all_flapping;
    unsigned flaps = 0;
    for (unsigned round = 0; round < target.rounds; ++round) {
        alone.push_back(measure({&run}, options.duration_s).rx_pps());
        LinkFlapper flapper{target.netns, target.pair_b.a, target.flaps_per_s};
        const Window window = measure({&run}, options.duration_s);
        flaps += flapper.stop();
        flapping.push_back(window.rx_pps());
        all_flapping.seconds += window.seconds;
        all_flapping.moved.tx_packets += window.moved.tx_packets;
        all_flapping.moved.tx_bytes += window.moved.tx_bytes;
        all_flapping.moved.rx_packets += window.moved.rx_packets;
        all_flapping.moved.rx_bytes += window.moved.rx_bytes;
    }
    const TrafficReport report = run.finish();

    nlohmann::json line = result_line("flap", driver_of(a_tx), options, dpdk, all_flapping, Counted::rx);
    const double alone_pps = median(alone);
    const double flapping_pps = median(flapping);
    line["alone_pps"] = alone_pps;
    line["flapping_pps"] = flapping_pps;
    line["dent_percent"] = alone_pps > 0 ? 100.0 * (1.0 - flapping_pps / alone_pps) : 0.0;
    line["flaps"] = flaps;
    line["flaps_per_s"] = target.flaps_per_s;
    line["rounds"] = target.rounds;
    add_checks(line, {report});
    return {line};
}

} // namespace hammer::pmd_ops::bench
