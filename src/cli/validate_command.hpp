#pragma once

#include "src/cli/command.hpp"

#include <cstdint>
#include <iosfwd>
#include <string>

namespace hammer::cli {

struct ValidateOptions {
    std::string topology;
    std::uint64_t seed = 1; ///< decides the pairs through a switch
};

/// Loads and checks the topology, prints the pairs found. Throws InputError on bad input.
int run_validate(const ValidateOptions& options, std::ostream& out);

/// `hammer validate TOPOLOGY`.
Command add_validate_command(CLI::App& app);

} // namespace hammer::cli
