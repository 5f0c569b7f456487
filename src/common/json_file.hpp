#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
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

/// Why `path` cannot be read as an input file, as a message says it ("cannot
/// read: a link loop", "cannot read: no such file", …); nullopt when it can.
[[nodiscard]] std::optional<std::string> unreadable_file(const std::filesystem::path& path);

/// How messages name `path`: "''" for an empty one, which would print as nothing.
[[nodiscard]] std::string path_name(const std::filesystem::path& path);

/// Throws InputError naming `flag` when `value` is empty: an empty path is
/// never what a user meant, and would be taken as the current directory.
void require_path(std::string_view flag, const std::string& value, std::string_view what);

/// Parses JSON text that claims to come from `file_name` (used by tests and by
/// the file reader alike). Throws InputError for text that is not JSON or
/// nests deeper than max_nesting_depth, naming the line and column.
[[nodiscard]] nlohmann::json parse_json_text(std::string_view text, const std::string& file_name);

} // namespace hammer
