#include "src/report/traffic_charts.hpp"

#include "src/report/downsample.hpp"
#include "src/report/format.hpp"
#include "src/report/line_chart.hpp"
#include "src/report/time_axis.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

namespace hammer::report {
namespace {

/// Samples come once a second while traffic runs; a longer silence is a pause
/// between traffic steps, drawn as a gap.
constexpr double sample_gap_ms = 2500.0;

/// How one direction is drawn: the strong colour for what was received (or
/// the average), the light one for what was sent (or p99).
struct Direction {
    const char* name;
    const char* colour;
    const char* light;
};

constexpr std::array<Direction, 2> directions = {
    {{"forward", "#1565c0", "#64b5f6"}, {"reverse", "#e65100", "#ffb74d"}}};

std::string endpoint_text(const Endpoint& endpoint)
{
    return endpoint.node_id + "/" + endpoint.tp_id;
}

/// The points `point_of` makes of the items of one direction (it returns
/// nothing for an item without the value), in time order.
template <typename Item, typename PointOf>
std::vector<ChartPoint> points_of(const std::vector<Item>& items, std::string_view direction, PointOf point_of)
{
    std::vector<ChartPoint> points;
    for (const auto& item : items) {
        if (item.direction != direction) {
            continue;
        }
        if (auto point = point_of(item)) {
            points.push_back(std::move(*point));
        }
    }
    std::stable_sort(points.begin(), points.end(),
                     [](const ChartPoint& x, const ChartPoint& y) { return x.at_ms < y.at_ms; });
    return points;
}

/// Adds the series of one chart, thinning those with too many points, and
/// says so under the chart.
class SeriesBuilder {
public:
    SeriesBuilder(LineChart& chart, double axis_end_ms) : chart_{chart}, axis_end_ms_{axis_end_ms} {}

    /// A line named "<direction> <what>", class "series <direction> <css>";
    /// `markers`: a dot per point, dropped when the line is thinned (a dot per
    /// point is what made it too many).
    void add(const Direction& direction, std::string_view what, std::string_view css, bool light, bool markers,
             std::vector<std::vector<ChartPoint>> segments)
    {
        const auto count = point_count(segments);
        if (count == 0) {
            return;
        }
        ChartSeries series{std::string{direction.name} + " " + std::string{what},
                           "series " + std::string{direction.name} + " " + std::string{css},
                           light ? direction.light : direction.colour,
                           light,
                           markers,
                           {}};
        if (count > max_points_per_series) {
            thinned_from_ = std::max(thinned_from_, count);
            series.markers = false;
            series.segments = thinned(segments, axis_end_ms_);
        } else {
            series.segments = std::move(segments);
        }
        chart_.series.push_back(std::move(series));
    }

