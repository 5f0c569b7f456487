#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace hammer::cli {

/// Adds `--seed` to a command, accepting only what a config's "seed" accepts:
/// decimal digits, 0 to 18446744073709551615 ("010" is 10). CLI11 2.1 alone
/// would read "-1" and "99999999999999999999" as 18446744073709551615, "010"
/// as 8 and "0x10" as 16, and a run would go ahead with a seed nobody asked for.
CLI::Option* add_seed_option(CLI::App& command, std::optional<std::uint64_t>& seed, const std::string& description);

} // namespace hammer::cli
