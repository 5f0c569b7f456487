#pragma once

#include "src/cli/command.hpp"
#include "src/run/toolkit.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hammer::cli {

struct RunOptions {
    std::string topology;
    std::string config;
    std::optional<std::string> replay; ///< a result document: its topology, config and seed
    std::optional<std::uint64_t> seed;
    std::optional<std::string> duration; ///< overrides the config's: "90", "90s", "1h30m"
    std::optional<std::string> out;      ///< the run directory; default: a new one under the config's output directory
    std::optional<std::string> store;    ///< the result store (--store); default: hammer.db in the config's output directory
    std::optional<std::string> host;     ///< --host: the host name recorded (default: uname -n)
    std::optional<std::string> testbed;  ///< --testbed: the testbed recorded (default: the topology's metadata.testbed)
    std::vector<std::string> eal_args;   ///< after `--`, appended to the config's
    std::optional<std::string> lcores;    ///< overrides the config's: a count ("4") or a CPU list ("2-5,8")
    std::optional<std::string> placement; ///< overrides the config's: "dedicated" or "shared"
    std::optional<std::string> queues;    ///< overrides the config's: RX and TX queues per port
    std::optional<std::string> metrics;   ///< "[ADDR:]PORT": serve Prometheus metrics there while the run lasts
};

/// Runs the schedule on the topology's pairs and writes the run directory:
/// journal.jsonl as it happens, result.json and junit.xml at the end, and
/// stores the run. Returns exit_pass, exit_fail or exit_error by the worst
/// outcome, exit_error too when the store cannot be reached (at the start:
/// nothing is touched) or an output was not written; throws InputError on
/// bad input, and when the run directory holds an earlier run.
int run_run(const RunOptions& options, const run::ToolkitFactory& make_toolkit);

/// `hammer run TOPOLOGY CONFIG [--seed N] [--duration S] [--lcores N|LIST] [--placement P] [--queues N]
/// [--out DIR] [--store URL] [--metrics [ADDR:]PORT] [--host NAME] [--testbed NAME] [-- EAL args...]`,
/// or `hammer run --replay RESULT.json [the same flags]`.
Command add_run_command(CLI::App& app, const run::ToolkitFactory& make_toolkit);

} // namespace hammer::cli
