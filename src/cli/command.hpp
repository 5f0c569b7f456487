#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace hammer::cli {

/// A subcommand as main() sees it: the parsed CLI11 subcommand and what to run
/// when the user chose it. The action returns an ExitCode and may throw
/// InputError, which main() reports as bad input.
struct Command {
    CLI::App* app = nullptr;
    std::function<int()> action;
};

} // namespace hammer::cli
