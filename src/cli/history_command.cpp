#include "src/cli/history_command.hpp"

#include "src/cli/exit_codes.hpp"
#include "src/cli/name_flag.hpp"
#include "src/common/diagnostics.hpp"
#include "src/common/text.hpp"
#include "src/config/run_config.hpp"
#include "src/store/store_location.hpp"
#include "src/store/verify.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <iostream>
#include <map>
#include <set>

namespace hammer::cli {
namespace {

using nlohmann::json;

/// Enough of a hash to tell runs apart in a table; --json has them whole.
constexpr std::size_t shown_hash_digits = 12;

/// "#3" for a run its previous_hash names, "-" for "" (nothing before it),
/// "?" for a hash no earlier run has.
std::string previous_cell(const store::ChainLink& link)
{
    switch (link.link) {
    case store::Link::first:
        return "-";
    case store::Link::dangling:
        return "?";
    case store::Link::follows:
    case store::Link::branches:
        break;
    }
    return link.from == 0 ? "-" : "#" + std::to_string(link.from);
}

std::string verdict(const store::RunRow& run)
{
    return run.status + (run.interrupted ? " (interrupted)" : "") + (run.restored ? "" : " (not restored)");
}

using Devices = std::map<std::int64_t, std::vector<store::DeviceRow>>;

/// The run's drivers, each once, in the order of its devices: "veth", "ice,net_af_packet".
std::vector<std::string> drivers_of(const Devices& devices, std::int64_t position)
{
    const auto found = devices.find(position);
    return found == devices.end() ? std::vector<std::string>{} : store::drivers_of(found->second);
}

std::string driver_list(const std::vector<std::string>& names)
{
    std::string text;
    for (const auto& name : names) {
        text += (text.empty() ? "" : ",") + name;
    }
    return text.empty() ? "-" : text;
}

void print_table(const std::vector<std::size_t>& shown, const std::vector<store::RunRow>& runs,
                 const std::vector<store::ChainLink>& links, const Devices& devices)
{
    using Row = std::array<std::string, 11>;
    std::vector<Row> rows = {
        {"#", "started", "run-id", "topology", "host", "testbed", "drivers", "seed", "verdict", "hash", "previous"}};
    std::set<std::pair<std::string, std::string>> seen;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const auto& run = runs[i];
        // A run rendered again into a different document is stored again.
        const bool again = !seen.emplace(run.run_id, run.start_time).second;
        if (!std::binary_search(shown.begin(), shown.end(), i)) {
            continue;
        }
        rows.push_back({"#" + std::to_string(run.position), run.start_time, run.run_id + (again ? " (again)" : ""),
                        run.network_id, run.host.empty() ? "-" : run.host, run.testbed.empty() ? "-" : run.testbed,
                        driver_list(drivers_of(devices, run.position)), run.seed, verdict(run),
                        run.hash.substr(0, shown_hash_digits), previous_cell(links[i])});
    }
    std::array<std::size_t, 11> widths{};
    for (const auto& row : rows) {
        for (std::size_t c = 0; c < row.size(); ++c) {
            widths[c] = std::max(widths[c], row[c].size());
        }
    }
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t c = 0; c < row.size(); ++c) {
            line += row[c];
            if (c + 1 < row.size()) {
                line += std::string(widths[c] - row[c].size() + 2, ' ');
            }
        }
        std::cout << line << "\n";
    }
}

/// The seed as the number it is; text only if a hand-edited row holds something else.
json seed_json(const std::string& digits)
{
    auto seed = json::parse(digits, nullptr, false);
    return seed.is_number_unsigned() ? seed : json(digits);
}

json devices_json(const Devices& devices, std::int64_t position)
{
    json list = json::array();
    const auto found = devices.find(position);
    if (found == devices.end()) {
        return list;
    }
    for (const auto& device : found->second) {
        list.push_back({{"node-id", device.node_id},
                        {"tp-id", device.tp_id},
                        {"backend", device.backend},
                        {"driver", device.driver},
                        {"driver-version", device.driver_version},
                        {"firmware-version", device.firmware_version},
                        {"bus-info", device.bus_info},
                        {"pci-id", device.pci_id}});
    }
    return list;
}

