#pragma once

#include "kernel_ops/commands.hpp"
#include "kernel_ops/interface_setup.hpp"
#include "src/operations/outcome.hpp"
#include "src/topology/interface_settings.hpp"

namespace hammer::kernel_ops {

/// Whether `from` reaches `address`, which is on `to`: an ICMP (ICMPv6) echo
/// out of `from` answered within 3 s, then the neighbour entry the kernel
/// learned for `address` (ARP, neighbour discovery) on `from` names `to`'s
/// MAC: a reply from another host that answers for the address does not
/// count. Without `to_is_known` (a peer with no kernel interface) the MAC is
/// not compared. The ping and the neighbour read go to `log`.
[[nodiscard]] operations::Verdict check_path(const InterfaceRef& from, const InterfaceRef& to,
                                             const topology::IpAddress& address, bool to_is_known,
                                             const CommandLog& log);

} // namespace hammer::kernel_ops
