#pragma once

#include "src/common/diagnostics.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace hammer::config {

/// Checks an operation-map entry against the catalog: the name must be known,
/// each given parameter known, of the right type and in range. Returns every
/// parameter of the operation with defaults filled in, or nothing when the name
/// is unknown. Problems are recorded at `name_pointer` / under `params_pointer`.
[[nodiscard]] std::optional<nlohmann::json> resolve_params(const std::string& name, const std::string& name_pointer,
                                                           const nlohmann::json* params,
                                                           const std::string& params_pointer,
                                                           Diagnostics& diagnostics);

} // namespace hammer::config
