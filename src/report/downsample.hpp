#pragma once

#include "src/report/line_chart.hpp"

#include <cstddef>
#include <vector>

namespace hammer::report {

/// A series with more points than this is thinned before it is drawn: a
/// day of per-second samples is 86,400 points per line, far more than the
/// chart has pixels.
inline constexpr std::size_t max_points_per_series = 2000;

/// Time-ordered points cut where two neighbours are more than `max_gap_ms`
/// apart, so a pause in traffic is drawn as a gap.
[[nodiscard]] std::vector<std::vector<ChartPoint>> split_at_gaps(const std::vector<ChartPoint>& points,
                                                                 double max_gap_ms);

/// The segments unchanged when they hold at most max_points_per_series points
/// in all; otherwise the lowest and the highest point of each
/// 1/(max_points_per_series / 2) of the axis, in time order: a dip or a spike
/// survives the thinning, which averaging would hide. A stretch of the axis
/// without points still breaks the line.
[[nodiscard]] std::vector<std::vector<ChartPoint>> thinned(const std::vector<std::vector<ChartPoint>>& segments,
                                                           double axis_end_ms);

/// How many points the segments hold.
[[nodiscard]] std::size_t point_count(const std::vector<std::vector<ChartPoint>>& segments);

} // namespace hammer::report
