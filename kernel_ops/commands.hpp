#pragma once

#include "kernel_ops/link_types.hpp"

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
[[nodiscard]] std::string show_routes_command(const InterfaceRef& where, std::string_view family); ///< ip [-6] route show default

// What a successful query or change answered, as the response of its
// command-history entry: short, `ip`/`ethtool`-like, one line.

/// "admin up, carrier, operstate up, mtu 1500 (68-65535), mac 3a:d2:d5:e1:65:e1"
[[nodiscard]] std::string link_response(const LinkState& link);
/// "RX: packets 3 bytes 192 errors 0 dropped 0 multicast 0; TX: packets 3 bytes 192 errors 0 dropped 0"
[[nodiscard]] std::string stats_response(const LinkStats& stats);
/// "max rx 8 tx 8; current rx 8 tx 8"
[[nodiscard]] std::string channels_response(const Channels& channels);
/// "max rx 4096 tx 4096; current rx 1024 tx 1024"
[[nodiscard]] std::string rings_response(const Rings& rings);
/// "speed 10000Mb/s duplex full autoneg off port tp"
[[nodiscard]] std::string link_modes_response(const LinkModes& modes);

/// How a refused request reads in command-history, the way `ip` and `ethtool`
/// report one: "Error: mtu greater than device maximum. (EINVAL: Invalid argument)".
[[nodiscard]] std::string error_response(int error_number, std::string_view kernel_message);

} // namespace hammer::kernel_ops
