#pragma once

#include "src/report/html.hpp"
#include "src/report/run_view.hpp"

#include <string>

namespace hammer::report {

/// Per pair, each throughput_search (NDRPDR) and mrr (MRR) result: the
/// bounds per threshold, latency at shares of the PDR, the received rates,
/// every trial, and which operations ran on the other pairs meanwhile (from
/// the steps' times): the stress the figure was found under.
void render_throughput(Html& html, const RunView& run, const std::string& id_prefix);

} // namespace hammer::report
