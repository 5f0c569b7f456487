#include "src/report/timestamp_ms.hpp"

#include <chrono>

namespace hammer::report {
namespace {

/// The number written in text[from, from + digits), nothing if any is not a digit.
std::optional<int> digits_at(std::string_view text, std::size_t from, std::size_t digits)
{
    if (from + digits > text.size()) {
        return std::nullopt;
    }
    int value = 0;
    for (std::size_t i = from; i < from + digits; ++i) {
        if (text[i] < '0' || text[i] > '9') {
            return std::nullopt;
        }
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

bool has_char(std::string_view text, std::size_t at, char c)
{
    return at < text.size() && text[at] == c;
}

} // namespace

std::optional<std::int64_t> parse_timestamp_ms(std::string_view text)
{
    // 0123456789012345678
    // 2026-11-22T10:15:00[.123]Z
    const auto year = digits_at(text, 0, 4);
    const auto month = digits_at(text, 5, 2);
    const auto day = digits_at(text, 8, 2);
    const auto hours = digits_at(text, 11, 2);
    const auto minutes = digits_at(text, 14, 2);
    const auto seconds = digits_at(text, 17, 2);
    if (!year || !month || !day || !hours || !minutes || !seconds || !has_char(text, 4, '-') ||
        !has_char(text, 7, '-') || !has_char(text, 10, 'T') || !has_char(text, 13, ':') || !has_char(text, 16, ':') ||
        *hours > 23 || *minutes > 59 || *seconds > 60) {
        return std::nullopt;
    }
    std::size_t at = 19;
    int milliseconds = 0;
    if (has_char(text, at, '.')) {
        const auto fraction = digits_at(text, at + 1, 3);
        if (!fraction) {
            return std::nullopt;
        }
        milliseconds = *fraction;
        at += 4;
    }
    if (!has_char(text, at, 'Z') || at + 1 != text.size()) {
        return std::nullopt;
    }
    const std::chrono::year_month_day date{std::chrono::year{*year}, std::chrono::month{static_cast<unsigned>(*month)},
                                           std::chrono::day{static_cast<unsigned>(*day)}};
    if (!date.ok()) {
        return std::nullopt;
    }
    const auto since_epoch = std::chrono::sys_days{date}.time_since_epoch() + std::chrono::hours{*hours} +
                             std::chrono::minutes{*minutes} + std::chrono::seconds{*seconds} +
                             std::chrono::milliseconds{milliseconds};
    return std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count();
}

} // namespace hammer::report
