// hammer-bench: hammer's traffic engine alone, one case per process, one
// JSON line per figure on stdout (scripts/bench.sh reads them and runs
// dpdk-testpmd on the same devices, lcores and frame size alongside).
// Logs go to stderr. Exit codes as hammer's: 0 ran, 2 setup failed, 3 bad input.

#include "pmd_ops/bench/bench_error.hpp"
#include "pmd_ops/bench/cases.hpp"
#include "pmd_ops/engine.hpp"

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <functional>
#include <iostream>

namespace {

using namespace hammer::pmd_ops::bench;

constexpr int exit_ran = 0;
constexpr int exit_setup_failed = 2;
constexpr int exit_bad_input = 3;

void add_common_options(CLI::App& app, BenchOptions& options)
{
    app.add_option("--warmup", options.warmup_s, "Seconds of traffic before the measured window")
        ->check(CLI::Range(0.0, 600.0))
        ->capture_default_str();
    app.add_option("--duration", options.duration_s, "Seconds of the measured window")
        ->check(CLI::Range(0.05, 3600.0))
        ->capture_default_str();
    // The standard pool's 2048-byte mbufs hold one frame each.
    app.add_option("--size", options.size, "Frame bytes without FCS")
        ->check(CLI::Range(60, 2048))
        ->capture_default_str();
    app.add_flag("--no-huge", options.no_huge, "DPDK memory from 4 KiB pages even when hugepages are free");
    app.add_option("--memory", options.memory_mb, "DPDK memory in MiB")
        ->check(CLI::Range(64, 65536))
        ->capture_default_str();
    app.add_option("--descriptors", options.descriptors, "RX and TX descriptors per port")
        ->check(CLI::Range(64, 4096))
        ->capture_default_str();
    // A ring pair has at most 16 queues each way (RTE_PMD_RING_MAX_RX_RINGS),
    // and 16 sinks fit in Debian's 32 ports.
    app.add_option("--lcores", options.lcores,
                   "Worker lcores: txonly sends into a port per lcore, pair spreads over a queue per lcore, "
                   "scale spreads its pairs")
        ->check(CLI::Range(1U, 16U))
        ->capture_default_str();
    app.add_flag("-v,--verbose", options.verbose, "More logging, DPDK's own at notice level");
}

/// rte_ring_create takes power-of-two sizes only.
const CLI::Validator ring_size_check{[](std::string& text) -> std::string {
                                         unsigned long size = 0;
                                         const auto [end, error] =
                                             std::from_chars(text.data(), text.data() + text.size(), size);
                                         if (error != std::errc{} || end != text.data() + text.size()) {
                                             return "not a number";
                                         }
                                         const bool power_of_two = size != 0 && (size & (size - 1)) == 0;
                                         return power_of_two && size >= 64 && size <= 65536
                                                    ? std::string{}
                                                    : "a power of two from 64 to 65536";
                                     },
                                     "POWER OF 2"};

} // namespace

