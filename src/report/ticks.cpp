#include "src/report/ticks.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace hammer::report {
namespace {

Ticks ticks_of(double step, double max_value)
{
    Ticks ticks;
    ticks.step = step;
    // A value that sits on a tick ends the axis there; rounding noise must not add one.
    const double count = std::max(1.0, std::ceil(max_value / step - 1e-9));
    ticks.end = count * step;
    for (int i = 0; i <= static_cast<int>(count); ++i) {
        ticks.values.push_back(i * step);
    }
    return ticks;
}

constexpr double second = 1000.0;
constexpr double minute = 60.0 * second;
constexpr double hour = 60.0 * minute;
constexpr double day = 24.0 * hour;

constexpr std::array<double, 28> time_steps = {
    1,          2,           5,           10,          20,          50,          100,
    200,        500,         second,      2 * second,  5 * second,  10 * second, 15 * second,
    30 * second, minute,     2 * minute,  5 * minute,  10 * minute, 15 * minute, 30 * minute,
    hour,       2 * hour,    3 * hour,    6 * hour,    12 * hour,   day,         2 * day};

} // namespace

Ticks linear_ticks(double max_value, int target)
{
    if (!(max_value > 0.0) || !std::isfinite(max_value)) {
        return ticks_of(1.0, 1.0);
    }
    const double raw = max_value / std::max(target, 1);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = 10.0 * magnitude;
    for (const double factor : {1.0, 2.0, 5.0}) {
        if (raw <= factor * magnitude * (1.0 + 1e-9)) {
            step = factor * magnitude;
            break;
        }
    }
    return ticks_of(step, max_value);
}

Ticks time_ticks(double max_ms, int target)
{
    if (!(max_ms > 0.0) || !std::isfinite(max_ms)) {
        return ticks_of(second, second);
    }
    const double raw = max_ms / std::max(target, 1);
    for (const double step : time_steps) {
        if (raw <= step) {
            return ticks_of(step, max_ms);
        }
    }
    return ticks_of(std::ceil(raw / day) * day, max_ms);
}

std::string time_tick_label(double ms, double step_ms, double end_ms)
{
    std::array<char, 64> buffer{};
    if (end_ms <= 2 * minute) {
        const int decimals = step_ms >= second ? 0 : step_ms >= 100 ? 1 : step_ms >= 10 ? 2 : 3;
        std::snprintf(buffer.data(), buffer.size(), "%.*f s", decimals, ms / second);
        return buffer.data();
    }
    const auto seconds = static_cast<unsigned long long>(std::llround(ms / second));
    if (end_ms <= hour) {
        std::snprintf(buffer.data(), buffer.size(), "%llu:%02llu", seconds / 60, seconds % 60);
    } else {
        std::snprintf(buffer.data(), buffer.size(), "%llu:%02llu:%02llu", seconds / 3600, seconds / 60 % 60,
                      seconds % 60);
    }
    return buffer.data();
}

} // namespace hammer::report
