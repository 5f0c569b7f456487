#pragma once

#include <chrono>
#include <string>

namespace hammer::record {

/// "2026-11-22T10:15:00.123Z": ISO 8601 in UTC with milliseconds, the form
/// every timestamp of the journal and the result takes.
[[nodiscard]] std::string format_timestamp(std::chrono::system_clock::time_point time);

} // namespace hammer::record
