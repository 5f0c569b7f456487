#include "src/cli/seed_option.hpp"

#include "src/common/text.hpp"

#include <charconv>

namespace hammer::cli {
namespace {

/// Empty when `text` is a seed, else why not. Leading zeros are dropped from
/// `text`: CLI11 converts with strtoull's base 0, which would read "010" as 8.
std::string check_seed(std::string& text)
{
    std::uint64_t value = 0;
    const char* const end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    const bool digits_only = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
    if (!digits_only || error != std::errc{} || stop != end) {
        return in_quotes(text) + " is not a seed: an integer from 0 to 18446744073709551615, digits only";
    }
    text = std::to_string(value);
    return {};
}

} // namespace

CLI::Option* add_seed_option(CLI::App& command, std::optional<std::uint64_t>& seed, const std::string& description)
{
    return command.add_option("--seed", seed, description)
        ->transform(CLI::Validator(check_seed, "SEED"));
}

} // namespace hammer::cli
