#include "src/config/seed.hpp"

#include <random>

namespace hammer::config {

SeedChoice choose_seed(std::optional<std::uint64_t> flag, std::optional<std::uint64_t> from_config)
{
    if (flag) {
        return {*flag, "--seed"};
    }
    if (from_config) {
        return {*from_config, "config"};
    }
    std::random_device entropy;
    const std::uint64_t high = entropy(), low = entropy();
    return {(high << 32) | low, "drawn"};
}

} // namespace hammer::config
