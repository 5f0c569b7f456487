#pragma once

#include "kernel_ops/link_types.hpp"
#include "src/control/responses.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace hammer::kernel_ops {

/// The `ip` / `ethtool` command line a human would type for what hammer does
/// through netlink: recorded in command-history, never executed. An interface
/// in a named namespace gets `ip -n NS ...` or `ip netns exec NS ethtool ...`.
struct InterfaceRef {
    std::string ifname;
    std::string netns; ///< empty: hammer's own namespace
};

[[nodiscard]] std::string show_link_command(const InterfaceRef& where);            ///< ip link show dev X
[[nodiscard]] std::string show_stats_command(const InterfaceRef& where);           ///< ip -s link show dev X
[[nodiscard]] std::string set_admin_command(const InterfaceRef& where, bool up);   ///< ip link set dev X up|down
[[nodiscard]] std::string set_mtu_command(const InterfaceRef& where, std::uint32_t mtu); ///< ip link set dev X mtu N
[[nodiscard]] std::string show_channels_command(const InterfaceRef& where);        ///< ethtool -l X
[[nodiscard]] std::string set_channels_command(const InterfaceRef& where, const ChannelCounts& counts); ///< ethtool -L X rx N ...
[[nodiscard]] std::string show_rings_command(const InterfaceRef& where);           ///< ethtool -g X
[[nodiscard]] std::string set_rings_command(const InterfaceRef& where, const RingSizes& sizes); ///< ethtool -G X rx N ...
[[nodiscard]] std::string show_link_modes_command(const InterfaceRef& where);      ///< ethtool X
[[nodiscard]] std::string set_link_modes_command(const InterfaceRef& where, const LinkModesRequest& request); ///< ethtool -s X speed N ...
[[nodiscard]] std::string reset_command(const InterfaceRef& where);               ///< ethtool --reset X dedicated
[[nodiscard]] std::string show_routes_command(const InterfaceRef& where, std::string_view family); ///< ip [-6] route show default

using control::channels_response;
using control::error_response;
using control::link_modes_response;
using control::link_response;
using control::rings_response;
using control::stats_response;

} // namespace hammer::kernel_ops
