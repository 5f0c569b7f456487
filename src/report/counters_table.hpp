#pragma once

#include "src/report/html.hpp"
#include "src/report/run_view.hpp"

#include <string>

namespace hammer::report {

/// test.results.node as a table: per termination point, each counter with
/// its rx and tx sums. Non-zero error, drop, miss and loss counters stand out.
void render_counters(Html& html, const RunView& run, const std::string& id_prefix);

} // namespace hammer::report
