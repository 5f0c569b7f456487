#include "src/report/throughput_tables.hpp"

#include "src/operations/catalog.hpp"
#include "src/report/format.hpp"

#include <cstdio>

namespace hammer::report {
namespace {

void table_head(Html& html, std::initializer_list<const char*> headings)
{
    html.open("div", {{"class", "scroll"}}).open("table", {{"class", "throughput"}});
    html.open("thead").open("tr");
    for (const char* heading : headings) {
        html.element("th", {}, heading);
    }
    html.close().close().open("tbody");
}

void table_end(Html& html)
{
    html.close().close().close();
}

std::string optional_rate(const std::optional<double>& value, std::string_view unit, const char* none)
{
    return value ? format_si(*value, unit) : std::string{none};
}

void bounds_table(Html& html, const ThroughputResult& result)
{
    table_head(html, {"threshold", "loss ratio", "lower bound", "lower bound (bits)", "upper bound", "width",
                      "width goal"});
    for (const SearchBound& bound : result.bounds) {
        html.open("tr", {{"class", "bound"}, {"data-threshold", bound.name}})
            .element("td", {}, bound.name == "ndr" ? "NDR" : bound.name == "pdr" ? "PDR" : bound.name)
            .element("td", {{"class", "number"}}, format_percent(bound.loss_ratio))
            .element("td", {{"class", bound.lower_pps ? "number" : "number bad"}},
                     optional_rate(bound.lower_pps, "pps", "not found"))
            .element("td", {{"class", "number"}}, optional_rate(bound.lower_bps, "bps", "\u2014"))
            .element("td", {{"class", "number"}}, optional_rate(bound.upper_pps, "pps", "none (the maximum passed)"))
            .element("td", {{"class", "number"}}, format_percent(bound.relative_width))
            .element("td", {}, bound.width_reached ? "reached" : "not reached")
            .close();
    }
    table_end(html);
}

void latency_table(Html& html, const ThroughputResult& result)
{
    if (result.latency.empty()) {
        return;
    }
    table_head(html, {"direction", "load", "offered", "p50", "p90", "p99", "max"});
    for (const LoadLatency& latency : result.latency) {
        html.open("tr", {{"class", "latency"}})
            .element("td", {}, latency.direction)
            .element("td", {}, latency.load)
            .element("td", {{"class", "number"}}, format_si(latency.rate_pps, "pps"))
            .element("td", {{"class", "number"}}, format_nanoseconds(latency.p50_ns))
            .element("td", {{"class", "number"}}, format_nanoseconds(latency.p90_ns))
            .element("td", {{"class", "number"}}, format_nanoseconds(latency.p99_ns))
            .element("td", {{"class", "number"}}, format_nanoseconds(latency.max_ns))
            .close();
    }
    table_end(html);
}

void receive_rate_table(Html& html, const ThroughputResult& result)
{
    if (result.receive_rates.empty()) {
        return;
    }
    table_head(html, {"direction", "received (mean)", "standard deviation"});
    for (const ReceiveRate& rate : result.receive_rates) {
        html.open("tr", {{"class", "receive-rate"}})
            .element("td", {}, rate.direction)
            .element("td", {{"class", "number"}}, format_si(rate.avg_pps, "pps"))
            .element("td", {{"class", "number"}}, format_si(rate.stdev_pps, "pps"))
            .close();
    }
    table_end(html);
}

void trials_table(Html& html, const ThroughputResult& result)
{
    html.open("details", {{"class", "trials"}});
    html.element("summary", {}, std::to_string(result.trials.size()) + " trials");
    table_head(html, {"#", "phase", "offered per direction", "duration", "offered", "received", "loss ratio"});
    for (std::size_t i = 0; i < result.trials.size(); ++i) {
        const SearchTrial& trial = result.trials[i];
        html.open("tr", {{"class", "trial"}})
            .element("td", {{"class", "number"}}, std::to_string(i + 1))
            .element("td", {{"class", "number"}}, std::to_string(trial.phase))
            .element("td", {{"class", "number"}}, trial.rate_pps > 0 ? format_si(trial.rate_pps, "pps") : "unpaced")
            .element("td", {{"class", "number"}}, format_milliseconds(trial.duration_ms))
            .element("td", {{"class", "number"}}, format_count(trial.offered))
            .element("td", {{"class", "number"}}, format_count(trial.received))
            .element("td", {{"class", trial.loss_ratio > 0 ? "number bad" : "number"}},
                     format_percent(trial.loss_ratio))
            .close();
    }
    table_end(html);
    html.close();
}

/// The step of `pair` that recorded `result`: the one of its operation id
/// whose time holds the moment the result was recorded.
const Step* step_of(const Pair& pair, const ThroughputResult& result)
{
    for (const Step& step : pair.steps) {
        if (step.operation_id == result.operation_id && step.start_ms <= result.at_ms &&
            result.at_ms <= step.start_ms + step.drawn_ms()) {
            return &step;
        }
    }
    return nullptr;
}

std::string span_text(const Step& step)
{
    char text[64];
    std::snprintf(text, sizeof text, "%.1f\u2013%.1f s", step.start_ms / 1000.0,
                  (step.start_ms + step.drawn_ms()) / 1000.0);
    return text;
}

/// The steps of the other pairs that overlapped `during`, control
/// operations (the catalog's port_control ones) marked as such.
void concurrent_steps(Html& html, const RunView& run, const Pair& pair, const Step* during)
{
    if (during == nullptr) {
        html.element("p", {{"class", "note"}}, "The step of this result was not found: no overlap to show.");
        return;
    }
    const double from = during->start_ms;
    const double to = during->start_ms + during->drawn_ms();
    html.open("p", {{"class", "concurrent"}});
    html.text("Step " + span_text(*during) + ". Meanwhile on the other pairs: ");
    bool any = false;
    for (const Pair& other : run.pairs) {
        if (other.pair_id == pair.pair_id) {
            continue;
        }
        for (const Step& step : other.steps) {
            if (step.start_ms >= to || step.start_ms + step.drawn_ms() <= from) {
                continue;
            }
            const auto* spec = operations::find_operation(step.operation);
            const bool control =
                spec != nullptr && (spec->needs & static_cast<unsigned>(operations::Need::port_control)) != 0;
            html.text(any ? "; " : "");
            html.element("span", {{"class", control ? "control" : "traffic"}, {"data-pair", other.pair_id}},
                         other.pair_id + " " + step.operation_id + (control ? " (control)" : "") + " " +
                             span_text(step));
            any = true;
        }
    }
    html.text(any ? "." : "nothing (no other pair, or none of their steps overlapped).");
    html.close();
}

void render_result(Html& html, const RunView& run, const Pair& pair, const ThroughputResult& result)
{
    html.open("div", {{"class", "throughput-result"}, {"data-pair", pair.pair_id}, {"data-type", result.type}});
    std::string heading = pair.pair_id + " \u00B7 " + result.operation_id + " (" + result.type + ")";
    if (result.type == "NDRPDR") {
        heading += result.complete ? ", complete" : ", stopped by " + result.stopped_because + ": best bounds so far";
    }
    html.element("h4", {}, heading);
    concurrent_steps(html, run, pair, step_of(pair, result));
    if (!result.bounds.empty()) {
        html.element("p", {{"class", "hint"}}, "Bounds are offered rates per direction; both directions ran at once.");
        bounds_table(html, result);
    }
    latency_table(html, result);
    receive_rate_table(html, result);
    trials_table(html, result);
    html.close();
}

} // namespace

void render_throughput(Html& html, const RunView& run, const std::string& id_prefix)
{
    html.open("section", {{"class", "throughput"}, {"id", id_prefix + "-throughput"}});
    html.element("h3", {}, "Throughput: NDR, PDR and MRR");
    bool any = false;
    for (const Pair& pair : run.pairs) {
        for (const ThroughputResult& result : pair.throughput) {
            render_result(html, run, pair, result);
            any = true;
        }
    }
    if (!any) {
        html.element("p", {{"class", "note"}}, "No throughput_search or mrr step recorded a result.");
    }
    html.close();
}

} // namespace hammer::report
