#include "src/operations/outcome.hpp"

#include <array>

namespace hammer::operations {
namespace {

constexpr std::array<std::string_view, 4> names{"PASS", "SKIP", "FAIL", "ERROR"};

} // namespace

std::string_view to_string(Outcome outcome) noexcept
{
    return names[static_cast<std::size_t>(outcome)];
}

std::optional<Outcome> outcome_from_string(std::string_view text) noexcept
{
    for (std::size_t index = 0; index < names.size(); ++index) {
        if (names[index] == text) {
            return static_cast<Outcome>(index);
        }
    }
    return std::nullopt;
}

} // namespace hammer::operations
