#include "src/report/line_chart.hpp"

#include "src/report/format.hpp"

#include <algorithm>

namespace hammer::report {
namespace {

constexpr double plot_top = 28.0;
constexpr double plot_height = 160.0;
constexpr double axis_height = 34.0;
constexpr double chart_height = plot_top + plot_height + axis_height;
constexpr int target_value_ticks = 4;

double max_value(const LineChart& chart)
{
    double max = 0.0;
    for (const auto& series : chart.series) {
        for (const auto& segment : series.segments) {
            for (const auto& point : segment) {
                max = std::max(max, point.value);
            }
        }
    }
    return max;
}

void draw_value_axis(Html& svg, const Ticks& ticks, const UnitScale& scale, const std::string& title)
{
    svg.open("g", {{"class", "value-axis"}});
    for (const double value : ticks.values) {
        const double y = plot_top + plot_height - value / ticks.end * plot_height;
        svg.leaf("line", {{"x1", svg_number(TimeAxis::left)}, {"x2", svg_number(TimeAxis::left + TimeAxis::width)},
                          {"y1", svg_number(y)}, {"y2", svg_number(y)}, {"stroke", value == 0.0 ? "#888" : "#e2e2e2"},
                          {"stroke-width", "1"}});
        svg.element("text", {{"x", svg_number(TimeAxis::left - 6)}, {"y", svg_number(y + 4)},
                             {"text-anchor", "end"}, {"font-size", "11"}, {"fill", "#444"}},
                    tick_label(value, ticks.step, scale));
    }
    svg.element("text", {{"x", svg_number(TimeAxis::left - 6)}, {"y", "14"}, {"text-anchor", "end"},
                         {"font-size", "12"}, {"font-weight", "bold"}, {"fill", "#222"}},
                scale.unit);
    svg.element("text", {{"x", svg_number(TimeAxis::left)}, {"y", "14"}, {"font-size", "12"}, {"fill", "#222"}},
                title);
    svg.close();
}

void draw_legend(Html& svg, const LineChart& chart)
{
    double x = TimeAxis::left + TimeAxis::width;
    svg.open("g", {{"class", "legend"}});
    // Right-aligned, last series rightmost.
    for (auto series = chart.series.rbegin(); series != chart.series.rend(); ++series) {
        const double text_width = static_cast<double>(series->name.size()) * 6.2;
        x -= text_width;
        svg.element("text", {{"x", svg_number(x)}, {"y", "14"}, {"font-size", "11"}, {"fill", "#222"}}, series->name);
        x -= 22;
        svg.leaf("line", {{"x1", svg_number(x)}, {"x2", svg_number(x + 16)}, {"y1", "10"}, {"y2", "10"},
                          {"stroke", series->colour}, {"stroke-width", "2.5"},
                          {"stroke-dasharray", series->dashed ? "5 3" : "none"}});
        x -= 14;
    }
    svg.close();
}

void draw_series(Html& svg, const ChartSeries& series, const TimeAxis& axis, const Ticks& ticks)
{
    const auto y_of = [&](double value) { return plot_top + plot_height - value / ticks.end * plot_height; };
    svg.open("g", {{"class", series.css_class}, {"data-series", series.name}});
    for (const auto& segment : series.segments) {
        if (segment.size() > 1) {
            std::string points;
            for (const auto& point : segment) {
                points += (points.empty() ? "" : " ") + svg_number(axis.x(point.at_ms)) + "," +
                          svg_number(y_of(point.value));
            }
            svg.leaf("polyline", {{"points", points}, {"fill", "none"}, {"stroke", series.colour},
                                  {"stroke-width", "1.8"}, {"stroke-linejoin", "round"},
                                  {"stroke-dasharray", series.dashed ? "5 3" : "none"}});
        }
        // A lone point of a line would draw nothing: it gets a dot like a marker.
        if (series.markers || segment.size() == 1) {
            for (const auto& point : segment) {
                svg.open("circle", {{"class", "point"}, {"cx", svg_number(axis.x(point.at_ms))},
                                    {"cy", svg_number(y_of(point.value))}, {"r", "3"}, {"fill", series.colour}});
                if (!point.tooltip.empty()) {
                    svg.element("title", {}, point.tooltip);
                }
                svg.close();
            }
        }
    }
    svg.close();
}

} // namespace

void render_line_chart(Html& html, const LineChart& chart, const TimeAxis& axis)
{
    const double max = max_value(chart);
    const auto scale = chart.value_unit == ValueUnit::si ? si_scale(max, chart.unit) : nanosecond_scale(max);
    // Ticks at round numbers of the displayed unit: 0, 2, 4 Mpps rather than 0, 1.9, 3.8.
    auto ticks = linear_ticks(max / scale.divisor, target_value_ticks);
    for (auto& value : ticks.values) {
        value *= scale.divisor;
    }
    ticks.step *= scale.divisor;
    ticks.end *= scale.divisor;

    html.open("svg", {{"class", chart.css_class},
                      {"id", chart.id},
                      {"viewBox", "0 0 " + svg_number(TimeAxis::total_width) + " " + svg_number(chart_height)},
                      {"width", "100%"},
                      {"role", "img"},
                      {"aria-label", chart.title}});
    draw_time_axis(html, axis, plot_top, plot_top + plot_height);
    draw_value_axis(html, ticks, scale, chart.title);
    draw_legend(html, chart);
    for (const auto& series : chart.series) {
        draw_series(html, series, axis, ticks);
    }
    html.close();
}

} // namespace hammer::report
