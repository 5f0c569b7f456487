#pragma once

#include "src/report/run_view.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace hammer::report {

/// Reads what the report shows of a result document (docs/uti.md) that came
/// from `file_name`. Required: test.metadata.test_execution.status and
/// start_time, test.metadata.hammer.run-id, and test.results.pairs with each
/// pair's pair-id and steps (operation-id, outcome, start-ms, planned-ms,
/// actual-ms). Everything else is drawn when present and left out when absent
/// (older results have no traffic[] or samples[]); a member that is present
/// with the wrong type is an error all the same. Throws InputError naming
/// `file_name` and the JSON pointer of each problem; in an array only the
/// first bad entry is reported, so a day-long run with one systematic fault
/// gives a short message.
[[nodiscard]] RunView read_run(const nlohmann::json& document, const std::string& file_name);

} // namespace hammer::report
