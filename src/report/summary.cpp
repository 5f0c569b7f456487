#include "src/report/summary.hpp"

#include "src/report/format.hpp"
#include "src/report/outcome_matrix.hpp"

namespace hammer::report {
namespace {

constexpr std::size_t message_chars = 400;

/// "1 step", "3 steps".
std::string steps(std::size_t count)
{
    return format_count(count) + (count == 1 ? " step" : " steps");
}

std::string verdict_text(const RunView& run, const OutcomeCounts& counts)
{
    std::string text;
    if (run.status == "PASS") {
        text = "Every step passed or was skipped.";
    } else if (run.status == "FAIL") {
        text = steps(counts.fail) + " failed: a device misbehaved.";
    } else if (counts.error > 0) {
        text = steps(counts.error) + " ended in ERROR: setup or infrastructure broke, so the results are incomplete.";
    } else {
        text = "The run ended in ERROR: it died, or its journal or a restore failed; the results are incomplete.";
    }
    if (run.interrupted.value_or(false)) {
        text += " The run was interrupted before its schedule ended.";
    }
    if (run.restored && !*run.restored) {
        text += " The interfaces were not restored: hammer restore --out on the run directory puts them back.";
    }
    return text;
}

void fact(Html& html, std::string_view name, const std::string& value)
{
    if (!value.empty()) {
        html.open("tr").element("th", {}, name).element("td", {}, value).close();
    }
}

std::string yes_no(const std::optional<bool>& value)
{
    return value ? (*value ? "yes" : "no") : "";
}

void facts(Html& html, const RunView& run)
{
    std::string tags;
    for (const auto& tag : run.tags) {
        tags += (tags.empty() ? "" : ", ") + tag;
    }
    html.open("table", {{"class", "facts"}}).open("tbody");
    fact(html, "run", run.run_id);
    fact(html, "test", run.test_id);
    fact(html, "documentation", run.documentation);
    fact(html, "tags", tags);
    fact(html, "result file", run.file);
    fact(html, "started", run.start_time);
    fact(html, "ended", run.end_time);
    fact(html, "planned duration", run.duration_ms ? format_milliseconds(*run.duration_ms) : "");
    fact(html, "mode", run.mode);
    fact(html, "seed", run.seed + (run.seed_source.empty() ? "" : " (" + run.seed_source + ")"));
    fact(html, "topology", run.topology_file + (run.network_id.empty() ? "" : " (network " + run.network_id + ")"));
    fact(html, "config", run.config_file);
    fact(html, "pairs", std::to_string(run.pairs.size()));
    fact(html, "hammer", run.hammer_version);
    fact(html, "versions", "result " + run.result_version + ", topology " + run.topology_version);
    fact(html, "executor", run.executor);
    fact(html, "interrupted", yes_no(run.interrupted));
    fact(html, "interfaces restored", yes_no(run.restored));
    fact(html, "hash", run.hash);
    fact(html, "previous hash", run.previous_hash);
    html.close().close();
}

void totals_table(Html& html, const Totals& totals)
{
    html.open("div", {{"class", "scroll"}}).open("table", {{"class", "totals"}});
    html.open("thead").open("tr");
    for (const char* heading : {"direction", "sent", "received", "lost", "loss", "throughput", "bit rate",
                                "latency min", "latency avg", "latency max"}) {
        html.element("th", {}, heading);
    }
    html.close().close().open("tbody");
    for (const auto& [name, flow] :
         {std::pair{"forward (a \u2192 b)", &totals.forward}, std::pair{"reverse (b \u2192 a)", &totals.reverse},
          std::pair{"total", &totals.total}}) {
        html.open("tr").element("th", {}, name);
        flow_cells(html, *flow);
        html.close();
    }
    html.close().close().close();
    html.element("p", {{"class", "hint"}},
                 "Throughput is the mean rate of one stream over the summed duration of the measurements, not the "
                 "aggregate of streams that ran side by side.");
}

void problems_table(Html& html, const RunView& run, const std::string& id_prefix)
{
    std::size_t problems = 0;
    for (const auto& pair : run.pairs) {
        for (const auto& step : pair.steps) {
            problems += step.outcome == "FAIL" || step.outcome == "ERROR" ? 1 : 0;
        }
    }
    if (problems == 0) {
        return;
    }
    html.element("h4", {}, "Steps that failed or errored");
    html.open("div", {{"class", "scroll"}}).open("table", {{"class", "problems"}, {"id", id_prefix + "-problems"}});
    html.open("thead").open("tr");
    for (const char* heading : {"pair", "operation", "loop", "start", "outcome", "phase", "message"}) {
        html.element("th", {}, heading);
    }
    html.close().close().open("tbody");
    std::size_t shown = 0;
    for (const auto& pair : run.pairs) {
        for (const auto& step : pair.steps) {
            if ((step.outcome != "FAIL" && step.outcome != "ERROR") || shown == max_problem_rows) {
                continue;
            }
            ++shown;
            html.open("tr")
                .element("td", {}, pair.pair_id)
                .element("td", {}, step.operation_id)
                .element("td", {{"class", "number"}}, std::to_string(step.loop))
                .element("td", {{"class", "number"}}, format_milliseconds(step.start_ms))
                .element("td", {{"class", "o-" + step.outcome}}, step.outcome)
                .element("td", {}, step.phase)
                .element("td", {{"class", "message"}}, shortened(step.message, message_chars))
                .close();
        }
    }
    html.close().close().close();
    if (problems > shown) {
        html.element("p", {{"class", "note"}},
                     format_count(problems - shown) + " more failed or errored steps are left out (the first " +
                         format_count(shown) + " are listed); the timeline shows them all and result.json has "
                         "every message.");
    }
}

} // namespace

void flow_cells(Html& html, const Flow& flow)
{
    html.element("td", {{"class", "number"}}, format_count(flow.tx_packets))
        .element("td", {{"class", "number"}}, format_count(flow.rx_packets))
        .element("td", {{"class", flow.lost_packets > 0 ? "number bad" : "number"}}, format_count(flow.lost_packets))
        .element("td", {{"class", flow.lost_packets > 0 ? "number bad" : "number"}}, format_percent(flow.loss_ratio))
        .element("td", {{"class", "number"}}, format_si(flow.pps, "pps"))
        .element("td", {{"class", "number"}}, format_si(flow.bps, "bps"));
    for (const auto* value : {flow.latency ? &flow.latency->min_ns : nullptr,
                              flow.latency ? &flow.latency->avg_ns : nullptr,
                              flow.latency ? &flow.latency->max_ns : nullptr}) {
        html.element("td", {{"class", "number"}}, value != nullptr ? format_nanoseconds(*value) : "\u2014");
    }
}

void render_summary(Html& html, const RunView& run, const std::string& id_prefix)
{
    const auto counts = outcome_matrix(run).total;
    html.open("section", {{"class", "summary"}, {"id", id_prefix + "-summary"}});
    html.open("div", {{"class", "verdict v-" + run.status}, {"id", id_prefix + "-verdict"}});
    html.element("span", {{"class", "status"}}, run.status);
    html.element("span", {{"class", "why"}}, verdict_text(run, counts));
    html.close();
    html.element("p", {{"class", "step-counts"}},
                 steps(counts.total()) + ": " + format_count(counts.pass) + " passed, " +
                     format_count(counts.fail) + " failed, " + format_count(counts.error) + " errored, " +
                     format_count(counts.skip) + " skipped.");
    facts(html, run);
    if (run.totals) {
        html.element("h4", {}, "Traffic totals");
        totals_table(html, *run.totals);
    }
    problems_table(html, run, id_prefix);
    html.close();
}

} // namespace hammer::report
