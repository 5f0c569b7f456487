#pragma once

#include "src/report/run_view.hpp"

#include <string>

namespace hammer::output {

/// The end-of-run traffic table, one row per pair and direction that
/// carried traffic, from the result document as the report reads it (so the
/// console shows what result.json holds):
///
///     pair    direction   rx rate      bit rate      loss                  p99 latency   outage
///     pair0   forward     1.23 Mpps    984 Mbit/s    0.0100 % (12 lost)    12.3 µs       2 × 350 ms
///
/// rx rate and bit rate: received packets and bits over the time the pair's
/// traffic steps ran in that direction (Σ rx ÷ Σ duration, as
/// test.results.total computes them per run); loss: Σ lost ÷ Σ sent; p99
/// latency: the worst p99 of the direction's steps; outage: the pair's
/// control changes that cost it traffic, counted, and their outage time
/// summed (on the pair's first row). Empty when no pair carried traffic.
[[nodiscard]] std::string render_traffic_table(const report::RunView& run);

} // namespace hammer::output
