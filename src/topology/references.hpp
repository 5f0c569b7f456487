#pragma once

#include "src/common/diagnostics.hpp"

#include <nlohmann/json.hpp>

#include <string_view>

namespace hammer::topology {

/// The member by which an object pulls in a dictionary from the top-level `reference`.
inline constexpr std::string_view reference_member = "$ref";

/// Returns `document` with every object that holds "$ref" replaced by the
/// referenced dictionary (or dictionaries, merged left to right, when "$ref" is an
/// array of ids), with the object's own members merged on top: objects merge key
/// by key, anything else replaces. References may use references; a cycle, an
/// unknown id or a referenced value that is not an object is recorded in
/// `diagnostics` at the pointer of the "$ref" member. The `reference` section
/// itself is left as written.
[[nodiscard]] nlohmann::json expand_references(const nlohmann::json& document, Diagnostics& diagnostics);

} // namespace hammer::topology
