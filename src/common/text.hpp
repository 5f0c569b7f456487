#pragma once

#include <functional>
#include <ranges>
#include <string>
#include <string_view>

namespace hammer {

/// "\"text\"": how ids and values appear in messages.
[[nodiscard]] inline std::string in_quotes(std::string_view text)
{
    return "\"" + std::string{text} + "\"";
}

/// The items, each turned to text by `name_of`, joined by `separator`:
/// joined(names) gives "a, b, c"; joined(chain, " -> ") gives "a -> b".
template <std::ranges::input_range Items, typename NameOf = std::identity>
[[nodiscard]] std::string joined(const Items& items, std::string_view separator = ", ", NameOf name_of = {})
{
    std::string text;
    bool first = true;
    for (const auto& item : items) {
        if (!first) {
            text += separator;
        }
        first = false;
        text += std::string_view{std::invoke(name_of, item)};
    }
    return text;
}

} // namespace hammer
