#pragma once

// The skeleton of every change that needs both ports of a pair stopped
// (queue and descriptor counts, MTU with RX pools, link speeds, reset): stop
// b then a, change, start a then b, with the waits memif needs. Written once
// for the ethdev backend, the reconfigurations under traffic and jumbo_frame.

#include "pmd_ops/port.hpp"

#include <chrono>
#include <optional>

namespace hammer::pmd_ops {

/// What stop_pair left, for start_pair to undo.
struct StoppedPair {
    bool a_started = false; ///< a was started before
    bool b_started = false;
    bool memif = false;     ///< both ends are memif: connecting takes waits
    std::optional<Error> failure; ///< a stop that failed; start_pair still restarts what stopped
};

/// Stops b, then a, those that were started. b goes first and a comes back
/// first: a memif pair's client (b in the topologies here) then finds its
/// server listening when it starts. memif connects and tears down in EAL's
/// interrupt thread, and a stop in the middle of either frees what that
/// thread uses (measured: 4 crashes in 6 runs of back-to-back changes,
/// "PANIC in eal_intr_thread_main()"): a connection under way is let finish
/// first, and a waits to see b's hangup before it stops.
[[nodiscard]] StoppedPair stop_pair(Port& a, Port& b);

/// Starts a, then b, as they were before stop_pair, whatever happened in
/// between (a refused change leaves a port as it was); with memif, returns
/// once both are connected again or `link_timeout` passed, so that the next
/// change does not meet a handshake under way. The first failure: stop_pair's,
/// else a start's.
Result<void> start_pair(Port& a, Port& b, const StoppedPair& stopped, std::chrono::milliseconds link_timeout);

} // namespace hammer::pmd_ops
