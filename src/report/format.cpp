#include "src/report/format.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace hammer::report {
namespace {

std::string printed(const char* format, double value)
{
    std::array<char, 64> buffer{};
    const int length = std::snprintf(buffer.data(), buffer.size(), format, value);
    return std::string{buffer.data(), static_cast<std::size_t>(std::max(length, 0))};
}

/// Three significant digits without an exponent: 1.23, 12.3, 123, 1234.
std::string three_digits(double value)
{
    const double magnitude = std::fabs(value);
    if (magnitude >= 100.0 || magnitude == 0.0) {
        return printed("%.0f", value);
    }
    if (magnitude >= 10.0) {
        return printed("%.1f", value);
    }
    return printed("%.2f", value);
}

struct Prefix {
    double factor;
    const char* name;
};

constexpr std::array<Prefix, 5> si_prefixes = {{{1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}, {1.0, ""}}};
constexpr std::array<Prefix, 4> time_units = {{{1e9, "s"}, {1e6, "ms"}, {1e3, "\u00B5s"}, {1.0, "ns"}}};

template <std::size_t N>
const Prefix& prefix_for(double value, const std::array<Prefix, N>& prefixes)
{
    for (const auto& prefix : prefixes) {
        if (std::fabs(value) >= prefix.factor) {
            return prefix;
        }
    }
    return prefixes.back();
}

} // namespace

std::string format_count(std::uint64_t count)
{
    const auto digits = std::to_string(count);
    std::string text;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            text += ',';
        }
        text += digits[i];
    }
    return text;
}

std::string svg_number(double value)
{
    auto text = printed("%.1f", value);
    if (text.size() > 2 && text.compare(text.size() - 2, 2, ".0") == 0) {
        text.resize(text.size() - 2);
    }
    return text == "-0" ? "0" : text;
}

std::string format_si(double value, std::string_view unit)
{
    const auto& prefix = prefix_for(value, si_prefixes);
    return three_digits(value / prefix.factor) + " " + prefix.name + std::string{unit};
}

std::string format_nanoseconds(double nanoseconds)
{
    const auto& unit = prefix_for(nanoseconds, time_units);
    return three_digits(nanoseconds / unit.factor) + " " + unit.name;
}

std::string format_milliseconds(double milliseconds)
{
    if (milliseconds < 1000.0) {
        return printed("%.0f", milliseconds) + " ms";
    }
    if (milliseconds < 60'000.0) {
        return three_digits(milliseconds / 1000.0) + " s";
    }
    const auto seconds = static_cast<std::uint64_t>(std::llround(milliseconds / 1000.0));
    std::array<char, 64> buffer{};
    if (seconds < 3600) {
        std::snprintf(buffer.data(), buffer.size(), "%llu min %02llu s", static_cast<unsigned long long>(seconds / 60),
                      static_cast<unsigned long long>(seconds % 60));
    } else {
        std::snprintf(buffer.data(), buffer.size(), "%llu h %02llu min %02llu s",
                      static_cast<unsigned long long>(seconds / 3600),
                      static_cast<unsigned long long>(seconds / 60 % 60),
                      static_cast<unsigned long long>(seconds % 60));
    }
    return buffer.data();
}

std::string format_percent(double ratio)
{
    const double percent = ratio * 100.0;
    // A tiny loss must not read as "0.00 %": keep three significant digits below 1 %.
    if (percent != 0.0 && std::fabs(percent) < 1.0) {
        return printed("%.3g", percent) + " %";
    }
    return three_digits(percent) + " %";
}

UnitScale si_scale(double max_value, std::string_view unit)
{
    const auto& prefix = prefix_for(max_value, si_prefixes);
    return {prefix.factor, prefix.name + std::string{unit}};
}

UnitScale nanosecond_scale(double max_nanoseconds)
{
    const auto& unit = prefix_for(max_nanoseconds, time_units);
    return {unit.factor, unit.name};
}

std::string tick_label(double value, double step, const UnitScale& scale)
{
    const double scaled_step = step / scale.divisor;
    int decimals = 0;
    if (scaled_step > 0.0 && scaled_step < 1.0) {
        decimals = static_cast<int>(std::ceil(-std::log10(scaled_step) - 1e-9));
    }
    std::array<char, 64> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "%.*f", decimals, value / scale.divisor);
    return buffer.data();
}

} // namespace hammer::report
