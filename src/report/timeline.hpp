#pragma once

#include "src/report/html.hpp"
#include "src/report/run_view.hpp"
#include "src/report/time_axis.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace hammer::report {

/// A pair with more steps than this has them drawn in groups, one bar per
/// 1/max_bars_per_pair of the run: a day-long soak of 2-second slots would
/// otherwise draw 43,200 bars per pair, each far thinner than a pixel.
inline constexpr std::size_t max_bars_per_pair = 600;

/// One bar of the timeline: a step, or a group of consecutive steps.
struct GanttBar {
    double x = 0.0;
    double width = 0.0;
    std::size_t first_step = 0; ///< index into the pair's steps
    std::size_t step_count = 1;
    std::string outcome; ///< the step's, or the worst of the group's
    std::string label;   ///< operation-id, drawn inside the bar when it fits
    std::string tooltip;
    bool interrupted = false; ///< the run died in this step: drawn over its planned slot
};

/// A recovery attempt or a lost endpoint, placed on its pair's row.
struct GanttMarker {
    double x = 0.0;
    bool lost = false;
    std::string outcome;
    std::string tooltip;
};

struct GanttRow {
    std::string pair_id;
    std::string description; ///< the pair's endpoints and why they are a pair, for the label's tooltip
    double y = 0.0; ///< top of the row
    std::size_t steps = 0;
    bool grouped = false;
    std::vector<GanttBar> bars;
    std::vector<GanttMarker> markers;
    std::size_t unplaced_events = 0; ///< events whose timestamp could not be put on the run clock
};

/// Where every bar and marker of a run's timeline goes: one row per pair,
/// bars from start-ms to start-ms + actual-ms (planned-ms when actual-ms is
/// null) on the run's TimeAxis.
struct GanttLayout {
    static constexpr double top = 8.0;
    static constexpr double row_height = 26.0;
    static constexpr double bar_inset = 4.0; ///< space above and below a bar in its row
    static constexpr double axis_height = 34.0;

    TimeAxis axis;
    std::vector<GanttRow> rows;

    [[nodiscard]] double height() const { return top + row_height * static_cast<double>(rows.size()) + axis_height; }
};

[[nodiscard]] GanttLayout gantt_layout(const RunView& run);

/// The timeline section: the Gantt SVG (id `id_prefix` + "-gantt"), its
/// legend and notes on grouped rows.
void render_timeline(Html& html, const RunView& run, const std::string& id_prefix);

} // namespace hammer::report