json runs_json(const std::vector<std::size_t>& shown, const std::vector<store::RunRow>& runs,
               const std::vector<store::ChainLink>& links, const Devices& devices)
{
    json list = json::array();
    for (const std::size_t i : shown) {
        const auto& run = runs[i];
        const bool linked = (links[i].link == store::Link::follows || links[i].link == store::Link::branches) &&
                            links[i].from != 0;
        list.push_back({{"position", run.position},
                        {"run-id", run.run_id},
                        {"start-time", run.start_time},
                        {"end-time", run.end_time},
                        {"topology-file", run.topology_file},
                        {"network-id", run.network_id},
                        {"config-file", run.config_file},
                        {"seed", seed_json(run.seed)},
                        {"status", run.status},
                        {"interrupted", run.interrupted},
                        {"restored", run.restored},
                        {"hash", run.hash},
                        {"previous-hash", run.previous_hash},
                        {"previous-position", linked ? json(links[i].from) : json(nullptr)},
                        {"host", run.host},
                        {"testbed", run.testbed},
                        {"kernel-release", run.kernel_release},
                        {"cpu-model", run.cpu_model},
                        {"hammer-version", run.hammer_version},
                        {"dpdk-version", run.dpdk_version},
                        {"devices", devices_json(devices, run.position)}});
    }
    return list;
}

json problems_json(const std::vector<store::Problem>& problems)
{
    json list = json::array();
    for (const auto& problem : problems) {
        list.push_back({{"position", problem.position}, {"run-id", problem.run_id}, {"problem", problem.what}});
    }
    return list;
}

void print_verification(std::size_t run_count, const std::vector<store::Problem>& problems)
{
    for (const auto& problem : problems) {
        std::cout << "run " << problem.run_id << " (#" << problem.position << "): " << problem.what << "\n";
    }
    if (problems.empty()) {
        std::cout << "verified " << run_count
                  << " runs: every document matches its hash, every row its document, and every previous_hash "
                     "names a run stored before it\n";
    } else {
        std::cout << "verification failed: " << problems.size() << (problems.size() == 1 ? " problem\n" : " problems\n");
    }
}

} // namespace

int run_history(const HistoryOptions& options)
{
    check_run_filter(options.filter);
    // Without --store: the store of a config that keeps the default output directory.
    const auto location = store::store_location(options.store, config::OutputOptions{}.directory);
    try {
        const auto result_store = store::open_store(location, store::Access::read_only);
        const auto runs = result_store->runs();
        const auto devices = result_store->devices();
        // Links over every run, so "previous" names the right run whatever is shown.
        const auto links = store::chain_links(runs);
        std::vector<std::size_t> shown;
        const std::vector<store::DeviceRow> no_devices;
        for (std::size_t i = 0; i < runs.size(); ++i) {
            const auto found = devices.find(runs[i].position);
            if (store::matches(options.filter, runs[i], found == devices.end() ? no_devices : found->second)) {
                shown.push_back(i);
            }
        }
        const auto problems = options.verify ? store::verify_store(*result_store) : std::vector<store::Problem>{};
        if (options.json) {
            json out = {{"store", location.name}, {"runs", runs_json(shown, runs, links, devices)}};
            if (options.verify) {
                out["verification"] = {{"intact", problems.empty()}, {"problems", problems_json(problems)}};
            }
            std::cout << out.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
        } else {
            if (runs.empty()) {
                std::cout << location.name << ": no runs stored\n";
            } else if (shown.empty()) {
                std::cout << location.name << ": none of its " << runs.size() << " runs matches\n";
            } else {
                print_table(shown, runs, links, devices);
            }
            if (options.verify) {
                print_verification(runs.size(), problems);
            }
        }
        return problems.empty() ? exit_pass : exit_fail;
    } catch (const store::StoreError& error) {
        spdlog::error("{}", error.what());
        return exit_error;
    }
}

Command add_history_command(CLI::App& app)
{
    auto options = std::make_shared<HistoryOptions>();
    auto* sub = app.add_subcommand("history", "List the runs of a result store and verify their hash chain");
    sub->add_option(std::string{store::store_flag}, options->store,
                    "Result store: a SQLite file or sqlite:PATH, postgresql://… or host=… dbname=… (libpq); "
                    "default: results/hammer.db");
    sub->add_flag("--verify", options->verify,
                  "Check every stored document against its hash and its rows, and the chain of previous_hash");
    sub->add_flag("--json", options->json, "Print the runs (and the verification) as JSON");
    sub->add_option("--host", options->filter.host, "Only runs on this host (its name, exactly)");
    sub->add_option("--testbed", options->filter.testbed, "Only runs on this testbed (its name, exactly)");
    sub->add_option("--driver", options->filter.driver,
                    "Only runs with a device of this driver (exactly: veth, tun, ice, net_af_packet…)");
    return Command{sub, [options] { return run_history(*options); }};
}

} // namespace hammer::cli
