#pragma once

#include "pmd_ops/mempool.hpp"
#include "pmd_ops/port.hpp"

#include <string>
#include <utility>

namespace hammer::pmd_ops::bench {

/// Probes `devargs` inside `netns` (empty: ours) and starts it with `queues`
/// queues each way, `descriptors` per ring, RX buffers from `pool`. The link
/// is not awaited: memif only comes up once both of its ends are started.
/// af_packet takes more than one queue only when its devargs say qpairs=N.
[[nodiscard]] Port open_port(const std::string& devargs, const std::string& netns, rte_mempool* pool,
                             std::uint16_t descriptors, std::uint16_t queues = 1);

/// Two ring ports joined back to back (Port::ring_pair) with `queues` rings
/// each way, started on `pool`.
[[nodiscard]] std::pair<Port, Port> open_ring_pair(const std::string& name, unsigned ring_size, rte_mempool* pool,
                                                   std::uint16_t queues = 1);

/// `devargs` for the `index`-th of several like devices: the device name's
/// trailing number replaced by `index` ("net_null0,size=64" → "net_null2,size=64").
[[nodiscard]] std::string indexed_devargs(const std::string& devargs, unsigned index);

/// Waits up to 5 s for the link; throws BenchError when it stays down.
void wait_link_up(const Port& port);

/// The driver's name ("net_memif"), for the result line.
[[nodiscard]] std::string driver_of(const Port& port);

/// A standard pool for `ports` ports of `queues_per_port` queues each way,
/// sized the way pmd_ops' runtime sizes its pools (pool_size): every RX and
/// TX descriptor may hold an mbuf, and each of the `workers` worker lcores
/// and the main lcore a cache. An in-process ring counts as TX descriptors;
/// the ring PMD fills no RX ring.
[[nodiscard]] Mempool make_pool(const std::string& name, unsigned ports, unsigned rx_descriptors,
                                unsigned tx_descriptors, unsigned queues_per_port = 1, unsigned workers = 1);

} // namespace hammer::pmd_ops::bench
