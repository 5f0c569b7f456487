#pragma once

#include "src/report/html.hpp"
#include "src/report/run_view.hpp"
#include "src/report/ticks.hpp"

namespace hammer::report {

/// The run-clock axis that the timeline and every chart of one run share, at
/// the same place and scale, so a throughput dip lines up with the step
/// drawn above it.
struct TimeAxis {
    /// Where run-clock 0 is drawn; the pair labels go left of it.
    static constexpr double left = 170.0;
    /// The width of the plot area in SVG units (the SVG scales to the page).
    static constexpr double width = 1000.0;
    static constexpr double right_margin = 30.0;
    static constexpr double total_width = left + width + right_margin;

    Ticks ticks;

    /// The x of run-clock `ms`, kept inside the plot.
    [[nodiscard]] double x(double ms) const;
};

/// An axis from 0 to the end of the run: its last step, measurement, sample
/// or event, or its planned duration if that is later.
[[nodiscard]] TimeAxis time_axis_for(const RunView& run);

/// Vertical grid lines from `top` to `bottom` and the time labels under them.
void draw_time_axis(Html& svg, const TimeAxis& axis, double top, double bottom);

} // namespace hammer::report
