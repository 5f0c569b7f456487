#pragma once

#include "src/run/toolkit.hpp"

namespace hammer::cli {

/// The whole command line: parses it, sets up logging, runs the chosen
/// command and maps what it throws to an exit code (InputError: bad input,
/// 3, each diagnostic on stderr). main() passes the real backends; the
/// runner's end-to-end tests pass fakes.
int run_cli(int argc, char** argv, const run::ToolkitFactory& make_toolkit);

} // namespace hammer::cli
