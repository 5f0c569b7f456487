#pragma once

#include <string>
#include <vector>

namespace hammer::report {

/// Tick marks of an axis that starts at 0: `values` are 0, step, 2·step, …
/// up to `end`, the axis's last value, which is at least the largest value drawn.
struct Ticks {
    double step = 1.0;
    double end = 1.0;
    std::vector<double> values;
};

/// About `target` ticks from 0 to at least `max_value` at a 1–2–5 step
/// (…, 0.5, 1, 2, 5, 10, …). `max_value` ≤ 0 gives the axis 0–1.
[[nodiscard]] Ticks linear_ticks(double max_value, int target);

/// About `target` ticks from 0 to at least `max_ms` milliseconds at a step a
/// person counts in: 1, 2, 5, 10 … ms, 1, 2, 5, 10, 15, 30 s, 1, 2, 5, 10,
/// 15, 30 min, 1, 2, 3, 6, 12 h, then whole days.
[[nodiscard]] Ticks time_ticks(double max_ms, int target);

/// A tick label for `ms` on an axis stepping by `step_ms`: "1.5 s" or "90 s"
/// up to two minutes, "12:30" (minutes) up to an hour, "3:04:05" beyond.
[[nodiscard]] std::string time_tick_label(double ms, double step_ms, double end_ms);

} // namespace hammer::report
