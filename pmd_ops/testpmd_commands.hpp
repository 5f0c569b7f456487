#pragma once

// testpmd's own commands for what hammer does to a port through ethdev:
// command-history records them, one per line, so that a change can be
// replayed in testpmd (DPDK 22.11 testpmd_funcs.rst). Never executed.

#include "pmd_ops/port.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace hammer::pmd_ops::testpmd {

/// "port stop N"
[[nodiscard]] std::string port_stop(const Port& port);
/// "port start N"
[[nodiscard]] std::string port_start(const Port& port);

/// "port config mtu N M"
[[nodiscard]] std::string port_mtu(const Port& port, std::uint32_t mtu);

/// "port config all rxq R\nport config all txq T": testpmd 22.11 sets queue
/// counts only for every port at once, and wants them stopped first.
[[nodiscard]] std::string queue_counts(std::uint32_t rx, std::uint32_t tx);

/// "port config N rxq Q ring_size R" for each RX queue of `port`, then the
/// same for its TX queues: per port and queue, applied at the next start
/// (`port config all rxd|txd` would change every port).
[[nodiscard]] std::string ring_sizes(const Port& port, std::uint32_t rx, std::uint32_t tx);

/// "set promisc N on|off"
[[nodiscard]] std::string promiscuous(const Port& port, bool on);
/// "set allmulti N on|off"
[[nodiscard]] std::string all_multicast(const Port& port, bool on);
/// From the port's multicast list `now` to `wanted`: "mcast_addr remove N MAC"
/// for each MAC leaving it, then "mcast_addr add N MAC" for each one joining.
[[nodiscard]] std::string multicast_list(const Port& port, const std::vector<MacAddress>& now,
                                         const std::vector<MacAddress>& wanted);
/// "02:48:4d:00:00:01"
[[nodiscard]] std::string mac_text(const MacAddress& mac);

} // namespace hammer::pmd_ops::testpmd
