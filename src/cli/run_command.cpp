#include "src/cli/run_command.hpp"

#include "src/cli/exit_codes.hpp"
#include "src/cli/name_flag.hpp"
#include "src/cli/inputs.hpp"
#include "src/cli/replay.hpp"
#include "src/cli/seed_option.hpp"
#include "src/common/diagnostics.hpp"
#include "src/common/json_file.hpp"
#include "src/common/text.hpp"
#include "src/metrics/metrics_server.hpp"
#include "src/output/publish.hpp"
#include "src/output/traffic_table.hpp"
#include "src/record/executor.hpp"
#include "src/record/host.hpp"
#include "src/record/run_directory.hpp"
#include "src/record/run_watch.hpp"
#include "src/record/uti.hpp"
#include "src/report/read_run.hpp"
#include "src/run/clock.hpp"
#include "src/run/live_view.hpp"
#include "src/run/run_header.hpp"
#include "src/run/runner.hpp"
#include "src/run/signal_stop.hpp"
#include "src/store/store_location.hpp"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

namespace hammer::cli {
namespace {

constexpr std::string_view duration_flag = "--duration";
constexpr std::string_view out_flag = "--out";

[[noreturn]] void refuse(std::string_view flag, std::string message)
{
    throw InputError{{Diagnostic{std::string{flag}, "", std::move(message)}}};
}

std::chrono::milliseconds parse_duration_flag(const std::string& text)
{
    // A bare number is seconds, as in the config; otherwise the config's units.
    const bool digits_only = !text.empty() && text.find_first_not_of("0123456789.") == std::string::npos;
    const auto value = digits_only ? nlohmann::json::parse(text, nullptr, false) : nlohmann::json(text);
    const auto duration = config::parse_duration(value);
    if (!duration || duration->count() <= 0 || *duration > config::max_duration) {
        refuse(duration_flag, in_quotes(text) + " is not a duration such as 90, \"90s\", \"15m\" or \"1h30m\" "
                                                "(at most 30 days)");
    }
    return *duration;
}

/// A flag's text as a config file would hold the value: a number where the
/// text reads as one ("4", "-1", "2.5"), else a string ("2-5,8").
nlohmann::json flag_value(const std::string& text)
{
    auto value = nlohmann::json::parse(text, nullptr, false);
    return value.is_number() ? value : nlohmann::json(text);
}

/// --lcores, --placement and --queues replace the config's values, checked
/// as the loader checks them; a bad one is blamed on its flag.
void apply_lcore_flags(const RunOptions& options, config::RunConfig& config)
{
    if (options.lcores) {
        config::override_member(config, "lcores", flag_value(*options.lcores), "--lcores");
    }
    if (options.placement) {
        config::override_member(config, "placement", nlohmann::json(*options.placement), "--placement");
    }
    if (options.queues) {
        config::override_member(config, "queues", flag_value(*options.queues), "--queues");
    }
}

/// Writes the flags that change the config into its document, so that the
/// result's hammer.config is the config as this run used it and a replay
/// (--replay) runs the same.
void record_flags(const RunOptions& options, config::RunConfig& config)
{
    if (options.duration) {
        config.document["duration"] = flag_value(*options.duration);
    }
    if (options.lcores) {
        config.document["lcores"] = flag_value(*options.lcores);
    }
    if (options.placement) {
        config.document["placement"] = *options.placement;
    }
    if (options.queues) {
        config.document["queues"] = flag_value(*options.queues);
    }
    if (!options.eal_args.empty()) {
        auto eal_args = config.eal_args;
        eal_args.insert(eal_args.end(), options.eal_args.begin(), options.eal_args.end());
        config.document["eal_args"] = eal_args;
    }
}

/// The schedule, with a duration that came from the flag blamed on the flag.
schedule::Schedule schedule_for(const config::RunConfig& config, const Inputs& inputs, bool duration_from_flag)
{
    try {
        return schedule::make_schedule(config, inputs.pair_ids(), inputs.seed.value);
    } catch (const InputError& error) {
        if (!duration_from_flag) {
            throw;
        }
        auto diagnostics = error.diagnostics();
        for (auto& diagnostic : diagnostics) {
            if (diagnostic.location == "/duration") {
                diagnostic.file = duration_flag;
                diagnostic.location.clear();
            }
        }
        throw InputError{std::move(diagnostics)};
    }
}

std::string restore_hint(const std::filesystem::path& directory)
{
    return "run `hammer restore --out " + directory.string() + "` first";
}

struct RunDirectory {
    std::filesystem::path path;
    std::string run_id;
};

/// The directory of this run, refusing one that holds a run already: its
/// results must not be mixed with ours, and its interfaces may still be changed.
RunDirectory choose_run_directory(const RunOptions& options, const config::RunConfig& config, std::uint64_t seed)
{
    if (options.out) {
        require_path(out_flag, *options.out, "the run directory");
        const std::filesystem::path path{*options.out};
        switch (record::run_state(path)) {
        case record::RunState::restored:
            refuse(out_flag, path.string() + " already holds a run; give another directory");
        case record::RunState::unrestored:
            refuse(out_flag, path.string() + " holds a run whose interfaces were not restored; " +
                                 restore_hint(path));
        case record::RunState::empty:
            break;
        }
        return {path, path.filename().string()};
    }
    const std::filesystem::path runs{config.output.directory};
    if (const auto unrestored = record::find_unrestored_run(runs)) {
        throw InputError{{Diagnostic{config.file, "/output/directory",
                                     unrestored->string() + " holds a run whose interfaces were not restored; " +
                                         restore_hint(*unrestored)}}};
    }
    auto run_id = record::new_run_id(runs, std::chrono::system_clock::now(), seed);
    return {runs / run_id, std::move(run_id)};
}

int exit_code_of(const run::RunReport& report)
{
    switch (report.status) {
    case operations::Outcome::pass:
    case operations::Outcome::skip:
        return exit_pass;
    case operations::Outcome::fail:
        return exit_fail;
    case operations::Outcome::error:
        break;
    }
    return exit_error;
}

/// Where the run runs (test.metadata.host): this machine, under --host's name
/// when given, with the testbed of --testbed, else of the topology's
/// metadata.testbed, else none (docs/lab.md).
nlohmann::json host_of(const RunOptions& options, const topology::Model& model)
{
    auto host = record::read_host();
    if (options.host) {
        host["name"] = *options.host;
    }
    // The loader checked that metadata, when present, is an object.
    const auto named = model.document.value(nlohmann::json::json_pointer{"/metadata/testbed"}, nlohmann::json{});
    if (options.testbed) {
        host["testbed"] = *options.testbed;
    } else if (named.is_string() && !named.get<std::string>().empty()) {
        host["testbed"] = named;
    }
    return host;
}

} // namespace

int run_run(const RunOptions& options, const run::ToolkitFactory& make_toolkit)
{
    run::SignalStop signals; // before any other thread, so that all inherit its signal mask
    check_name("--host", options.host, "the name this run records as its host (default: uname -n)");
    check_name("--testbed", options.testbed, "the name of the testbed this run drives (default: the topology's "
                                             "metadata.testbed)");
    auto inputs = options.replay ? load_replay_inputs(*options.replay, options.seed)
                                 : load_inputs(options.topology, options.config, options.seed);
    auto& config = *inputs.config;
    if (options.duration) {
        config.duration = parse_duration_flag(*options.duration);
    }
    apply_lcore_flags(options, config);
    record_flags(options, config);
    const auto schedule = schedule_for(config, inputs, options.duration.has_value());
    const auto directory = choose_run_directory(options, config, inputs.seed.value);
    // Listening before anything is stored or touched: an address that cannot be had is bad input.
    record::RunWatch watch;
    const auto metrics_server =
        options.metrics ? metrics::MetricsServer::start(metrics::parse_metrics_address(*options.metrics), watch)
                        : nullptr;
    const auto store_choice = store::store_location(options.store, config.output.directory);
    // The store is where the chain continues from, so a run that cannot
    // reach it stops here, before any interface is touched.
    std::string previous_hash;
    try {
        previous_hash = store::open_store(store_choice, store::Access::read_write)->latest_hash();
    } catch (const store::StoreError& error) {
        spdlog::error("{}; nothing was touched", error.what());
        return exit_error;
    }

    auto eal_args = config.eal_args;
    eal_args.insert(eal_args.end(), options.eal_args.begin(), options.eal_args.end());
    const auto toolkit = make_toolkit({config, std::move(eal_args), inputs.pairing.pairs.size()});
    // Before anything is touched: without them every step would ERROR with EPERM.
    if (const auto missing = toolkit->missing_privileges(inputs.pairing.pairs); !missing.empty()) {
        spdlog::error("hammer cannot run here: it lacks {}; run it as root with these capabilities. Nothing was "
                      "touched",
                      missing);
        return exit_error;
    }

    run::SteadyClock clock;
    auto recorder = record::Recorder::create(directory.path, clock);
    recorder->listen([&watch](const nlohmann::json& event) { watch.observe(event); });
    recorder->run_start(run::make_run_header(
        inputs.model, inputs.pairing.pairs, config, schedule,
        {directory.run_id, std::string{inputs.seed.source}, record::detect_executor(std::getenv),
         std::move(previous_hash), host_of(options, inputs.model), nlohmann::json(toolkit->software),
         inputs.replay_of}));
    signals.listen([&recorder](std::string_view name, unsigned count) {
        recorder->stop_requested(name, count);
        spdlog::warn("{}: {}", name,
                     count == 1 ? "stopping: steps under way end, then every interface is restored"
                                : "hurrying: no more verification or recovery; the restore still runs");
    });
    // Nothing changed from here on would be recorded: stop as on SIGINT, and
    // restore every interface from memory.
    std::stop_callback stop_on_journal_failure{recorder->failed(), [&signals] {
        spdlog::error("the journal can no longer be written: stopping; steps under way end, then every interface "
                      "is restored");
        signals.stop();
    }};
    spdlog::info("run {} ({} pairs, seed {} from {}) in {}", directory.run_id, inputs.pairing.pairs.size(),
                 inputs.seed.value, inputs.seed.source, directory.path.string());

    run::Tracker tracker{schedule, config};
    run::RunReport report;
    {
        run::LiveView view{tracker, watch, clock, stderr};
        report = run::Runner{inputs.pairing, config, schedule, *toolkit, clock, *recorder, tracker}.run(
            signals.stop_token(), signals.hurry_token());
    }
    signals.listen(nullptr);
    const auto journal_failure = recorder->failure();
    recorder.reset();

    // Interfaces were touched: whatever goes wrong from here is no bad input
    // (exit 3 means nothing was touched). A run directory removed under the
    // run, say, leaves no journal to read back.
    nlohmann::json uti;
    bool published = false;
    std::string traffic_table;
    try {
        uti = record::render_uti(record::read_journal(directory.path));
        published = output::publish_result(directory.path, uti, {config.output.junit, store_choice});
        traffic_table = output::render_traffic_table(report::read_run(uti, std::string{record::result_file_name}));
    } catch (const InputError& error) {
        spdlog::error("the run's journal could not be read back, so there is no result: {}", error.what());
        return exit_error;
    }
    std::cout << run::render_summary(tracker) << (traffic_table.empty() ? "" : "\n" + traffic_table) << "\nstatus "
              << operations::to_string(report.status) << (report.interrupted ? " (interrupted)" : "") << "; result "
              << (directory.path / "result.json").string() << "\n";
    if (report.restore_failures > 0) {
        spdlog::error("{} interface settings could not be restored: see the restore events in {}",
                      report.restore_failures, (directory.path / "journal.jsonl").string());
    }
    if (!journal_failure.empty()) {
        spdlog::error("the journal is incomplete: {}", journal_failure);
        return exit_error;
    }
    return published ? exit_code_of(report) : exit_error;
}

Command add_run_command(CLI::App& app, const run::ToolkitFactory& make_toolkit)
{
    auto options = std::make_shared<RunOptions>();
    auto* sub = app.add_subcommand("run", "Run every operation on every pair, then restore every interface");
    sub->add_option("topology", options->topology, "SUT specification (topology JSON)");
    sub->add_option("config", options->config, "Run config JSON");
    sub->add_option("eal", options->eal_args, "DPDK EAL arguments, after --");
    add_replay_option(*sub, options->replay);
    add_seed_option(*sub, options->seed, "Seed (overrides the config's)");
    sub->add_option("--duration", options->duration, "Run length, e.g. 90, 90s, 15m, 1h30m (overrides the config's)");
    sub->add_option("--lcores", options->lcores,
                    "Worker lcores: a count (4) or a CPU list (2-5,8) (overrides the config's)");
    sub->add_option("--placement", options->placement,
                    "Lcores per pair: dedicated or shared (overrides the config's; default: automatic)");
    sub->add_option("--queues", options->queues, "RX and TX queues per DPDK port, 1 to 64 (overrides the config's)");
    sub->add_option("--host", options->host, "The host name this run records (default: uname -n; a CI job in a "
                                             "container names its host here)");
    sub->add_option("--testbed", options->testbed,
                    "The testbed this run drives, recorded with the run (default: the topology's metadata.testbed)");
    sub->add_option("--out", options->out, "Run directory (default: a new one under the config's output directory)");
    sub->add_option(std::string{store::store_flag}, options->store, std::string{store::store_flag_help});
    sub->add_option(std::string{metrics::metrics_flag}, options->metrics,
                    "Serve Prometheus metrics at [ADDR:]PORT/metrics while the run lasts (ADDR: 127.0.0.1)");
    return Command{sub, [sub, options, make_toolkit] {
                       require_inputs_or_replay(*sub, options->replay);
                       return run_run(*options, make_toolkit);
                   }};
}

} // namespace hammer::cli