    /// What to say under the chart: "" unless a line was thinned.
    [[nodiscard]] std::string note(std::string_view items) const
    {
        if (thinned_from_ == 0) {
            return {};
        }
        return format_count(thinned_from_) + " " + std::string{items} +
               " in a line are drawn as the lowest and highest of each of " +
               format_count(max_points_per_series / 2) + " stretches of the run.";
    }

private:
    LineChart& chart_;
    double axis_end_ms_;
    std::size_t thinned_from_ = 0;
};

std::string measurement_where(const TrafficPoint& point)
{
    return point.direction + " \u00B7 " + point.operation_id + " at " + format_milliseconds(point.at_ms);
}

std::string throughput_text(const TrafficPoint& point)
{
    return measurement_where(point) + ": " + format_si(point.pps, "pps") + " (" + format_si(point.bps, "bps") +
           ") received\n" + format_count(point.tx_packets) + " sent, " + format_count(point.rx_packets) +
           " received, " + format_count(point.lost_packets) + " lost over " + format_milliseconds(point.duration_ms);
}

std::string latency_text(const TrafficPoint& point)
{
    const auto& latency = *point.latency;
    std::string text = measurement_where(point) + "\nmin " + format_nanoseconds(latency.min_ns) + ", avg " +
                       format_nanoseconds(latency.avg_ns) + ", max " + format_nanoseconds(latency.max_ns);
    for (const auto& [name, value] : {std::pair{"p50", latency.p50_ns}, std::pair{"p90", latency.p90_ns},
                                      std::pair{"p99", latency.p99_ns}, std::pair{"p99.9", latency.p999_ns}}) {
        if (value) {
            text += ", " + std::string{name} + " " + format_nanoseconds(*value);
        }
    }
    return text;
}

LineChart throughput_chart(const Pair& pair, const TimeAxis& axis, const std::string& id, std::string& note)
{
    LineChart chart{id, "chart throughput", "throughput, per-second samples", "pps", ValueUnit::si, {}};
    SeriesBuilder builder{chart, axis.ticks.end};
    if (!pair.samples.empty()) {
        const auto rx = [](const Sample& sample) { return std::optional{ChartPoint{sample.at_ms, sample.rx_pps, {}}}; };
        const auto tx = [](const Sample& sample) { return std::optional{ChartPoint{sample.at_ms, sample.tx_pps, {}}}; };
        for (const auto& direction : directions) {
            builder.add(direction, "received", "rx", false, false,
                        split_at_gaps(points_of(pair.samples, direction.name, rx), sample_gap_ms));
            builder.add(direction, "sent", "tx", true, false,
                        split_at_gaps(points_of(pair.samples, direction.name, tx), sample_gap_ms));
        }
    } else {
        chart.title = "throughput, per measurement (no per-second samples)";
        const auto pps = [](const TrafficPoint& point) {
            return std::optional{ChartPoint{point.at_ms, point.pps, throughput_text(point)}};
        };
        for (const auto& direction : directions) {
            builder.add(direction, "received", "rx", false, true, {points_of(pair.traffic, direction.name, pps)});
        }
    }
    note = builder.note("points");
    return chart;
}

LineChart latency_chart(const Pair& pair, const TimeAxis& axis, const std::string& id, std::string& note)
{
    LineChart chart{id, "chart latency", "latency per measurement", "", ValueUnit::nanoseconds, {}};
    SeriesBuilder builder{chart, axis.ticks.end};
    const auto average = [](const TrafficPoint& point) -> std::optional<ChartPoint> {
        if (!point.latency) {
            return std::nullopt;
        }
        return ChartPoint{point.at_ms, point.latency->avg_ns, latency_text(point)};
    };
    const auto p99 = [](const TrafficPoint& point) -> std::optional<ChartPoint> {
        if (!point.latency || !point.latency->p99_ns) {
            return std::nullopt;
        }
        return ChartPoint{point.at_ms, *point.latency->p99_ns, latency_text(point)};
    };
    for (const auto& direction : directions) {
        builder.add(direction, "avg", "avg", false, true, {points_of(pair.traffic, direction.name, average)});
        builder.add(direction, "p99", "p99", true, true, {points_of(pair.traffic, direction.name, p99)});
    }
    note = builder.note("measurements");
    return chart;
}

void traffic_summary(Html& html, const Pair& pair)
{
    std::uint64_t sent = 0;
    std::uint64_t received = 0;
    std::uint64_t lost = 0;
    for (const auto& point : pair.traffic) {
        sent += point.tx_packets;
        received += point.rx_packets;
        lost += point.lost_packets;
    }
    html.element("p", {{"class", "traffic-summary"}},
                 format_count(pair.traffic.size()) + " measurements, " + format_count(pair.samples.size()) +
                     " per-second samples; " + format_count(sent) + " packets sent, " + format_count(received) +
                     " received, " + format_count(lost) + " lost" +
                     (sent > 0 ? " (" + format_percent(static_cast<double>(lost) / static_cast<double>(sent)) + ")"
                               : std::string{}) +
                     ".");
}

/// Each control change the pair's traffic crossed, with what it cost: the
/// outage (lost ÷ offered rate, CSIT's blocked time) next to its cause.
void outage_table(Html& html, const Pair& pair)
{
    if (pair.outages.empty()) {
        return;
    }
    html.element("p", {{"class", "hint"}},
                 "Control changes under traffic: the frames the offered rate did not deliver around each change, "
                 "and that as time (lost ÷ offered rate).");
    html.open("div", {{"class", "scroll"}}).open("table", {{"class", "outages"}});
    html.open("thead").open("tr");
    for (const char* heading : {"at", "operation", "port", "change", "outage", "lost packets", "offered"}) {
        html.element("th", {}, heading);
    }
    html.close().close().open("tbody");
    for (const Outage& outage : pair.outages) {
        char milliseconds[32];
        std::snprintf(milliseconds, sizeof milliseconds, "%.1f ms", outage.outage_ms);
        html.open("tr", {{"class", "outage"}})
            .element("td", {}, format_milliseconds(outage.at_ms))
            .element("td", {}, outage.operation_id)
            .element("td", {}, endpoint_text(outage.endpoint))
            .element("td", {}, outage.change)
            .element("td", {{"class", "number"}}, milliseconds)
            .element("td", {{"class", outage.lost_packets == 0 ? "number" : "number bad"}},
                     format_count(outage.lost_packets))
            .element("td", {{"class", "number"}}, format_si(outage.offered_pps, "pps"))
            .close();
    }
    html.close().close().close();
}

void render_pair(Html& html, const Pair& pair, const TimeAxis& axis, const std::string& id)
{
    html.open("div", {{"class", "pair-traffic"}, {"data-pair", pair.pair_id}});
    html.element("h4", {}, pair.pair_id + ": " + endpoint_text(pair.a) + " \u2192 " + endpoint_text(pair.b) +
                               " is forward");
    if (pair.traffic.empty() && pair.samples.empty()) {
        html.element("p", {{"class", "note no-traffic"}},
                     pair.records_traffic
                         ? "No traffic was measured on this pair."
                         : "This result has no per-pair traffic: it was written by a hammer that did not record it. "
                           "The run's totals are in the summary.");
        html.close();
        return;
    }
    traffic_summary(html, pair);
    std::string note;
    render_line_chart(html, throughput_chart(pair, axis, id + "-throughput", note), axis);
    if (!note.empty()) {
        html.element("p", {{"class", "note"}}, note);
    }
    const bool has_latency =
        std::any_of(pair.traffic.begin(), pair.traffic.end(), [](const TrafficPoint& point) { return point.latency; });
    if (has_latency) {
        note.clear();
        render_line_chart(html, latency_chart(pair, axis, id + "-latency", note), axis);
        if (!note.empty()) {
            html.element("p", {{"class", "note"}}, note);
        }
    } else {
        html.element("p", {{"class", "note no-latency"}}, "No measurement of this pair recorded latency.");
    }
    outage_table(html, pair);
    html.close();
}

} // namespace

void render_traffic_charts(Html& html, const RunView& run, const std::string& id_prefix)
{
    const auto axis = time_axis_for(run);
    html.open("section", {{"class", "traffic"}, {"id", id_prefix + "-traffic"}});
    html.element("h3", {}, "Traffic over time");
    html.element("p", {{"class", "hint"}},
                 "Same time axis as the timeline. Solid lines: packets received per second; dashed: sent. Forward is "
                 "a \u2192 b of the pair. Hover a dot for the measurement.");
    for (std::size_t i = 0; i < run.pairs.size(); ++i) {
        render_pair(html, run.pairs[i], axis, id_prefix + "-pair" + std::to_string(i));
    }
    if (run.pairs.empty()) {
        html.element("p", {{"class", "note"}}, "This run has no pairs.");
    }
    html.close();
}

} // namespace hammer::report
