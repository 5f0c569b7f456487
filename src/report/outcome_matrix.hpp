#pragma once

#include "src/report/html.hpp"
#include "src/report/outcomes.hpp"
#include "src/report/run_view.hpp"

#include <string>
#include <vector>

namespace hammer::report {

/// Step outcomes counted per pair and operation-id.
struct OutcomeMatrix {
    std::vector<std::string> operations; ///< operation-ids in the order they first ran
    std::vector<std::string> pairs;
    std::vector<std::vector<OutcomeCounts>> cells; ///< [pair][operation]
    std::vector<OutcomeCounts> operation_totals;   ///< [operation], over all pairs
    std::vector<OutcomeCounts> pair_totals;        ///< [pair], over all operations
    OutcomeCounts total;
};

[[nodiscard]] OutcomeMatrix outcome_matrix(const RunView& run);

/// The matrix as a table: a row per pair, a column per operation, each cell
/// its P/F/E/S counts coloured by the worst outcome, totals at the ends.
void render_outcome_matrix(Html& html, const RunView& run, const std::string& id_prefix);

} // namespace hammer::report
