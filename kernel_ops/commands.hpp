#pragma once

#include "kernel_ops/address_messages.hpp"
#include "kernel_ops/link_types.hpp"
#include "src/control/responses.hpp"
#include "src/topology/interface_settings.hpp"

#include <cstdint>
#include <map>
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
[[nodiscard]] std::string set_flag_command(const InterfaceRef& where, std::string_view flag, bool on); ///< ip link set dev X promisc|allmulticast on|off
[[nodiscard]] std::string show_features_command(const InterfaceRef& where);        ///< ethtool -k X
/// ethtool -K X NAME on|off ...
[[nodiscard]] std::string set_features_command(const InterfaceRef& where, const std::map<std::string, bool>& wanted);
[[nodiscard]] std::string show_addresses_command(const InterfaceRef& where);       ///< ip address show dev X
/// ip address add A/N dev X [nodad] [autojoin]: nodad on IPv6, autojoin for a group.
[[nodiscard]] std::string add_address_command(const InterfaceRef& where, const InterfaceAddress& address);
[[nodiscard]] std::string delete_address_command(const InterfaceRef& where, const InterfaceAddress& address); ///< ip address del A/N dev X
[[nodiscard]] std::string show_multicast_command(const InterfaceRef& where);       ///< ip maddress show dev X
/// No `ip` command joins a group on a socket: "join G on X (IP_ADD_MEMBERSHIP, held by hammer until the restore)".
[[nodiscard]] std::string join_group_command(const InterfaceRef& where, const std::string& group, bool ipv6);
/// ip link set dev PF vf N mac M vlan V trust on|off spoofchk on|off: what `vf` sets.
[[nodiscard]] std::string set_vf_command(const InterfaceRef& pf, unsigned number, const topology::VfSettings& vf);
/// ip link add link X name X.ID up type vlan id ID
[[nodiscard]] std::string add_vlan_command(const InterfaceRef& where, std::string_view vlan_ifname, unsigned id);
[[nodiscard]] std::string delete_link_command(const InterfaceRef& where);          ///< ip link delete dev X
/// ping -c 1 -W 1 -I X A (ping -6 for IPv6), in the namespace of X
[[nodiscard]] std::string ping_command(const InterfaceRef& where, const std::string& address, bool ipv6);
/// ip neighbour show dev X to A
[[nodiscard]] std::string show_neighbour_command(const InterfaceRef& where, const std::string& address);
[[nodiscard]] std::string show_routes_command(const InterfaceRef& where, std::string_view family); ///< ip [-6] route show default

using control::channels_response;
using control::error_response;
using control::link_modes_response;
using control::link_response;
using control::rings_response;
using control::stats_response;

} // namespace hammer::kernel_ops
