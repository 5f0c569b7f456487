#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace hammer::testing {

/// Every event of the journal at `path` named `event` ("command", "state",
/// "outage", ...), in journal order; lines that do not parse are skipped.
[[nodiscard]] std::vector<nlohmann::json> journal_events(const std::filesystem::path& path, const std::string& event);

/// The "command" events whose command line is exactly `command`.
[[nodiscard]] std::vector<nlohmann::json> journal_commands(const std::filesystem::path& path,
                                                           const std::string& command);

} // namespace hammer::testing
