#pragma once

#include "src/topology/model.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace hammer::topology {

/// Reads, expands and validates a SUT specification. Throws InputError listing
/// every problem, each with the file and the JSON pointer of the bad value.
[[nodiscard]] Model load_topology(const std::filesystem::path& path);

/// The same for a document already parsed; `file` names it in messages.
[[nodiscard]] Model load_topology(const nlohmann::json& document, const std::string& file);

} // namespace hammer::topology
