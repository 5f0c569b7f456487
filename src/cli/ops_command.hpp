#pragma once

#include "src/cli/command.hpp"
#include "src/run/toolkit.hpp"

#include <iosfwd>

namespace hammer::cli {

/// Lists every operation: what it needs, its parameters with their defaults
/// and ranges, and which backend of this build implements it.
int run_ops(bool json, const run::ToolkitFactory& make_toolkit, std::ostream& out);

/// `hammer ops [--json]`.
Command add_ops_command(CLI::App& app, const run::ToolkitFactory& make_toolkit);

} // namespace hammer::cli
