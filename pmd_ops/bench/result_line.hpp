#pragma once

#include "pmd_ops/bench/bench_dpdk.hpp"
#include "pmd_ops/bench/bench_options.hpp"
#include "pmd_ops/bench/rate_window.hpp"
#include "pmd_ops/traffic.hpp"

#include <nlohmann/json.hpp>

#include <string_view>
#include <vector>

namespace hammer::pmd_ops::bench {

/// Which side of a window is the case's rate: what left (TX only) or what
/// arrived checked (pairs).
enum class Counted { tx, rx };

/// One result as scripts/bench.sh reads it, a JSON object on one line:
/// tool, case, driver, size, pps, bps (frame bits, no FCS), tx_pps, rx_pps,
/// duration_s, lcores, memory. Cases add their own fields (pairs, p99_ns, …).
[[nodiscard]] nlohmann::json result_line(std::string_view case_name, std::string_view driver,
                                         const BenchOptions& options, const BenchDpdk& dpdk, const Window& window,
                                         Counted counted);

/// Adds what the sequence checkers found on every direction of `reports`
/// (lost, reordered, duplicates, settled): a fast figure with loss is no figure.
void add_checks(nlohmann::json& line, const std::vector<TrafficReport>& reports);

/// The median of `values` (the mean of the two middle ones for an even count); 0 when empty.
[[nodiscard]] double median(std::vector<double> values);

} // namespace hammer::pmd_ops::bench
