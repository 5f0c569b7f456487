#pragma once

#include "kernel_ops/result.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace hammer::kernel_ops {

/// Sends ICMP (ICMPv6) echo requests out of `ifname` in /run/netns/NETNS
/// (empty: hammer's own) to `address`, one every `interval`, until a reply
/// comes back or `timeout` passes: what `ping -I IFNAME ADDRESS` does, on a
/// raw socket (CAP_NET_RAW) bound to the interface. The kernel resolves the
/// neighbour (ARP, IPv6 neighbour discovery) for the first request. Returns
/// the round trip of the reply; ETIMEDOUT when none came.
[[nodiscard]] Result<std::chrono::microseconds> echo(std::string_view netns, std::string_view ifname,
                                                     const std::string& address, bool ipv6,
                                                     std::chrono::milliseconds timeout,
                                                     std::chrono::milliseconds interval);

} // namespace hammer::kernel_ops
