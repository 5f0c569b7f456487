#pragma once

#include "src/record/journal_reader.hpp"
#include "src/record/uti.hpp"
#include "src/search/rate_search.hpp"
#include "src/search/result_json.hpp"
#include "tests/record/run_directory.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>

// A result with every kind of result CSIT has a type for, rendered from a
// real journal: the NDRPDR and MRR results are what hammer's own search and
// result code make of a simulated device, not hand-written imitations.
namespace hammer::output::testing {

/// A device that carries `capacity_pps` (all directions together) and drops
/// the rest: what find_rates and the MRR trials measure.
inline std::optional<search::Trial> simulated_trial(double rate, std::chrono::milliseconds duration)
{
    constexpr double capacity_pps = 90'000;
    const double seconds = static_cast<double>(duration.count()) / 1000.0;
    search::Trial trial;
    trial.rate = rate;
    trial.duration = duration;
    trial.offered = static_cast<std::uint64_t>(2 * rate * seconds);
    trial.received = std::min(trial.offered, static_cast<std::uint64_t>(capacity_pps * seconds));
    trial.directions = {{trial.offered / 2, trial.received / 2}, {trial.offered - trial.offered / 2,
                                                                   trial.received - trial.received / 2}};
    trial.elapsed = duration + std::chrono::milliseconds{100};
    return trial;
}

/// Latency at one load as throughput_search records it.
inline nlohmann::json latency_at(double rate, double min_ns, double avg_ns, double max_ns)
{
    return {{"rate-pps", rate}, {"loss-ratio", 0.0}, {"samples", 1000}, {"min-ns", min_ns}, {"avg-ns", avg_ns},
            {"p50-ns", avg_ns}, {"p90-ns", max_ns * 0.8}, {"p99-ns", max_ns * 0.9}, {"max-ns", max_ns}};
}

/// pair0 (dut1/p0 — dut2/p0, both identified as `ice`): a throughput_search
/// step (PASS) with latency at every CSIT load, an mrr step (FAIL), and a
/// link_flap_traffic step (PASS) with two outages; a second search whose
/// run died before its bounds (only a trial) ends it.
inline nlohmann::json csit_sample_result()
{
    using record::testing::endpoint;
    using record::testing::slot_end_fields;
    using record::testing::slot_fields;
    using record::testing::with;
    constexpr double wire_bits = (64 + 24) * 8;

    search::SearchGoals goals;
    goals.min_rate = 1'000;
    goals.max_rate = 100'000;
    auto ndrpdr = search::ndrpdr_json(goals, search::find_rates(goals, simulated_trial), {"ndr", "pdr"}, wire_bits);
    const double pdr = ndrpdr["pdr"]["lower"]["forward"]["rate"]["value"].get<double>();
    for (const char* direction : {"forward", "reverse"}) {
        ndrpdr["latency"][direction] = {{"pdr_0", latency_at(goals.min_rate, 900, 1500, 2100)},
                                        {"pdr_10", latency_at(pdr * 0.1, 1000, 1600, 2500)},
                                        {"pdr_50", latency_at(pdr * 0.5, 1100, 2600, 9100)},
                                        {"pdr_90", latency_at(pdr * 0.9, 1200, 5400, 40000)}};
    }
    std::vector<search::Trial> mrr_trials;
    for (int i = 0; i < 3; ++i) {
        mrr_trials.push_back(*simulated_trial(60'000 + 10'000 * i, std::chrono::milliseconds{1000}));
    }
    const auto mrr = search::mrr_json(mrr_trials, 0, wire_bits);
    const nlohmann::json outage = {{"node-id", "dut1"},       {"tp-id", "p0"},       {"change", "link down 500 ms"},
                                   {"offered-pps", 20000.0},  {"window-ms", 700},    {"lost-packets", 10400},
                                   {"outage-ms", 520.0}};

    record::testing::JournalText journal;
    journal.add("run-start", record::testing::sample_run_start(), 0);
    for (const char* node : {"dut1", "dut2"}) {
        journal.add("state",
                    with(endpoint(node, "p0"), {{"state-id", "identity"},
                                                {"operational-data",
                                                 {{"backend", "kernel"},
                                                  {"driver", "ice"},
                                                  {"driver-version", "1.13.7"},
                                                  {"firmware-version", "4.40"},
                                                  {"bus-info", "0000:3b:00.0"}}}}),
                    1);
    }
    journal.add("slot-start", slot_fields(0, "search", "throughput_search", 0, 3000), 10)
        .add("throughput", {{"pair-id", "pair0"}, {"operation-id", "search"}, {"type", "NDRPDR"}, {"result", ndrpdr}},
             2900)
        .add("slot-end",
             slot_end_fields(slot_fields(0, "search", "throughput_search", 0, 3000), "PASS", "", "verify", 10, 2995),
             3005)
        .add("slot-start", slot_fields(1, "mrr", "mrr", 3000, 3000), 3010)
        .add("throughput", {{"pair-id", "pair0"}, {"operation-id", "mrr"}, {"type", "MRR"}, {"result", mrr}}, 5900)
        .add("slot-end",
             slot_end_fields(slot_fields(1, "mrr", "mrr", 3000, 3000), "FAIL", "received 12 % below the last run",
                             "verify", 3010, 2990),
             6000)
        .add("slot-start", slot_fields(2, "flap", "link_flap_traffic", 6000, 3000), 6010)
        .add("outage", with(outage, {{"pair-id", "pair0"}, {"operation-id", "flap"}}), 7000)
        .add("outage", with(outage, {{"pair-id", "pair0"}, {"operation-id", "flap"}, {"outage-ms", 480.0}}), 8000)
        .add("slot-end",
             slot_end_fields(slot_fields(2, "flap", "link_flap_traffic", 6000, 3000), "PASS", "", "verify", 6010,
                             2990),
             9000)
        .add("slot-start", slot_fields(3, "search", "throughput_search", 9000, 1000), 9010)
        .add("trial",
             {{"pair-id", "pair0"},
              {"operation-id", "search"},
              {"type", "NDRPDR"},
              {"trial", search::trial_json(*simulated_trial(50'000, std::chrono::milliseconds{250}))}},
             9300);
    const record::testing::RunDirectory directory;
    directory.write_journal(journal.str());
    return record::render_uti(record::read_journal(directory.path()));
}

} // namespace hammer::output::testing
