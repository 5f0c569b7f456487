#pragma once

#include "src/cli/command.hpp"
#include "src/store/run_filter.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace hammer::cli {

/// What `hammer report` reports on.
struct ReportOptions {
    std::vector<std::string> results;  ///< result.json files, or run directories holding one
    std::string output;                ///< -o: the HTML file
    std::optional<std::string> store;  ///< --store: stored runs too, read from the store
    store::RunFilter filter;           ///< --host, --testbed, --driver: which stored runs
    std::optional<std::size_t> last;   ///< --last N: the newest N of the stored runs that match
};

/// Writes one HTML report of `results` (each a result.json or a run
/// directory holding one), then of the stored runs that match (with
/// --store; each named "#POSITION host/testbed run-id"), to `output`,
/// replacing it atomically. InputError, naming the file and JSON pointer,
/// for a result that cannot be read or lacks what the report needs, naming
/// --output for a directory that does not exist, and naming the flags when
/// there is no run to report. exit_error when the store cannot be read.
/// exit_pass once written: the report's verdicts are on the page, not in the
/// exit code.
int run_report(const ReportOptions& options);

/// `hammer report [RESULT.json…] [--store URL [--host H] [--testbed T] [--driver D] [--last N]] -o report.html`.
Command add_report_command(CLI::App& app);

} // namespace hammer::cli
