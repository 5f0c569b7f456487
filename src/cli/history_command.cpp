#include "src/cli/history_command.hpp"

#include "src/cli/exit_codes.hpp"
#include "src/config/run_config.hpp"
#include "src/store/store_location.hpp"
#include "src/store/verify.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <iostream>
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

void print_table(const std::vector<store::RunRow>& runs, const std::vector<store::ChainLink>& links)
{
    using Row = std::array<std::string, 8>;
    std::vector<Row> rows = {{"#", "started", "run-id", "topology", "seed", "verdict", "hash", "previous"}};
    std::set<std::pair<std::string, std::string>> seen;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const auto& run = runs[i];
        // A run rendered again into a different document is stored again.
        const bool again = !seen.emplace(run.run_id, run.start_time).second;
        rows.push_back({"#" + std::to_string(run.position), run.start_time, run.run_id + (again ? " (again)" : ""),
                        run.network_id, run.seed, verdict(run), run.hash.substr(0, shown_hash_digits),
                        previous_cell(links[i])});
    }
    std::array<std::size_t, 8> widths{};
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

json runs_json(const std::vector<store::RunRow>& runs, const std::vector<store::ChainLink>& links)
{
    json list = json::array();
    for (std::size_t i = 0; i < runs.size(); ++i) {
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
                        {"previous-position", linked ? json(links[i].from) : json(nullptr)}});
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
    // Without --store: the store of a config that keeps the default output directory.
    const auto location = store::store_location(options.store, config::OutputOptions{}.directory);
    try {
        const auto result_store = store::open_store(location, store::Access::read_only);
        const auto runs = result_store->runs();
        const auto links = store::chain_links(runs);
        const auto problems = options.verify ? store::verify_store(*result_store) : std::vector<store::Problem>{};
        if (options.json) {
            json out = {{"store", location.name}, {"runs", runs_json(runs, links)}};
            if (options.verify) {
                out["verification"] = {{"intact", problems.empty()}, {"problems", problems_json(problems)}};
            }
            std::cout << out.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
        } else {
            if (runs.empty()) {
                std::cout << location.name << ": no runs stored\n";
            } else {
                print_table(runs, links);
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
    return Command{sub, [options] { return run_history(*options); }};
}

} // namespace hammer::cli
