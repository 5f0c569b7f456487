#pragma once

#include "src/report/html.hpp"
#include "src/report/run_view.hpp"

#include <cstddef>
#include <string>

namespace hammer::report {

/// A history longer than this shows its first and last max_history_rows / 2
/// entries with a note of how many were left out: a day-long soak records
/// hundreds of thousands of commands, and the report must stay a file a
/// browser opens. result.json keeps them all.
inline constexpr std::size_t max_history_rows = 500;

/// Every node's command-history[] on one list, in time order: the equivalent
/// ip/ethtool command, its return code (non-zero stands out) and response.
void render_commands(Html& html, const RunView& run, const std::string& id_prefix);

/// Every node's state[] on one list, in time order: snapshots, states
/// operations observed, recoveries, losses, restores.
void render_states(Html& html, const RunView& run, const std::string& id_prefix);

} // namespace hammer::report
