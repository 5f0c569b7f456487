#pragma once

#include "src/record/journal_reader.hpp"
#include "src/record/uti.hpp"
#include "tests/record/run_directory.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

// Result documents rendered from real journals, for the output and store
// suites: what they check is what a run produces, not a hand-made imitation.
namespace hammer::output::testing {

/// What varies between the sample runs of a suite, set in a chain:
/// `sample_result(SampleRun{}.named("run-1").unfinished())`.
struct SampleRun {
    std::string run_id = "run-42";
    std::string previous_hash;
    std::uint64_t seed = 7;
    std::string failure_message = "MTU read back 1500, expected 9000";
    bool finished = true;       ///< false: the process "died" in the last step (no slot-end, no run-end)
    std::int64_t offset_ms = 0; ///< shifts every timestamp, so runs differ in time
    /// "": a run of hammer before identity was recorded (no host, no devices);
    /// else the host's name, and both ends identified with `driver`.
    std::string host;
    std::string driver;

    SampleRun& named(std::string id) { run_id = std::move(id); return *this; }
    SampleRun& after(std::string hash) { previous_hash = std::move(hash); return *this; }
    SampleRun& seeded(std::uint64_t value) { seed = value; return *this; }
    SampleRun& failing_with(std::string message) { failure_message = std::move(message); return *this; }
    SampleRun& unfinished() { finished = false; return *this; }
    SampleRun& shifted(std::int64_t ms) { offset_ms = ms; return *this; }
    SampleRun& on(std::string name, std::string device_driver)
    {
        host = std::move(name);
        driver = std::move(device_driver);
        return *this;
    }
};

/// One pair (pair0: dut1/p0 — dut2/p0) with a step of each outcome — PASS,
/// FAIL (`failure_message`), SKIP, ERROR in setup — then, unless `finished`
/// is false, a fifth step that ends; counters on both ends (a number and a
/// text value), one recovery attempt, every endpoint restored.
inline nlohmann::json sample_result(const SampleRun& run)
{
    using record::testing::endpoint;
    using record::testing::slot_end_fields;
    using record::testing::slot_fields;
    using record::testing::with;

    auto start = record::testing::sample_run_start();
    start["run-id"] = run.run_id;
    start["previous-hash"] = run.previous_hash;
    start["seed"] = run.seed;

    if (!run.host.empty()) {
        start["host"] = {{"name", run.host},
                         {"kernel-release", "6.1.0-18-amd64"},
                         {"machine", "x86_64"},
                         {"cpu-model", "Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz"},
                         {"cpus", 64}};
        start["software"] = {{"dpdk", "DPDK 22.11.4"}};
    }

    const auto at = [&run](std::int64_t ms) { return run.offset_ms + ms; };
    record::testing::JournalText journal;
    journal.add("run-start", start, at(0));
    if (!run.host.empty()) {
        for (const char* node : {"dut1", "dut2"}) {
            journal.add("state",
                        with(endpoint(node, "p0"), {{"state-id", "identity"},
                                                    {"operational-data",
                                                     {{"backend", "kernel"},
                                                      {"driver", run.driver},
                                                      {"driver-version", "1.0"},
                                                      {"firmware-version", "4.40"},
                                                      {"bus-info", "0000:3b:00.0"},
                                                      {"pci-id", "8086:1592"}}}}),
                        at(1));
        }
    }
    journal
        .add("slot-start", slot_fields(0, "mtu", "mtu_change", 0, 1000), at(10))
        .add("slot-end", slot_end_fields(slot_fields(0, "mtu", "mtu_change", 0, 1000), "PASS", "", "verify", 10, 990),
             at(1000))
        .add("slot-start", slot_fields(1, "flap", "link_flap", 1000, 2000), at(1010))
        .add("slot-end",
             slot_end_fields(slot_fields(1, "flap", "link_flap", 1000, 2000), "FAIL", run.failure_message, "verify",
                             1010, 2250),
             at(3260))
        .add("slot-start", slot_fields(2, "rings", "ring_change", 3000, 1000), at(3270))
        .add("slot-end",
             slot_end_fields(slot_fields(2, "rings", "ring_change", 3000, 1000), "SKIP",
                             "rings: the device does not support changing them (EOPNOTSUPP)", "setup", 3270, 5),
             at(3275))
        .add("slot-start", slot_fields(3, "channels", "channel_change", 4000, 1000), at(4000))
        .add("recovery",
             with(endpoint("dut1", "p0"), {{"pair-id", "pair0"},
                                           {"backend", "kernel"},
                                           {"attempt", 1},
                                           {"outcome", "PASS"},
                                           {"message", "link up again"}}),
             at(4100))
        .add("slot-end",
             slot_end_fields(slot_fields(3, "channels", "channel_change", 4000, 1000), "ERROR",
                             "setup: netlink said EPERM", "setup", 4000, 400),
             at(4400))
        .add("counters",
             with(endpoint("dut1", "p0"),
                  {{"rx", {{"packets", 1000}, {"bytes", 64000}}}, {"tx", {{"packets", 990}, {"carrier", "up"}}}}),
             at(4500))
        .add("slot-start", with(slot_fields(4, "mtu", "mtu_change", 5000, 1000), {{"loop", 2}}), at(5000));
    if (run.finished) {
        journal
            .add("slot-end",
                 with(slot_end_fields(slot_fields(4, "mtu", "mtu_change", 5000, 1000), "PASS", "", "verify", 5000,
                                      1000),
                      {{"loop", 2}}),
                 at(6000))
            .add("restore-complete", {{"failed", 0}}, at(6010))
            .add("run-end", {{"status", "ERROR"}, {"interrupted", false}}, at(6020));
    }
    const record::testing::RunDirectory directory;
    directory.write_journal(journal.str());
    return record::render_uti(record::read_journal(directory.path()));
}

} // namespace hammer::output::testing
