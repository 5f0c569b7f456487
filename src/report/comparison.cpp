#include "src/report/comparison.hpp"

#include "src/report/format.hpp"
#include "src/report/outcome_matrix.hpp"
#include "src/report/summary.hpp"

#include <algorithm>

namespace hammer::report {
namespace {

/// Every operation-id of the runs, in the order the runs first ran them.
std::vector<std::string> all_operations(const std::vector<OutcomeMatrix>& matrices)
{
    std::vector<std::string> operations;
    for (const auto& matrix : matrices) {
        for (const auto& operation : matrix.operations) {
            if (std::find(operations.begin(), operations.end(), operation) == operations.end()) {
                operations.push_back(operation);
            }
        }
    }
    return operations;
}

void rate_cell(Html& html, const OutcomeMatrix& matrix, const std::string& operation, std::size_t run_index)
{
    const auto found = std::find(matrix.operations.begin(), matrix.operations.end(), operation);
    const std::string run = std::to_string(run_index);
    if (found == matrix.operations.end()) {
        html.element("td", {{"class", "rate"}, {"data-run", run}, {"data-operation", operation}}, "not run");
        return;
    }
    const auto& counts = matrix.operation_totals[static_cast<std::size_t>(found - matrix.operations.begin())];
    const auto rate = pass_rate(counts);
    const auto ran = counts.pass + counts.fail + counts.error;
    const auto text = rate ? std::to_string(counts.pass) + "/" + std::to_string(ran) + " (" + format_percent(*rate) + ")"
                           : "all " + std::to_string(counts.skip) + " skipped";
    const auto worst = counts.worst();
    html.element("td",
                 {{"class", "rate o-" + std::string{worst}},
                  {"data-run", run},
                  {"data-operation", operation},
                  {"title", counts.compact()}},
                 text);
}

} // namespace

void render_comparison(Html& html, const std::vector<RunView>& runs)
{
    std::vector<OutcomeMatrix> matrices;
    for (const auto& run : runs) {
        matrices.push_back(outcome_matrix(run));
    }
    const auto operations = all_operations(matrices);

    html.open("section", {{"class", "comparison"}, {"id", "comparison"}});
    html.element("h2", {}, "Comparison of " + std::to_string(runs.size()) + " runs");
    html.element("p", {{"class", "hint"}},
                 "Pass rate: passed steps of the operation among those that ran, skips left out. Throughput and "
                 "loss are the runs' totals over both directions.");
    html.open("div", {{"class", "scroll"}}).open("table", {{"class", "comparison-table"}});
    html.open("thead").open("tr");
    for (const char* heading : {"#", "run", "started", "status", "seed", "topology", "steps"}) {
        html.element("th", {}, heading);
    }
    for (const auto& operation : operations) {
        html.element("th", {{"class", "operation"}}, operation);
    }
    for (const char* heading : {"sent", "received", "lost", "loss", "throughput", "bit rate", "latency min",
                                "latency avg", "latency max"}) {
        html.element("th", {}, heading);
    }
    html.close().close().open("tbody");
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const auto& run = runs[i];
        html.open("tr", {{"data-run", std::to_string(i)}});
        html.open("td").open("a", {{"href", "#run-" + std::to_string(i)}}).text(std::to_string(i + 1)).close().close();
        html.open("td")
            .element("div", {{"class", "run-id"}}, run.run_id)
            .element("div", {{"class", "file"}}, run.file)
            .close();
        html.element("td", {{"class", "time"}}, run.start_time);
        html.element("td", {{"class", "status o-" + run.status}}, run.status);
        html.element("td", {{"class", "number"}}, run.seed);
        html.element("td", {}, run.topology_file + (run.network_id.empty() ? "" : " (" + run.network_id + ")"));
        html.element("td", {{"title", matrices[i].total.compact()}}, std::to_string(matrices[i].total.total()));
        for (const auto& operation : operations) {
            rate_cell(html, matrices[i], operation, i);
        }
        if (run.totals) {
            flow_cells(html, run.totals->total);
        } else {
            html.element("td", {{"colspan", "9"}, {"class", "note"}}, "no traffic totals in this result");
        }
        html.close();
    }
    html.close().close().close();
    html.close();
}

} // namespace hammer::report
