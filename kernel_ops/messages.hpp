#pragma once

#include "kernel_ops/link_types.hpp"
#include "kernel_ops/nl_socket.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <optional>
#include <string_view>

namespace hammer::kernel_ops {

// Builders return a null message when the attributes do not fit (an absurd
// interface name); NlSocket::request reports that as ENOMEM.

// ---- rtnetlink: links are named by IFLA_IFNAME, so no index lookup races a rename ----

/// RTM_GETLINK for one interface: its flags, MTU, carrier, address and IFLA_STATS64.
[[nodiscard]] NlMsg get_link_message(std::string_view ifname);
/// RTM_SETLINK changing IFF_UP only (ifi_change masks the other flags).
[[nodiscard]] NlMsg set_admin_message(std::string_view ifname, bool up);
/// RTM_SETLINK changing IFF_PROMISC only.
[[nodiscard]] NlMsg set_promiscuous_message(std::string_view ifname, bool enabled);
/// RTM_SETLINK with IFLA_MTU.
[[nodiscard]] NlMsg set_mtu_message(std::string_view ifname, std::uint32_t mtu);
/// RTM_GETROUTE dump of one address family (AF_INET, AF_INET6), all tables.
[[nodiscard]] NlMsg dump_routes_message(int address_family);

/// What an RTM_NEWLINK reply says; nullopt when it is not one or is cut short.
struct LinkReply {
    LinkState state;
    std::optional<LinkStats> stats; ///< absent when the kernel sent no IFLA_STATS64
};
[[nodiscard]] std::optional<LinkReply> parse_link_reply(const nlmsghdr& reply);

/// The default route in an RTM_NEWROUTE reply that leaves through `ifindex`
/// (directly or as one of its multipath next hops); nullopt for any other route.
[[nodiscard]] std::optional<DefaultRoute> parse_default_route(const nlmsghdr& reply, int ifindex);

// ---- generic netlink ----

/// CTRL_CMD_GETFAMILY asking the id of a generic netlink family ("ethtool").
[[nodiscard]] NlMsg family_lookup_message(std::string_view family_name);
/// CTRL_ATTR_FAMILY_ID of a CTRL_CMD_NEWFAMILY reply.
[[nodiscard]] std::optional<int> parse_family_id(const nlmsghdr& reply);

// ---- ethtool generic netlink (Documentation/networking/ethtool-netlink.rst) ----

/// A *_GET request (LINKMODES, LINKINFO, CHANNELS, RINGS, FEATURES) for one
/// device; FEATURES with verbose bitsets, so that features come by name.
/// Every ethtool message has its request header at attribute 1 (ETHTOOL_A_*_HEADER).
[[nodiscard]] NlMsg ethtool_get_message(int family_id, std::uint8_t command, std::string_view ifname);
[[nodiscard]] NlMsg set_channels_message(int family_id, std::string_view ifname, const ChannelCounts& counts);
[[nodiscard]] NlMsg set_rings_message(int family_id, std::string_view ifname, const RingSizes& sizes);
[[nodiscard]] NlMsg set_link_modes_message(int family_id, std::string_view ifname, const LinkModesRequest& request);

/// Replies of the GET requests. Speed, duplex and port read as unknown/empty
/// when absent; channel and ring kinds the driver lacks stay absent.
[[nodiscard]] LinkModes parse_link_modes(const nlmsghdr& reply);
[[nodiscard]] std::string parse_link_port(const nlmsghdr& reply);
[[nodiscard]] Channels parse_channels(const nlmsghdr& reply);
[[nodiscard]] Rings parse_rings(const nlmsghdr& reply);

/// FEATURES_SET of the named features only (a verbose bitset with a mask):
/// the others stay as they are. An unknown name is refused with extack.
[[nodiscard]] NlMsg set_features_message(int family_id, std::string_view ifname,
                                         const std::map<std::string, bool>& wanted);
/// A FEATURES_GET reply: each feature's active and wanted state, and which are changeable.
[[nodiscard]] Features parse_features(const nlmsghdr& reply);

/// "tp", "fibre", ... for ETHTOOL_A_LINKINFO_PORT (PORT_* in linux/ethtool.h).
[[nodiscard]] std::string port_name(std::uint8_t port);

} // namespace hammer::kernel_ops
