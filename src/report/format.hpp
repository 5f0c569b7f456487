#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace hammer::report {

/// A whole count with thousands separated: "1,234,567".
[[nodiscard]] std::string format_count(std::uint64_t count);

/// A number for an SVG coordinate: one decimal at most, no trailing ".0",
/// never "-0", so the same layout always gives the same bytes.
[[nodiscard]] std::string svg_number(double value);

/// A rate or size with an SI prefix and three significant digits:
/// format_si(1234567, "pps") is "1.23 Mpps".
[[nodiscard]] std::string format_si(double value, std::string_view unit);

/// Nanoseconds in the unit that suits them: "850 ns", "12.3 µs", "4.50 ms".
[[nodiscard]] std::string format_nanoseconds(double nanoseconds);

/// Run-clock milliseconds as a person reads a duration: "850 ms", "4.03 s",
/// "12 min 05 s", "3 h 04 min 05 s".
[[nodiscard]] std::string format_milliseconds(double milliseconds);

/// A ratio (0–1) as a percentage with three significant digits: "0.125 %", "100 %".
[[nodiscard]] std::string format_percent(double ratio);

/// How an axis shows its values: divide by `divisor` and append `unit`.
struct UnitScale {
    double divisor = 1.0;
    std::string unit;
};

/// The SI prefix that shows values up to `max_value` of `unit` in small numbers: "Mpps".
[[nodiscard]] UnitScale si_scale(double max_value, std::string_view unit);

/// The time unit that shows nanoseconds up to `max_nanoseconds` in small numbers: "µs".
[[nodiscard]] UnitScale nanosecond_scale(double max_nanoseconds);

/// An axis tick label: `value` in `scale`'s unit with as many decimals as
/// `step` (the tick spacing, in the same unit as `value`) needs, no unit.
[[nodiscard]] std::string tick_label(double value, double step, const UnitScale& scale);

} // namespace hammer::report
