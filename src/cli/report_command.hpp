#pragma once

#include "src/cli/command.hpp"

#include <string>
#include <vector>

namespace hammer::cli {

/// Writes one HTML report of `results` (each a result.json or a run
/// directory holding one) to `output`, replacing it atomically. InputError,
/// naming the file and JSON pointer, for a result that cannot be read or
/// lacks what the report needs, and naming --output for a directory that
/// does not exist. exit_pass once written: the report's verdicts are on the
/// page, not in the exit code.
int run_report(const std::vector<std::string>& results, const std::string& output);

/// `hammer report RESULT.json… -o report.html`.
Command add_report_command(CLI::App& app);

} // namespace hammer::cli
