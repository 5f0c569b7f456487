#pragma once

#include "src/report/report.hpp"

#include <cstdint>
#include <filesystem>

namespace hammer::report {

/// Result files larger than this are refused before reading. A day-long soak
/// with per-second samples of several pairs runs to tens of MiB, far beyond
/// the 16 MiB that topology and config files may have.
inline constexpr std::uintmax_t max_result_file_bytes = std::uintmax_t{1} << 30;

/// Reads a result document for the report: `path` is a result.json, or a run
/// directory holding one. Throws InputError naming the file for one that is
/// missing, unreadable, too large or not valid JSON (with line and column).
[[nodiscard]] ReportInput read_result_file(const std::filesystem::path& path);

} // namespace hammer::report
