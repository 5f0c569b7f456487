#pragma once

#include "src/report/run_view.hpp"

#include <nlohmann/json.hpp>

namespace hammer::report {

/// One entry of test.results.pairs[].throughput[]. Lenient: a member that
/// is missing or of another type is left at its default, so a result of a
/// later hammer with more in it, or less, still shows what it has.
[[nodiscard]] ThroughputResult read_throughput_result(const nlohmann::json& entry);

} // namespace hammer::report
