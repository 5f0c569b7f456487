#include "src/report/time_axis.hpp"

#include "src/report/format.hpp"

#include <algorithm>

namespace hammer::report {
namespace {

/// Ticks about every 100 SVG units: labels such as "1:02:30" fit between them.
constexpr int target_ticks = 10;

double run_end_ms(const RunView& run)
{
    double end = run.duration_ms.value_or(0.0);
    for (const auto& pair : run.pairs) {
        for (const auto& step : pair.steps) {
            end = std::max(end, step.start_ms + step.drawn_ms());
        }
        for (const auto& point : pair.traffic) {
            end = std::max(end, point.at_ms);
        }
        for (const auto& sample : pair.samples) {
            end = std::max(end, sample.at_ms);
        }
        for (const auto& event : pair.events) {
            end = std::max(end, event.at_ms.value_or(0.0));
        }
    }
    return end;
}

} // namespace

double TimeAxis::x(double ms) const
{
    return left + std::clamp(ms / ticks.end, 0.0, 1.0) * width;
}

TimeAxis time_axis_for(const RunView& run)
{
    return TimeAxis{time_ticks(run_end_ms(run), target_ticks)};
}

void draw_time_axis(Html& svg, const TimeAxis& axis, double top, double bottom)
{
    svg.open("g", {{"class", "time-axis"}});
    for (const double ms : axis.ticks.values) {
        const auto x = svg_number(axis.x(ms));
        svg.leaf("line", {{"x1", x}, {"x2", x}, {"y1", svg_number(top)}, {"y2", svg_number(bottom)},
                          {"stroke", "#d0d0d0"}, {"stroke-width", "1"}});
        svg.element("text", {{"x", x}, {"y", svg_number(bottom + 14)}, {"text-anchor", "middle"},
                             {"font-size", "11"}, {"fill", "#444"}},
                    time_tick_label(ms, axis.ticks.step, axis.ticks.end));
    }
    svg.element("text", {{"x", svg_number(TimeAxis::left + TimeAxis::width)}, {"y", svg_number(bottom + 27)},
                         {"text-anchor", "end"}, {"font-size", "11"}, {"fill", "#444"}},
                "run clock");
    svg.close();
}

} // namespace hammer::report
