#include "src/cli/app.hpp"

#include "hammer_version.hpp"
#include "src/cli/exit_codes.hpp"
#include "src/cli/history_command.hpp"
#include "src/cli/ops_command.hpp"
#include "src/cli/plan_command.hpp"
#include "src/cli/report_command.hpp"
#include "src/cli/restore_command.hpp"
#include "src/cli/run_command.hpp"
#include "src/cli/validate_command.hpp"
#include "src/common/diagnostics.hpp"

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <iostream>
#include <vector>

namespace hammer::cli {
namespace {

void set_up_logging(int verbosity, const std::string& level_name)
{
    // Logs go to stderr so stdout stays the command's own output (pairs, plans, JSON).
    spdlog::set_default_logger(spdlog::stderr_color_mt("hammer"));
    spdlog::set_pattern("[%H:%M:%S.%e] [%^%l%$] %v");
    auto level = spdlog::level::from_str(level_name);
    if (verbosity == 1) {
        level = std::min(level, spdlog::level::debug);
    } else if (verbosity >= 2) {
        level = spdlog::level::trace;
    }
    spdlog::set_level(level);
}

} // namespace

int run_cli(int argc, char** argv, const run::ToolkitFactory& make_toolkit)
{
    CLI::App app{"hammer: stress network interfaces with traffic and control operations at once"};
    app.set_version_flag("--version", "hammer " HAMMER_VERSION);
    app.require_subcommand(1);
    int verbosity = 0;
    std::string log_level = "info";
    app.add_flag("-v,--verbose", verbosity, "More logging (-vv for trace)");
    app.add_option("--log-level", log_level, "trace, debug, info, warn, error, critical or off")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}))
        ->capture_default_str();

    std::vector<Command> commands;
    commands.push_back(add_validate_command(app));
    commands.push_back(add_plan_command(app));
    commands.push_back(add_run_command(app, make_toolkit));
    commands.push_back(add_restore_command(app, make_toolkit));
    commands.push_back(add_render_command(app));
    commands.push_back(add_report_command(app));
    commands.push_back(add_ops_command(app, make_toolkit));
    commands.push_back(add_history_command(app));

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        const int code = app.exit(error);
        // --help and --version are "errors" with code 0 in CLI11.
        return code == 0 ? exit_pass : exit_bad_input;
    }
    set_up_logging(verbosity, log_level);

    try {
        for (const auto& command : commands) {
            if (command.app->parsed()) {
                return command.action();
            }
        }
    } catch (const InputError& error) {
        // One line a problem, the first max_reported_diagnostics of them.
        std::cerr << error.what() << '\n';
        return exit_bad_input;
    } catch (const std::exception& error) {
        spdlog::critical("{}", error.what());
        return exit_error;
    }
    return exit_bad_input;
}

} // namespace hammer::cli
