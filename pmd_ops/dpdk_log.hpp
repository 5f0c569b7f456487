#pragma once

namespace hammer::pmd_ops {

/// Sends DPDK's log (EAL, PMDs, libraries) through hammer's logger: each
/// line is logged by spdlog's default logger as "dpdk: <line>" at the level
/// that matches DPDK's own (CRIT and worse: critical, ERR: error, WARNING:
/// warn, NOTICE and INFO: info, DEBUG: debug), so no raw DPDK line reaches
/// stderr between the live view's lines and DPDK's lines no longer go to
/// syslog. Call it before rte_eal_init; later calls do nothing. Which lines
/// DPDK writes at all is set by eal_log_level().
void route_dpdk_log_to_logger();

/// The EAL --log-level argument that matches hammer's logger: DPDK stays
/// quiet (critical lines only) unless hammer runs with -v (notice and
/// worse) or -vv (everything, debug included). hammer reports the errors
/// it meets itself, with the failing call and its errno; DPDK's explanation
/// of them is for -v.
[[nodiscard]] const char* eal_log_level();

} // namespace hammer::pmd_ops
