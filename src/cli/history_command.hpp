#pragma once

#include "src/cli/command.hpp"
#include "src/store/run_filter.hpp"

#include <optional>
#include <string>

namespace hammer::cli {

struct HistoryOptions {
    std::optional<std::string> store; ///< --store; default: results/hammer.db, the default config's store
    bool verify = false;
    bool json = false;
    store::RunFilter filter; ///< --host, --testbed, --driver: only the runs that match all
};

/// Lists the runs of a result store, oldest first: date, topology, host,
/// testbed, drivers, seed, verdict, hash, and the run its previous_hash names;
/// with --host, --testbed and --driver only the runs that match all (exact names). With
/// `verify`, checks the whole history (store::verify_store), whatever the
/// filters, and names every run that does not hold up. exit_pass; exit_fail
/// when verification found a problem; exit_error when the store cannot be
/// read; InputError for a bad --store, --host or --driver.
int run_history(const HistoryOptions& options);

/// `hammer history [--store URL] [--host NAME] [--testbed NAME] [--driver NAME] [--verify] [--json]`.
Command add_history_command(CLI::App& app);

} // namespace hammer::cli
