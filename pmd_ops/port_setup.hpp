#pragma once

// Applies a DPDK-only termination point's configuration.start-up (and each
// run-time entry) to its ethdev port, as kernel_ops/interface_setup does for
// a kernel interface: what an ethdev port has of it (MTU, link, promiscuous
// and all-multicast mode, a multicast MAC list), each change as testpmd's
// command in command-history, then read back.

#include "pmd_ops/ethdev_port.hpp"
#include "pmd_ops/frame.hpp"
#include "src/operations/outcome.hpp"
#include "src/record/recorder.hpp"
#include "src/topology/interface_settings.hpp"

#include <optional>

namespace hammer::pmd_ops {

/// The MAC a multicast group's frames carry: 01:00:5e and the low 23 bits
/// of an IPv4 group (RFC 1112), 33:33 and the low 32 bits of an IPv6 one
/// (RFC 2464). nullopt for an address that is not a multicast group.
[[nodiscard]] std::optional<MacAddress> multicast_mac(const topology::IpAddress& group);

/// Applies `settings` to `port` in this order: MTU, promiscuous and
/// all-multicast mode, the multicast groups' MACs as the port's multicast
/// list, link up or down; then reads it back (`show port info`). Addresses
/// are hammer's own on a port without an IP stack: the reachability check
/// answers ARP and neighbour solicitations for them. What an ethdev port
/// has no notion of (VLAN interfaces, ethtool features, a VF count) and what
/// the driver lacks (ENOTSUP) is named and left out. PASS when the rest reads
/// back as asked; ERROR naming each refusal or difference.
[[nodiscard]] operations::Verdict apply_port_settings(EthdevPort& port, const topology::InterfaceSettings& settings,
                                                      const record::CommandLog& log);

} // namespace hammer::pmd_ops
