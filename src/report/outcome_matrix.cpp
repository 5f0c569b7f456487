#include "src/report/outcome_matrix.hpp"

#include <algorithm>

namespace hammer::report {
namespace {

void counts_cell(Html& html, const OutcomeCounts& counts, const std::string& title)
{
    const auto worst = counts.worst();
    html.open("td", {{"class", "counts" + (worst.empty() ? std::string{} : " o-" + std::string{worst})},
                     {"title", title}});
    html.text(counts.compact());
    html.close();
}

std::string cell_title(const OutcomeCounts& counts)
{
    return std::to_string(counts.pass) + " passed, " + std::to_string(counts.fail) + " failed, " +
           std::to_string(counts.error) + " errors, " + std::to_string(counts.skip) + " skipped";
}

} // namespace

OutcomeMatrix outcome_matrix(const RunView& run)
{
    OutcomeMatrix matrix;
    for (const auto& pair : run.pairs) {
        for (const auto& step : pair.steps) {
            if (std::find(matrix.operations.begin(), matrix.operations.end(), step.operation_id) ==
                matrix.operations.end()) {
                matrix.operations.push_back(step.operation_id);
            }
        }
    }
    matrix.operation_totals.resize(matrix.operations.size());
    for (const auto& pair : run.pairs) {
        matrix.pairs.push_back(pair.pair_id);
        auto& row = matrix.cells.emplace_back(matrix.operations.size());
        auto& pair_total = matrix.pair_totals.emplace_back();
        for (const auto& step : pair.steps) {
            const auto column = static_cast<std::size_t>(
                std::find(matrix.operations.begin(), matrix.operations.end(), step.operation_id) -
                matrix.operations.begin());
            row[column].add(step.outcome);
            matrix.operation_totals[column].add(step.outcome);
            pair_total.add(step.outcome);
            matrix.total.add(step.outcome);
        }
    }
    return matrix;
}

void render_outcome_matrix(Html& html, const RunView& run, const std::string& id_prefix)
{
    const auto matrix = outcome_matrix(run);
    html.open("section", {{"class", "matrix"}, {"id", id_prefix + "-matrix"}});
    html.element("h3", {}, "Outcomes: pair \u00D7 operation");
    if (matrix.operations.empty()) {
        html.element("p", {{"class", "note"}}, "No step ran.");
        html.close();
        return;
    }
    html.element("p", {{"class", "hint"}}, "P pass, F fail, E error, S skip: how many steps of each pair and "
                                           "operation ended so. A cell is coloured by its worst outcome.");
    html.open("div", {{"class", "scroll"}}).open("table", {{"class", "outcome-matrix"}});
    html.open("thead").open("tr").element("th", {}, "pair");
    for (const auto& operation : matrix.operations) {
        html.element("th", {}, operation);
    }
    html.element("th", {}, "all operations").close().close();
    html.open("tbody");
    for (std::size_t p = 0; p < matrix.pairs.size(); ++p) {
        html.open("tr", {{"data-pair", matrix.pairs[p]}}).element("th", {}, matrix.pairs[p]);
        for (std::size_t o = 0; o < matrix.operations.size(); ++o) {
            counts_cell(html, matrix.cells[p][o], matrix.pairs[p] + " \u00B7 " + matrix.operations[o] + ": " +
                                                      cell_title(matrix.cells[p][o]));
        }
        counts_cell(html, matrix.pair_totals[p], matrix.pairs[p] + ": " + cell_title(matrix.pair_totals[p]));
        html.close();
    }
    html.open("tr", {{"class", "totals"}}).element("th", {}, "all pairs");
    for (std::size_t o = 0; o < matrix.operations.size(); ++o) {
        const auto& counts = matrix.operation_totals[o];
        counts_cell(html, counts, matrix.operations[o] + ": " + cell_title(counts));
    }
    counts_cell(html, matrix.total, "the run: " + cell_title(matrix.total));
    html.close().close().close().close();
    html.close();
}

} // namespace hammer::report
