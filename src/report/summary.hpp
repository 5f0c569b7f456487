#pragma once

#include "src/report/html.hpp"
#include "src/report/run_view.hpp"

#include <cstddef>
#include <string>

namespace hammer::report {

/// The steps that FAILed or ERRORed listed under the summary, at most this
/// many: a run where everything failed needs its first failures, not all.
inline constexpr std::size_t max_problem_rows = 50;

/// The run's verdict and why, what was run and how to repeat it (seed,
/// topology, config), step counts, traffic totals, and the failed steps.
void render_summary(Html& html, const RunView& run, const std::string& id_prefix);

/// One flow of test.results.total as table cells: sent, received, lost, loss
/// ratio, throughput in pps and bps, latency avg. Shared by the comparison.
void flow_cells(Html& html, const Flow& flow);

} // namespace hammer::report
