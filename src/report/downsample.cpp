#include "src/report/downsample.hpp"

#include <algorithm>

namespace hammer::report {

std::vector<std::vector<ChartPoint>> split_at_gaps(const std::vector<ChartPoint>& points, double max_gap_ms)
{
    std::vector<std::vector<ChartPoint>> segments;
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (i == 0 || points[i].at_ms - points[i - 1].at_ms > max_gap_ms) {
            segments.emplace_back();
        }
        segments.back().push_back(points[i]);
    }
    return segments;
}

std::size_t point_count(const std::vector<std::vector<ChartPoint>>& segments)
{
    std::size_t count = 0;
    for (const auto& segment : segments) {
        count += segment.size();
    }
    return count;
}

std::vector<std::vector<ChartPoint>> thinned(const std::vector<std::vector<ChartPoint>>& segments, double axis_end_ms)
{
    if (point_count(segments) <= max_points_per_series || !(axis_end_ms > 0.0)) {
        return segments;
    }
    constexpr std::size_t buckets = max_points_per_series / 2;
    const auto bucket_of = [&](const ChartPoint& point) {
        const double position = std::clamp(point.at_ms / axis_end_ms, 0.0, 1.0);
        return std::min(static_cast<std::size_t>(position * buckets), buckets - 1);
    };
    // The segments' points in one time-ordered run: at this resolution a gap
    // shorter than a stretch cannot be seen, and thinning segment by segment
    // would keep a point of each of thousands of short segments.
    std::vector<const ChartPoint*> points;
    for (const auto& segment : segments) {
        for (const auto& point : segment) {
            points.push_back(&point);
        }
    }
    std::vector<std::vector<ChartPoint>> result;
    std::size_t previous_bucket = 0;
    std::size_t first = 0;
    while (first < points.size()) {
        const auto bucket = bucket_of(*points[first]);
        auto lowest = first;
        auto highest = first;
        auto last = first + 1;
        for (; last < points.size() && bucket_of(*points[last]) == bucket; ++last) {
            if (points[last]->value < points[lowest]->value) {
                lowest = last;
            }
            if (points[last]->value > points[highest]->value) {
                highest = last;
            }
        }
        // A stretch without any point is a gap the chart shows.
        if (result.empty() || bucket > previous_bucket + 1) {
            result.emplace_back();
        }
        result.back().push_back(*points[std::min(lowest, highest)]);
        if (lowest != highest) {
            result.back().push_back(*points[std::max(lowest, highest)]);
        }
        previous_bucket = bucket;
        first = last;
    }
    return result;
}

} // namespace hammer::report
