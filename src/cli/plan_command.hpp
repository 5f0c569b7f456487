#pragma once

#include "src/cli/command.hpp"

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

namespace hammer::cli {

struct PlanOptions {
    std::string topology;
    std::string config;
    std::optional<std::string> replay; ///< a result document: its topology, config and seed
    std::optional<std::uint64_t> seed;
    bool json = false;
};

/// Prints the schedule of a run without touching anything. Throws InputError on bad input.
int run_plan(const PlanOptions& options, std::ostream& out);

/// `hammer plan TOPOLOGY CONFIG [--seed N] [--json]`, or `hammer plan --replay RESULT.json [--seed N] [--json]`.
Command add_plan_command(CLI::App& app);

} // namespace hammer::cli
