#pragma once

#include "src/cli/command.hpp"

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

namespace hammer::cli {

struct ValidateOptions {
    std::string topology;
    std::optional<std::string> config;
    std::optional<std::uint64_t> seed; ///< decides the pairs through a switch
};

/// Loads and checks the topology (and the run config, whose schedule must fit
/// the pairs), prints the pairs found. Throws InputError on bad input.
int run_validate(const ValidateOptions& options, std::ostream& out);

/// `hammer validate TOPOLOGY [CONFIG] [--seed N]`.
Command add_validate_command(CLI::App& app);

} // namespace hammer::cli
