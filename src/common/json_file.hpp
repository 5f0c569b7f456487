#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace hammer {

/// Inputs larger than this are refused before parsing: no topology or run
/// config is anywhere near it, and a runaway file should fail fast, not eat memory.
inline constexpr std::uintmax_t max_input_file_bytes = 16U * 1024U * 1024U;

/// Arrays and objects nested deeper than this are refused before parsing:
/// copying, merging and printing a document recurse once per level, so a
/// file of a hundred thousand '[' would overflow the stack, and no topology
/// or config comes near a dozen levels.
inline constexpr std::size_t max_nesting_depth = 256;

/// Reads and parses a JSON input file. Throws InputError naming the file and,
/// for a syntax error, the line and column (never nlohmann's raw exception text).
[[nodiscard]] nlohmann::json read_json_file(const std::filesystem::path& path);

/// Parses JSON text that claims to come from `file_name` (used by tests and by
/// the file reader alike). Throws InputError for text that is not JSON or
/// nests deeper than max_nesting_depth, naming the line and column.
[[nodiscard]] nlohmann::json parse_json_text(std::string_view text, const std::string& file_name);

} // namespace hammer
