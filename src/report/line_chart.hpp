#pragma once

#include "src/report/html.hpp"
#include "src/report/time_axis.hpp"

#include <string>
#include <vector>

namespace hammer::report {

/// A value at a run-clock instant.
struct ChartPoint {
    double at_ms = 0.0;
    double value = 0.0;
    std::string tooltip; ///< drawn as the marker's <title> when the series has markers
};

/// One line of a chart. Each segment is drawn as its own line, so a stretch
/// without traffic stays a gap instead of a slope between its two ends.
struct ChartSeries {
    std::string name;      ///< in the legend
    std::string css_class; ///< on the line, e.g. "series forward rx"
    std::string colour;
    bool dashed = false;
    bool markers = false; ///< a dot per point: one per measurement, few enough to mark
    std::vector<std::vector<ChartPoint>> segments;
};

/// The values' unit: SI-prefixed ("pps" → "Mpps") or a time in nanoseconds ("µs").
enum class ValueUnit { si, nanoseconds };

struct LineChart {
    std::string id;
    std::string css_class; ///< e.g. "chart throughput"
    std::string title;     ///< drawn above the plot, with the unit
    std::string unit;      ///< the SI unit for ValueUnit::si ("pps")
    ValueUnit value_unit = ValueUnit::si;
    std::vector<ChartSeries> series;
};

/// The chart as inline SVG over the run's TimeAxis: y axis from 0 with ticks
/// and unit, the time axis, one polyline per segment, a legend.
void render_line_chart(Html& html, const LineChart& chart, const TimeAxis& axis);

} // namespace hammer::report
