#pragma once

#include "src/report/html.hpp"
#include "src/report/run_view.hpp"

#include <string>

namespace hammer::report {

/// Per pair, over the run's time axis: throughput (packets per second,
/// forward and reverse) from the per-second samples, or from the traffic
/// measurements when there are none, and latency (average, p99 when
/// measured) per measurement. Pairs without traffic say so, and why.
void render_traffic_charts(Html& html, const RunView& run, const std::string& id_prefix);

} // namespace hammer::report
