#include "src/cli/restore_command.hpp"

#include "src/cli/exit_codes.hpp"
#include "src/common/json_file.hpp"
#include "src/config/run_config.hpp"
#include "src/output/publish.hpp"
#include "src/record/uti.hpp"
#include "src/run/clock.hpp"
#include "src/run/journal_restore.hpp"
#include "src/topology/loader.hpp"

#include <spdlog/spdlog.h>

#include <iostream>

namespace hammer::cli {
namespace {

/// Where the run's own config sent its outputs, from the config its journal
/// recorded. Only these members are read: the config was checked when the
/// run started, and a later hammer must still render what an earlier one ran.
config::OutputOptions recorded_output(const nlohmann::json& config)
{
    config::OutputOptions output;
    const auto found = config.find("output");
    if (found != config.end() && found->is_object()) {
        if (const auto directory = found->find("directory"); directory != found->end() && directory->is_string()) {
            output.directory = directory->get<std::string>();
        }
        if (const auto junit = found->find("junit"); junit != found->end() && junit->is_boolean()) {
            output.junit = junit->get<bool>();
        }
    }
    return output;
}

} // namespace

int run_restore(const std::string& run_directory, const run::ToolkitFactory& make_toolkit)
{
    require_path("--out", run_directory, "the run directory");
    const auto journal = record::read_journal(run_directory);
    if (record::is_restored(journal)) {
        std::cout << run_directory << ": already restored, nothing to do\n";
        return exit_pass;
    }
    // The journal holds the run's inputs whole: the files may have changed or gone since.
    const auto& header = record::run_header(journal);
    const auto model = topology::load_topology(header.at("topology"), header.at("topology-file").get<std::string>());
    const auto config = config::load_run_config(header.at("config"), header.at("config-file").get<std::string>());
    const auto toolkit = make_toolkit({config, config.eal_args});

    run::SteadyClock clock;
    const auto recorder = record::Recorder::resume(run_directory, clock);
    const auto failed = run::restore_from_journal(journal, model, *toolkit, *recorder);
    if (failed > 0) {
        spdlog::error("{}: {} settings could not be restored; the restore events in the journal say why",
                      run_directory, failed);
        return exit_error;
    }
    std::cout << run_directory << ": restored; `hammer render --out " << run_directory
              << "` writes its result.json\n";
    return exit_pass;
}

Command add_restore_command(CLI::App& app, const run::ToolkitFactory& make_toolkit)
{
    auto directory = std::make_shared<std::string>();
    auto* sub = app.add_subcommand("restore", "Put back the interfaces of a run that crashed, from its journal");
    sub->add_option("--out", *directory, "The run directory")->required();
    return Command{sub, [directory, make_toolkit] { return run_restore(*directory, make_toolkit); }};
}

int run_render(const std::string& run_directory, const std::optional<std::string>& store_flag)
{
    require_path("--out", run_directory, "the run directory");
    const auto journal = record::read_journal(run_directory);
    if (journal.torn_tail) {
        spdlog::warn("{}: the journal's last line was cut short by a crash and is left out", run_directory);
    }
    const auto recorded = recorded_output(record::run_header(journal)["config"]);
    const auto store_choice = store::store_location(store_flag, recorded.directory);
    const auto document = record::render_uti(journal);
    const bool published = output::publish_result(run_directory, document, {recorded.junit, store_choice});
    std::cout << (std::filesystem::path{run_directory} / record::result_file_name).string() << ": status "
              << document["test"]["metadata"]["test_execution"]["status"].get<std::string>() << "\n";
    return published ? exit_pass : exit_error;
}

Command add_render_command(CLI::App& app)
{
    auto directory = std::make_shared<std::string>();
    auto store_flag = std::make_shared<std::optional<std::string>>();
    auto* sub = app.add_subcommand("render", "Write a run's result.json and junit.xml from its journal, and store it");
    sub->add_option("--out", *directory, "The run directory")->required();
    sub->add_option(std::string{store::store_flag}, *store_flag, std::string{store::store_flag_help});
    return Command{sub, [directory, store_flag] { return run_render(*directory, *store_flag); }};
}

} // namespace hammer::cli
