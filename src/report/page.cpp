#include "src/report/page.hpp"

#include "src/report/comparison.hpp"
#include "src/report/counters_table.hpp"
#include "src/report/history_tables.hpp"
#include "src/report/html.hpp"
#include "src/report/outcome_matrix.hpp"
#include "src/report/style.hpp"
#include "src/report/summary.hpp"
#include "src/report/throughput_tables.hpp"
#include "src/report/timeline.hpp"
#include "src/report/traffic_charts.hpp"

namespace hammer::report {
namespace {

/// Nothing may be fetched or run: the report must read the same offline, and
/// a document's text that slipped past escaping still could not execute.
constexpr std::string_view content_policy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
                                            "form-action 'none'";

std::string page_title(const std::vector<RunView>& runs)
{
    if (runs.size() == 1) {
        return "hammer report: " + runs.front().run_id + " " + runs.front().status;
    }
    return "hammer report: " + std::to_string(runs.size()) + " runs";
}

void run_navigation(Html& html, std::size_t index)
{
    const auto prefix = "#run-" + std::to_string(index);
    html.open("nav", {{"class", "sections"}});
    for (const auto& [anchor, name] :
         {std::pair{"-summary", "summary"}, std::pair{"-matrix", "outcomes"}, std::pair{"-timeline", "timeline"},
          std::pair{"-traffic", "traffic"}, std::pair{"-throughput", "throughput"}, std::pair{"-counters", "counters"}, std::pair{"-commands", "commands"},
          std::pair{"-states", "states"}}) {
        html.element("a", {{"href", prefix + anchor}}, name);
    }
    html.close();
}

void render_run(Html& html, const RunView& run, std::size_t index)
{
    const auto prefix = "run-" + std::to_string(index);
    html.open("article", {{"class", "run"}, {"id", prefix}, {"data-run-id", run.run_id}});
    html.element("h2", {}, "Run " + run.run_id + " \u2014 " + run.status);
    run_navigation(html, index);
    render_summary(html, run, prefix);
    render_outcome_matrix(html, run, prefix);
    render_timeline(html, run, prefix);
    render_traffic_charts(html, run, prefix);
    render_throughput(html, run, prefix);
    render_counters(html, run, prefix);
    render_commands(html, run, prefix);
    render_states(html, run, prefix);
    html.close();
}

} // namespace

std::string render_page(const std::vector<RunView>& runs)
{
    Html html;
    html.raw("<!DOCTYPE html>\n");
    html.open("html", {{"lang", "en"}}).open("head");
    html.leaf("meta", {{"charset", "utf-8"}});
    html.leaf("meta", {{"http-equiv", "Content-Security-Policy"}, {"content", content_policy}});
    html.leaf("meta", {{"name", "viewport"}, {"content", "width=device-width, initial-scale=1"}});
    html.element("title", {}, page_title(runs));
    html.open("style").raw(page_style()).close();
    html.close();
    html.open("body");
    html.open("header");
    html.element("h1", {}, page_title(runs));
    if (runs.empty()) {
        html.element("p", {{"class", "note"}}, "No result was given.");
    }
    html.open("ul", {{"class", "runs"}});
    for (std::size_t i = 0; i < runs.size(); ++i) {
        html.open("li")
            .element("a", {{"href", "#run-" + std::to_string(i)}}, runs[i].run_id)
            .text(" " + runs[i].status + " \u00B7 " + runs[i].start_time + " \u00B7 " + runs[i].file)
            .close();
    }
    html.close().close();
    if (runs.size() > 1) {
        render_comparison(html, runs);
    }
    for (std::size_t i = 0; i < runs.size(); ++i) {
        render_run(html, runs[i], i);
    }
    html.element("footer", {{"class", "hint"}},
                 "Rendered by hammer report from the result files named above; every value on this page comes from "
                 "them. See docs/report.md.");
    html.close().close();
    return std::move(html).str() + "\n";
}

} // namespace hammer::report
