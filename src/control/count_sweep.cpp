#include "src/control/count_sweep.hpp"

namespace hammer::control {

std::vector<std::string> count_mismatches(
    std::initializer_list<std::tuple<const char*, std::optional<std::uint32_t>, std::optional<std::uint32_t>>> counts)
{
    std::vector<std::string> found;
    for (const auto& [name, want, have] : counts) {
        if (want && want != have) {
            found.push_back(std::string{name} + " " + std::to_string(*want) + " read back " +
                            (have ? std::to_string(*have) : std::string{"absent"}));
        }
    }
    return found;
}

} // namespace hammer::control
