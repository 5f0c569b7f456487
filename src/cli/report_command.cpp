#include "src/cli/report_command.hpp"

#include "src/cli/exit_codes.hpp"
#include "src/common/atomic_file.hpp"
#include "src/common/diagnostics.hpp"
#include "src/common/json_file.hpp"
#include "src/report/report.hpp"
#include "src/report/result_file.hpp"

#include <filesystem>
#include <iostream>
#include <memory>

namespace hammer::cli {

int run_report(const std::vector<std::string>& results, const std::string& output)
{
    require_path("--output", output, "the report's path");
    const std::filesystem::path target{output};
    const auto directory = target.has_parent_path() ? target.parent_path() : std::filesystem::path{"."};
    std::error_code ec;
    if (!std::filesystem::is_directory(directory, ec)) {
        throw InputError{{Diagnostic{"--output", "", output + ": the directory " + directory.string() +
                                                         " does not exist"}}};
    }
    std::vector<report::ReportInput> inputs;
    std::vector<Diagnostic> problems;
    for (const auto& result : results) {
        try {
            inputs.push_back(report::read_result_file(result));
        } catch (const InputError& error) {
            problems.insert(problems.end(), error.diagnostics().begin(), error.diagnostics().end());
        }
    }
    if (!problems.empty()) {
        throw InputError{std::move(problems)};
    }
    write_file_atomically(target, report::render_html(inputs));
    std::cout << output << ": report of " << inputs.size() << (inputs.size() == 1 ? " run" : " runs") << "\n";
    return exit_pass;
}

Command add_report_command(CLI::App& app)
{
    auto results = std::make_shared<std::vector<std::string>>();
    auto output = std::make_shared<std::string>();
    auto* sub = app.add_subcommand("report", "Write one HTML report of one or more results, comparing them");
    sub->add_option("results", *results, "result.json files, or run directories holding one")->required();
    sub->add_option("-o,--output", *output, "The HTML file to write")->required();
    return Command{sub, [results, output] { return run_report(*results, *output); }};
}

} // namespace hammer::cli
