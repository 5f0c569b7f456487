#pragma once

#include "src/config/run_config.hpp"
#include "src/schedule/schedule.hpp"
#include "src/topology/pairing.hpp"

#include <nlohmann/json.hpp>

#include <iosfwd>
#include <vector>

namespace hammer::schedule {

/// Width of the text timeline in columns: fits an 80-column terminal with the pair labels.
inline constexpr std::size_t timeline_columns = 64;

/// Per pair a table (start, end, loop, operation), then all pairs on one time
/// axis, one letter per operation, so the overlap windows are visible before a run.
void render_plan_text(const Schedule& schedule, const config::RunConfig& config,
                      const std::vector<topology::Pair>& pairs, std::ostream& out);

/// The same for machines: seed, mode, duration, operations, and per pair its
/// endpoints, shape, phase and slots (milliseconds).
[[nodiscard]] nlohmann::json plan_to_json(const Schedule& schedule, const config::RunConfig& config,
                                          const std::vector<topology::Pair>& pairs);

/// The text timeline alone: one row per pair.
[[nodiscard]] std::vector<std::string> timeline_rows(const Schedule& schedule, std::size_t columns);

/// The letter that stands for operation `index` in the timeline.
[[nodiscard]] char operation_symbol(std::size_t index) noexcept;

} // namespace hammer::schedule
