#pragma once

#include "src/report/html.hpp"
#include "src/report/run_view.hpp"

#include <vector>

namespace hammer::report {

/// Several runs side by side, a row per run in the order given: run-id and
/// file, start, status, seed, topology, steps, the pass rate of each
/// operation-id (PASS among the steps that ran, SKIPs left out), traffic
/// totals and loss. Each row links to that run's sections below.
void render_comparison(Html& html, const std::vector<RunView>& runs);

} // namespace hammer::report
