#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace hammer::report {

/// Milliseconds since the Unix epoch of a result timestamp,
/// "2026-11-22T10:15:00.123Z" (ISO 8601, UTC, milliseconds optional).
/// Nothing for text of any other form. Recoveries and lost endpoints carry
/// only wall-clock timestamps; the report places them on the run clock by
/// subtracting the run's start_time.
[[nodiscard]] std::optional<std::int64_t> parse_timestamp_ms(std::string_view text);

} // namespace hammer::report
