#pragma once

#include "src/cli/command.hpp"
#include "src/run/toolkit.hpp"

#include <optional>
#include <string>

namespace hammer::cli {

/// Puts back, from the journal of the run in `run_directory`, every interface
/// setting that run changed and did not restore (it crashed or was killed).
/// exit_pass when all were restored or there was nothing left to do,
/// exit_error when one failed; InputError for a missing or broken journal.
int run_restore(const std::string& run_directory, const run::ToolkitFactory& make_toolkit);

/// `hammer restore --out DIR`.
Command add_restore_command(CLI::App& app, const run::ToolkitFactory& make_toolkit);

/// Writes result.json and junit.xml of the run in `run_directory` from its
/// journal, after a crash or again after a change of hammer, and stores the
/// run (`store_flag`: --store, else the default store of the run's config).
/// exit_pass, or exit_error when junit.xml or the store failed; InputError
/// for a broken journal or a bad --store.
int run_render(const std::string& run_directory, const std::optional<std::string>& store_flag);

/// `hammer render --out DIR [--store URL]`.
Command add_render_command(CLI::App& app);

} // namespace hammer::cli
