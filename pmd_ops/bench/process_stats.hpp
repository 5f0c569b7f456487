#pragma once

#include <cstdint>

namespace hammer::pmd_ops::bench {

/// Seconds since this process was started (exec), from /proc/self/stat's
/// start time on the boot clock: shared-library loading counts too. The
/// kernel keeps the start in clock ticks, so it resolves 10 ms at USER_HZ 100.
[[nodiscard]] double seconds_since_process_start();

/// The peak resident set size (VmHWM of /proc/self/status) in KiB; 0 when unreadable.
[[nodiscard]] std::uint64_t peak_rss_kib();

} // namespace hammer::pmd_ops::bench
