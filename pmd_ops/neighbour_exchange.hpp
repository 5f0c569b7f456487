#pragma once

// The reachability check between the two DPDK-only ports of a pair, which
// have no IP stack to answer ARP or neighbour discovery: hammer speaks for
// both. One port asks who has the peer's address (an ARP request for IPv4,
// a neighbour solicitation for IPv6), the peer port receives the question
// and answers with its MAC (to the Ethernet broadcast address, which every
// port takes), and the asking port must receive that answer:
// each direction of the wiring carried a frame, and the answer names the
// peer's MAC, as the kernel's neighbour entry does for a kernel interface.

#include "pmd_ops/frame.hpp"
#include "pmd_ops/port.hpp"
#include "pmd_ops/result.hpp"
#include "src/topology/interface_settings.hpp"

#include <chrono>

struct rte_mempool;

namespace hammer::pmd_ops {

/// What the exchange saw.
struct NeighbourAnswer {
    MacAddress mac{};                  ///< the sender MAC of the answer the asking port received
    unsigned requests = 0;             ///< questions sent
    std::chrono::milliseconds took{0}; ///< from the first question to the answer
};

/// Asks from `from` (as `source`) for `target`, answering on `to`'s behalf
/// with `to`'s MAC, every `interval` until `from` receives the answer or
/// `timeout` passes (ETIMEDOUT, saying whether `to` ever saw the question).
/// Frames come from `pool`. Both ports must be started and polled by no
/// lcore meanwhile: it runs before the pair's first step. Frames that are
/// not part of the exchange are dropped.
[[nodiscard]] Result<NeighbourAnswer> exchange_neighbours(Port& from, Port& to, rte_mempool* pool,
                                                          const topology::IpAddress& source,
                                                          const topology::IpAddress& target,
                                                          std::chrono::milliseconds timeout = std::chrono::seconds{3},
                                                          std::chrono::milliseconds interval =
                                                              std::chrono::milliseconds{200});

} // namespace hammer::pmd_ops
