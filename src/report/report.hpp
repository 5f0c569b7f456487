#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace hammer::report {

/// The report a run writes next to its result.json.
inline constexpr std::string_view report_file_name = "report.html";

/// A result document (docs/uti.md) and the file it came from, named in
/// messages and on the page.
struct ReportInput {
    nlohmann::json document;
    std::string file_name;
};

/// One self-contained HTML page for the results (docs/report.md): per run
/// the verdict and summary, the pair × operation outcome matrix, a timeline
/// of every pair's steps on one time axis, throughput and latency over time
/// per pair, counters per termination point, the command and state history;
/// with several results first a comparison of the runs. Inline CSS and SVG,
/// no script, nothing fetched; every text from a document is escaped. Pure:
/// the same inputs always give the same bytes. Throws InputError naming the
/// file and JSON pointer of every member that is missing or mistyped, over
/// all inputs at once.
[[nodiscard]] std::string render_html(const std::vector<ReportInput>& inputs);

/// Writes run_directory/report.html for the run's result `uti` (the document
/// written as run_directory/result.json), replacing it atomically. Throws
/// std::system_error when the file cannot be written, InputError when the
/// document lacks what the report needs.
void write_report(const std::filesystem::path& run_directory, const nlohmann::json& uti);

} // namespace hammer::report
