#pragma once

#include "src/store/result_store.hpp"

#include <nlohmann/json.hpp>

namespace hammer::store {

/// The rows a result document (docs/uti.md) is stored as — run, steps per
/// pair, counters and devices per termination point — and the document's text. Storing
/// and verifying both derive rows here, so a verified row is one that this
/// function would have written. Throws std::invalid_argument naming the JSON
/// pointer of a member that is missing or of the wrong type, or of a
/// `version` newer than this hammer reads (record::result_version_problem).
[[nodiscard]] RunRecord record_of(const nlohmann::json& uti);

} // namespace hammer::store
