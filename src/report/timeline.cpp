#include "src/report/timeline.hpp"

#include "src/report/format.hpp"
#include "src/report/outcomes.hpp"

#include <algorithm>
#include <cmath>

namespace hammer::report {
namespace {

/// Bars narrower than this would vanish: a 10-ms step of a day-long run still shows.
constexpr double min_bar_width = 1.0;
/// Roughly the width of one character of the bar labels (font-size 11).
constexpr double label_char_width = 6.5;
constexpr std::size_t tooltip_message_chars = 300;

std::string step_tooltip(const Pair& pair, const Step& step)
{
    std::string text = pair.pair_id + " \u00B7 " + step.operation_id;
    if (!step.operation.empty() && step.operation != step.operation_id) {
        text += " (" + step.operation + ")";
    }
    text += ", loop " + std::to_string(step.loop) + ", slot " + std::to_string(step.slot) + "\n";
    text += step.outcome + (step.phase.empty() ? "" : " in " + step.phase) + "\n";
    text += "start " + format_milliseconds(step.start_ms);
    if (!step.timestamp.empty()) {
        text += " (" + step.timestamp + ")";
    }
    text += ", took " +
            (step.actual_ms ? format_milliseconds(*step.actual_ms) : std::string{"unknown (the run ended in it)"}) +
            "\nslot " + format_milliseconds(step.planned_start_ms) + " + " + format_milliseconds(step.planned_ms);
    if (step.overrun_ms > 0.0) {
        text += ", overran by " + format_milliseconds(step.overrun_ms);
    }
    if (!step.message.empty()) {
        text += "\n" + shortened(step.message, tooltip_message_chars);
    }
    return text;
}

GanttBar step_bar(const TimeAxis& axis, const Pair& pair, std::size_t index)
{
    const auto& step = pair.steps[index];
    GanttBar bar;
    bar.x = axis.x(step.start_ms);
    bar.width = std::max(axis.x(step.start_ms + step.drawn_ms()) - bar.x, min_bar_width);
    bar.first_step = index;
    bar.outcome = step.outcome;
    bar.label = step.operation_id;
    bar.tooltip = step_tooltip(pair, step);
    bar.interrupted = !step.actual_ms.has_value();
    return bar;
}

/// Consecutive steps that start in the same 1/max_bars_per_pair of the axis become one bar.
std::vector<GanttBar> grouped_bars(const TimeAxis& axis, const Pair& pair)
{
    std::vector<GanttBar> bars;
    const auto bucket_of = [&](const Step& step) {
        const double position = std::clamp(step.start_ms / axis.ticks.end, 0.0, 1.0);
        return std::min(static_cast<std::size_t>(position * max_bars_per_pair), max_bars_per_pair - 1);
    };
    std::size_t first = 0;
    while (first < pair.steps.size()) {
        const auto bucket = bucket_of(pair.steps[first]);
        auto last = first + 1;
        while (last < pair.steps.size() && bucket_of(pair.steps[last]) == bucket) {
            ++last;
        }
        OutcomeCounts counts;
        double start = pair.steps[first].start_ms;
        double end = start;
        const Step* first_problem = nullptr;
        for (auto i = first; i < last; ++i) {
            const auto& step = pair.steps[i];
            counts.add(step.outcome);
            start = std::min(start, step.start_ms);
            end = std::max(end, step.start_ms + step.drawn_ms());
            if (first_problem == nullptr && (step.outcome == "FAIL" || step.outcome == "ERROR")) {
                first_problem = &step;
            }
        }
        GanttBar bar;
        bar.x = axis.x(start);
        bar.width = std::max(axis.x(end) - bar.x, min_bar_width);
        bar.first_step = first;
        bar.step_count = last - first;
        bar.outcome = std::string{counts.worst()};
        bar.tooltip = pair.pair_id + ": " + std::to_string(bar.step_count) + " steps, " + format_milliseconds(start) +
                      " to " + format_milliseconds(end) + "\n" + counts.compact();
        if (first_problem != nullptr) {
            bar.tooltip += "\nfirst " + first_problem->outcome + ": " + first_problem->operation_id + ": " +
                           shortened(first_problem->message, tooltip_message_chars);
        }
        bars.push_back(std::move(bar));
        first = last;
    }
    return bars;
}

GanttMarker event_marker(const TimeAxis& axis, const Pair& pair, const PairEvent& event)
{
    GanttMarker marker;
    marker.x = axis.x(*event.at_ms);
    marker.lost = event.lost;
    marker.outcome = event.outcome;
    const auto where = event.endpoint.node_id + "/" + event.endpoint.tp_id;
    if (event.lost) {
        marker.tooltip = pair.pair_id + ": endpoint " + where + " lost at " + format_milliseconds(*event.at_ms);
    } else {
        marker.tooltip = pair.pair_id + ": recovery of " + where +
                         (event.attempt ? ", attempt " + std::to_string(*event.attempt) : std::string{}) + ", " +
                         event.outcome + " at " + format_milliseconds(*event.at_ms);
    }
    if (!event.message.empty()) {
        marker.tooltip += "\n" + shortened(event.message, tooltip_message_chars);
    }
    return marker;
}

/// "pair0: host/a0 ↔ host/b0, link l0".
std::string pair_description(const Pair& pair)
{
    std::string text = pair.pair_id + ": " + pair.a.node_id + "/" + pair.a.tp_id + " \u2194 " + pair.b.node_id + "/" +
                       pair.b.tp_id;
    if (!pair.origin.empty()) {
        text += ", " + pair.origin + (pair.via.empty() ? "" : " " + pair.via);
    }
    return text;
}

void draw_row(Html& svg, const GanttRow& row, std::size_t index)
{
    const double bar_y = row.y + GanttLayout::bar_inset;
    const double bar_height = GanttLayout::row_height - 2 * GanttLayout::bar_inset;
    svg.open("g", {{"class", "gantt-row"}, {"data-pair", row.pair_id}});
    if (index % 2 == 1) {
        svg.leaf("rect", {{"x", "0"}, {"y", svg_number(row.y)}, {"width", svg_number(TimeAxis::total_width)},
                          {"height", svg_number(GanttLayout::row_height)}, {"fill", "#f4f6f8"}});
    }
    svg.open("text", {{"x", svg_number(TimeAxis::left - 8)}, {"y", svg_number(row.y + GanttLayout::row_height / 2 + 4)},
                      {"text-anchor", "end"}, {"font-size", "12"}, {"class", "pair-label"}});
    svg.element("title", {}, row.description);
    svg.text(shortened(row.pair_id, 24));
    svg.close();
    for (const auto& bar : row.bars) {
        const auto x = svg_number(bar.x);
        const auto y = svg_number(bar_y);
        const auto width = svg_number(bar.width);
        svg.open("rect", {{"class", bar.interrupted ? "bar interrupted" : "bar"},
                          {"data-outcome", bar.outcome},
                          {"data-steps", std::to_string(bar.step_count)},
                          {"x", x},
                          {"y", y},
                          {"width", width},
                          {"height", svg_number(bar_height)},
                          {"fill", outcome_colour(bar.outcome)},
                          {"fill-opacity", bar.interrupted ? "0.45" : "0.9"},
                          {"stroke", "#fff"},
                          {"stroke-width", "0.5"}});
        svg.element("title", {}, bar.tooltip);
        svg.close();
        if (!bar.label.empty() && bar.width >= static_cast<double>(bar.label.size()) * label_char_width + 6) {
            svg.element("text", {{"class", "bar-label"}, {"x", svg_number(bar.x + 3)},
                                 {"y", svg_number(bar_y + bar_height / 2 + 4)}, {"font-size", "11"},
                                 {"fill", "#fff"}, {"pointer-events", "none"}},
                        bar.label);
        }
    }
    for (const auto& marker : row.markers) {
        const double cx = marker.x;
        const double cy = row.y + GanttLayout::row_height / 2;
        if (marker.lost) {
            // A cross the full height of the row: the pair ran on without this endpoint.
            const auto path = "M" + svg_number(cx - 5) + " " + svg_number(row.y + 3) + "L" + svg_number(cx + 5) + " " +
                              svg_number(row.y + GanttLayout::row_height - 3) + "M" + svg_number(cx + 5) + " " +
                              svg_number(row.y + 3) + "L" + svg_number(cx - 5) + " " +
                              svg_number(row.y + GanttLayout::row_height - 3);
            svg.open("path", {{"class", "marker lost"}, {"d", path}, {"stroke", "#000"}, {"stroke-width", "2.5"}});
        } else {
            const auto path = "M" + svg_number(cx) + " " + svg_number(cy - 7) + "L" + svg_number(cx + 6) + " " +
                              svg_number(cy) + "L" + svg_number(cx) + " " + svg_number(cy + 7) + "L" +
                              svg_number(cx - 6) + " " + svg_number(cy) + "Z";
            svg.open("path", {{"class", "marker recovery"}, {"d", path}, {"fill", "#1565c0"}, {"stroke", "#fff"},
                              {"stroke-width", "1"}});
        }
        svg.element("title", {}, marker.tooltip);
        svg.close();
    }
    svg.close();
}

} // namespace

GanttLayout gantt_layout(const RunView& run)
{
    GanttLayout layout{time_axis_for(run), {}};
    for (std::size_t i = 0; i < run.pairs.size(); ++i) {
        const auto& pair = run.pairs[i];
        GanttRow row;
        row.pair_id = pair.pair_id;
        row.description = pair_description(pair);
        row.y = GanttLayout::top + GanttLayout::row_height * static_cast<double>(i);
        row.steps = pair.steps.size();
        row.grouped = pair.steps.size() > max_bars_per_pair;
        if (row.grouped) {
            row.bars = grouped_bars(layout.axis, pair);
        } else {
            for (std::size_t s = 0; s < pair.steps.size(); ++s) {
                row.bars.push_back(step_bar(layout.axis, pair, s));
            }
        }
        for (const auto& event : pair.events) {
            if (event.at_ms) {
                row.markers.push_back(event_marker(layout.axis, pair, event));
            } else {
                ++row.unplaced_events;
            }
        }
        layout.rows.push_back(std::move(row));
    }
    return layout;
}

void render_timeline(Html& html, const RunView& run, const std::string& id_prefix)
{
    const auto layout = gantt_layout(run);
    html.open("section", {{"class", "timeline"}, {"id", id_prefix + "-timeline"}});
    html.element("h3", {}, "Timeline");
    html.element("p", {{"class", "hint"}},
                 "Every pair's steps on one run clock: where bars of different pairs overlap, those operations ran "
                 "at the same time. Hover a bar for its details.");
    if (layout.rows.empty()) {
        html.element("p", {{"class", "note"}}, "This run has no pairs.");
        html.close();
        return;
    }
    const auto bottom = layout.height() - GanttLayout::axis_height;
    html.open("svg", {{"class", "gantt"},
                      {"id", id_prefix + "-gantt"},
                      {"viewBox", "0 0 " + svg_number(TimeAxis::total_width) + " " + svg_number(layout.height())},
                      {"width", "100%"},
                      {"role", "img"},
                      {"aria-label", "timeline of every pair's steps"}});
    draw_time_axis(html, layout.axis, GanttLayout::top, bottom);
    for (std::size_t i = 0; i < layout.rows.size(); ++i) {
        draw_row(html, layout.rows[i], i);
    }
    html.close();

    html.open("p", {{"class", "legend"}});
    for (const char* outcome : {"PASS", "FAIL", "ERROR", "SKIP"}) {
        html.open("span", {{"class", "swatch"}, {"style", "background:" + std::string{outcome_colour(outcome)}}})
            .close()
            .text(std::string{outcome} + "  ");
    }
    html.text("\u25C6 recovery attempt  \u2715 endpoint lost  faded bar: the run ended during the step (drawn over its "
              "planned slot)");
    html.close();
    for (const auto& row : layout.rows) {
        if (row.grouped) {
            html.element("p", {{"class", "note"}},
                         row.pair_id + ": " + format_count(row.steps) + " steps drawn as " +
                             format_count(row.bars.size()) +
                             " bars, each grouping the steps that started in the same stretch of the run and coloured "
                             "by the worst outcome among them.");
        }
        if (row.unplaced_events > 0) {
            html.element("p", {{"class", "note"}},
                         row.pair_id + ": " + std::to_string(row.unplaced_events) +
                             " recovery events have no timestamp that can be placed on the run clock.");
        }
    }
    html.close();
}

} // namespace hammer::report