int main(int argc, char** argv)
{
    const auto entered = std::chrono::steady_clock::now();
    CLI::App app{"hammer-bench: hammer's traffic engine alone, one case per run, one JSON line per figure"};
    app.require_subcommand(1);
    // Common options are accepted before or after the case.
    app.fallthrough();
    BenchOptions options;
    add_common_options(app, options);
    std::function<Lines()> chosen;

    std::string sink = "net_null0";
    auto* txonly = app.add_subcommand("txonly", "TX only into a sink per lcore, every frame stamped (sequence, TSC)");
    txonly->add_option("--devargs", sink, "The sink's devargs; with --lcores N, the name's number becomes 0..N-1")
        ->capture_default_str();
    txonly->callback([&] { chosen = [&] { return run_txonly(options, sink); }; });

    PairTarget pair;
    auto* pair_case = app.add_subcommand("pair", "a → b, a queue per lcore, every frame's sequence checked");
    pair_case->add_option("--a", pair.devargs_a, "Devargs of the sending port (none: a ring pair)");
    pair_case->add_option("--b", pair.devargs_b, "Devargs of the receiving port");
    pair_case->add_option("--netns", pair.netns, "Network namespace of kernel-backed ports (af_packet)");
    pair_case->add_option("--ring-size", pair.ring_size, "Mbufs per ring of a ring pair")
        ->check(ring_size_check)
        ->capture_default_str();
    pair_case->callback([&] { chosen = [&] { return run_pair(options, pair); }; });

    std::vector<unsigned> counts{1, 2, 4, 8, 16, 64};
    auto* scale =
        app.add_subcommand("scale", "N pairs (looped ring queues) spread over the lcores, aggregate rate per N");
    // One lcore serves at most Engine::jobs_per_lcore pairs.
    const auto pair_range = CLI::Range(1U, hammer::pmd_ops::Engine::jobs_per_lcore);
    scale->add_option("--pairs", counts, "Pair counts, comma separated")
        ->delimiter(',')
        ->check(pair_range)
        ->capture_default_str();
    bool pool_per_pair = false;
    scale->add_flag("--pool-per-pair", pool_per_pair, "Each pair sends from a pool of its own instead of one shared");
    scale->callback([&] { chosen = [&] { return run_scale(options, counts, pool_per_pair); }; });

    FlapTarget flap;
    std::vector<std::string> flap_a;
    std::vector<std::string> flap_b;
    auto* flap_case = app.add_subcommand("flap", "Pair A's rate alone and while pair B's veth flaps");
    flap_case->add_option("--netns", flap.netns, "Namespace holding both veth pairs")->required();
    flap_case->add_option("--pair-a", flap_a, "A's veth ends: SENDER,RECEIVER")
        ->delimiter(',')
        ->expected(2)
        ->required();
    flap_case->add_option("--pair-b", flap_b, "B's veth ends: FLAPPED,PEER")
        ->delimiter(',')
        ->expected(2)
        ->required();
    flap_case->add_option("--flaps-per-s", flap.flaps_per_s, "Down/up cycles per second")
        ->check(CLI::Range(0.1, 100.0))
        ->capture_default_str();
    flap_case->add_option("--rounds", flap.rounds, "Alone/flapping window pairs")
        ->check(CLI::Range(1U, 100U))
        ->capture_default_str();
    flap_case->callback([&] {
        flap.pair_a = {flap_a.at(0), flap_a.at(1)};
        flap.pair_b = {flap_b.at(0), flap_b.at(1)};
        chosen = [&] { return run_flap(options, flap); };
    });

    unsigned load = 50;
    unsigned latency_ring = 1024;
    auto* latency = app.add_subcommand("latency", "Latency on a ring pair paced at a share of its unpaced rate");
    latency->add_option("--load", load, "Percent of the unpaced rate")
        ->check(CLI::Range(1U, 100U))
        ->capture_default_str();
    latency->add_option("--ring-size", latency_ring, "Mbufs per ring")->check(ring_size_check)->capture_default_str();
    latency->callback([&] { chosen = [&] { return run_latency(options, load, latency_ring); }; });

    unsigned startup_pairs = 4;
    auto* startup = app.add_subcommand("startup", "Time to first frame and peak RSS, ring pairs, --no-huge");
    startup->add_option("--pairs", startup_pairs, "Ring pairs, both ways")->check(pair_range)->capture_default_str();
    startup->callback([&] { chosen = [&] { return run_startup(options, startup_pairs, entered); }; });

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        const int code = app.exit(error);
        return code == 0 ? exit_ran : exit_bad_input;
    }
    // stdout carries the result lines only.
    spdlog::set_default_logger(spdlog::stderr_color_mt("hammer-bench"));
    spdlog::set_level(options.verbose ? spdlog::level::debug : spdlog::level::warn);
    try {
        for (const auto& line : chosen()) {
            std::cout << line.dump() << '\n';
        }
        std::cout.flush();
    } catch (const std::exception& error) {
        std::cerr << "hammer-bench: " << error.what() << '\n';
        return exit_setup_failed;
    }
    return exit_ran;
}
