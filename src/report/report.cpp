#include "src/report/report.hpp"

#include "src/common/atomic_file.hpp"
#include "src/common/diagnostics.hpp"
#include "src/record/uti.hpp"
#include "src/report/page.hpp"
#include "src/report/read_run.hpp"

namespace hammer::report {

std::string render_html(const std::vector<ReportInput>& inputs)
{
    std::vector<RunView> runs;
    std::vector<Diagnostic> problems;
    // Every input is read before any is refused: one pass fixes them all.
    for (const auto& input : inputs) {
        try {
            runs.push_back(read_run(input.document, input.file_name));
        } catch (const InputError& error) {
            problems.insert(problems.end(), error.diagnostics().begin(), error.diagnostics().end());
        }
    }
    if (!problems.empty()) {
        throw InputError{std::move(problems)};
    }
    return render_page(runs);
}

void write_report(const std::filesystem::path& run_directory, const nlohmann::json& uti)
{
    // Read in place: a day-long run's document is large and need not be copied.
    const auto run = read_run(uti, (run_directory / record::result_file_name).string());
    write_file_atomically(run_directory / report_file_name, render_page({run}));
}

} // namespace hammer::report
