#pragma once

// What a run does to the pairs' interfaces after the pre-test snapshots and
// before the first step: the topology's configuration.start-up, then a check
// that each pair's ends reach each other (docs/topology.md, "Configuration").

#include "src/config/run_config.hpp"
#include "src/operations/endpoint_backend.hpp"
#include "src/run/endpoints.hpp"

#include <array>
#include <stop_token>
#include <string_view>
#include <vector>

namespace hammer::run {

class Clock;

/// Applies `settings` to `touched`, an end of `pair`, through every backend
/// that snapshotted it, and journals a state `state_id` ("start-up", "run-time") on it:
/// {"settings", "ignored", "outcome", "message"}. ERROR when a backend
/// refused something; PASS when one applied it; SKIP when none applies
/// such settings. Nothing is journaled when there is nothing to apply or note.
operations::Verdict configure_endpoint(const topology::Pair& pair, const TouchedEndpoint& touched,
                                       const topology::InterfaceSettings& settings, std::string_view state_id,
                                       record::Recorder& recorder);

/// The ways `from` must reach `to` before the run: to each address the
/// start-up gives `to`'s interface from the address of `from`'s in the same
/// subnet, and the same through each VLAN both give the same id. Between
/// ends that both have a kernel interface, or that are both DPDK-only
/// (their own addresses; a DPDK port has no VLAN interfaces).
[[nodiscard]] std::vector<operations::ReachPath> reach_paths(const topology::TerminationPoint& from,
                                                             const topology::TerminationPoint& to);

/// Checks every reach path both ways between a pair's ends, each through the
/// backends of its sending end, journaling a state "reachability" per path:
/// {"to": {"node-id", "tp-id"}, "from-ifname", "to-ifname", "address",
/// "from-address", "outcome", "message"}. The first failure is the result.
operations::Verdict check_reachability(const topology::Pair& pair, std::array<TouchedEndpoint*, 2> ends,
                                       record::Recorder& recorder);

/// Start-up configuration and reachability for every pair, the pairs side
/// by side. A pair whose ends cannot be configured or do not reach each
/// other goes through recovery (which restores the snapshot and applies the
/// start-up again) and is checked once more; a pair still failing has its
/// endpoints marked lost, so its steps are ERROR and the other pairs go on.
void set_up_pairs(const std::vector<topology::Pair>& pairs, std::vector<TouchedEndpoint>& endpoints,
                  const config::RecoveryPolicy& policy, Clock& clock, record::Recorder& recorder,
                  std::stop_token stop);

} // namespace hammer::run
