#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace hammer::config {

/// The seed a command uses and where it came from, so output can say so.
struct SeedChoice {
    std::uint64_t value = 0;
    std::string_view source; ///< "--seed", "config" or "drawn"
};

/// The --seed flag wins over the config's seed; with neither, a seed is drawn
/// from the system's entropy (every run a new combination) and reported, so
/// the run can be repeated exactly.
[[nodiscard]] SeedChoice choose_seed(std::optional<std::uint64_t> flag, std::optional<std::uint64_t> from_config);

} // namespace hammer::config
