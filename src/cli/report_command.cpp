#include "src/cli/report_command.hpp"

#include "src/cli/exit_codes.hpp"
#include "src/cli/name_flag.hpp"
#include "src/config/run_config.hpp"
#include "src/common/atomic_file.hpp"
#include "src/common/diagnostics.hpp"
#include "src/common/json_file.hpp"
#include "src/report/report.hpp"
#include "src/report/result_file.hpp"
#include "src/store/store_location.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <iostream>
#include <memory>

namespace hammer::cli {

namespace {

/// "#7 lab8/tb-e810 run-id": where a stored run comes from, as the report names it.
std::string stored_name(const store::RunRow& run)
{
    return "#" + std::to_string(run.position) + " " + (run.host.empty() ? "-" : run.host) + "/" +
           (run.testbed.empty() ? "-" : run.testbed) + " " + run.run_id;
}

/// The stored runs that match, oldest first, the newest `last` of them when given.
std::vector<report::ReportInput> stored_inputs(const ReportOptions& options)
{
    const auto location = store::store_location(options.store, config::OutputOptions{}.directory);
    const auto result_store = store::open_store(location, store::Access::read_only);
    const auto devices = result_store->devices();
    const std::vector<store::DeviceRow> no_devices;
    std::vector<store::RunRow> chosen;
    for (const auto& run : result_store->runs()) {
        const auto found = devices.find(run.position);
        if (store::matches(options.filter, run, found == devices.end() ? no_devices : found->second)) {
            chosen.push_back(run);
        }
    }
    if (options.last && chosen.size() > *options.last) {
        chosen.erase(chosen.begin(), chosen.end() - static_cast<std::ptrdiff_t>(*options.last));
    }
    std::vector<report::ReportInput> inputs;
    for (const auto& run : chosen) {
        // The document as stored, exactly what was hashed.
        inputs.push_back({nlohmann::json::parse(result_store->load(run.position).document, nullptr, false),
                          stored_name(run)});
    }
    return inputs;
}

} // namespace

int run_report(const ReportOptions& options)
{
    require_path("--output", options.output, "the report's path");
    check_run_filter(options.filter);
    const bool filtered = options.filter.host || options.filter.testbed || options.filter.driver || options.last;
    if (!options.store && filtered) {
        throw InputError{{Diagnostic{"--store", "", "--host, --testbed, --driver and --last choose stored runs: "
                                                    "give the store they are in"}}};
    }
    const std::filesystem::path target{options.output};
    const auto directory = target.has_parent_path() ? target.parent_path() : std::filesystem::path{"."};
    std::error_code ec;
    if (!std::filesystem::is_directory(directory, ec)) {
        throw InputError{{Diagnostic{"--output", "", options.output + ": the directory " + directory.string() +
                                                         " does not exist"}}};
    }
    std::vector<report::ReportInput> inputs;
    std::vector<Diagnostic> problems;
    for (const auto& result : options.results) {
        try {
            inputs.push_back(report::read_result_file(result));
        } catch (const InputError& error) {
            problems.insert(problems.end(), error.diagnostics().begin(), error.diagnostics().end());
        }
    }
    if (!problems.empty()) {
        throw InputError{std::move(problems)};
    }
    if (options.store) {
        try {
            auto stored = stored_inputs(options);
            if (stored.empty()) {
                throw InputError{{Diagnostic{"--store", "", "no stored run matches " +
                                                                (filtered ? std::string{"the filters"} : "(it is empty)")}}};
            }
            inputs.insert(inputs.end(), std::make_move_iterator(stored.begin()), std::make_move_iterator(stored.end()));
        } catch (const store::StoreError& error) {
            spdlog::error("{}", error.what());
            return exit_error;
        }
    }
    if (inputs.empty()) {
        throw InputError{{Diagnostic{"results", "", "give result files or --store"}}};
    }
    write_file_atomically(target, report::render_html(inputs));
    std::cout << options.output << ": report of " << inputs.size() << (inputs.size() == 1 ? " run" : " runs") << "\n";
    return exit_pass;
}

Command add_report_command(CLI::App& app)
{
    auto options = std::make_shared<ReportOptions>();
    auto* sub = app.add_subcommand("report", "Write one HTML report of one or more results, comparing them");
    sub->add_option("results", options->results, "result.json files, or run directories holding one");
    sub->add_option("-o,--output", options->output, "The HTML file to write")->required();
    sub->add_option(std::string{store::store_flag}, options->store,
                    "Report stored runs too, from this result store (as in hammer history)");
    sub->add_option("--host", options->filter.host, "Only stored runs on this host (its name, exactly)");
    sub->add_option("--testbed", options->filter.testbed, "Only stored runs on this testbed (its name, exactly)");
    sub->add_option("--driver", options->filter.driver,
                    "Only stored runs with a device of this driver (exactly: veth, tun, ice, net_af_packet…)");
    sub->add_option("--last", options->last, "Only the newest N of the stored runs that match")
        ->check(CLI::PositiveNumber);
    return Command{sub, [options] { return run_report(*options); }};
}

} // namespace hammer::cli
