#pragma once

// rtnetlink messages for what a start-up configuration puts on an interface:
// addresses, multicast memberships, VLAN sub-interfaces, and the neighbour
// entries a reachability check reads back.

#include "kernel_ops/nl_socket.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hammer::kernel_ops {

/// One address of an interface as RTM_NEWADDR reports it.
struct InterfaceAddress {
    bool ipv6 = false;
    std::string address;           ///< "192.0.2.1", "2001:db8::1"
    unsigned prefix_length = 0;
    bool autojoin = false;         ///< IFA_F_MCAUTOJOIN: a multicast group joined through the address
    bool link_local = false;       ///< an IPv6 link-local address (fe80::/10): the kernel's own, left alone

    /// "192.0.2.1/24"
    [[nodiscard]] std::string prefix() const { return address + "/" + std::to_string(prefix_length); }
    friend bool operator==(const InterfaceAddress&, const InterfaceAddress&) = default;
};

/// An 802.1Q interface on top of another: what RTM_NEWLINK says of it.
struct VlanLink {
    std::string ifname;
    int parent_ifindex = 0;
    unsigned id = 0;
};

/// RTM_NEWADDR (create, exclusive) or RTM_DELADDR of `address` on the
/// interface with index `ifindex`. IPv6 addresses are added without
/// duplicate address detection (IFA_F_NODAD): a tentative address cannot
/// answer the reachability check that follows. `autojoin` joins the
/// multicast group the address names (IFA_F_MCAUTOJOIN).
[[nodiscard]] NlMsg address_message(int type, int ifindex, const InterfaceAddress& address);
/// RTM_GETADDR dump of both families.
[[nodiscard]] NlMsg dump_addresses_message();
/// RTM_NEWADDR of interface `ifindex`; nullopt for another interface's or a cut-short message.
[[nodiscard]] std::optional<InterfaceAddress> parse_address(const nlmsghdr& reply, int ifindex);

/// RTM_GETMULTICAST dump of one family (AF_INET, AF_INET6): the groups joined.
[[nodiscard]] NlMsg dump_multicast_message(int address_family);
/// The group of an RTM_GETMULTICAST reply (IFA_MULTICAST) on `ifindex`.
[[nodiscard]] std::optional<std::string> parse_multicast_group(const nlmsghdr& reply, int ifindex);

/// RTM_SETLINK changing IFF_ALLMULTI only.
[[nodiscard]] NlMsg set_all_multicast_message(std::string_view ifname, bool enabled);
/// RTM_NEWLINK creating `ifname`, VLAN `id` on interface `parent_ifindex`, up.
[[nodiscard]] NlMsg add_vlan_message(std::string_view ifname, int parent_ifindex, unsigned id);
/// RTM_DELLINK of `ifname`.
[[nodiscard]] NlMsg delete_link_message(std::string_view ifname);
/// RTM_GETLINK dump of every interface.
[[nodiscard]] NlMsg dump_links_message();
/// A VLAN interface in an RTM_NEWLINK reply; nullopt for any other kind.
[[nodiscard]] std::optional<VlanLink> parse_vlan_link(const nlmsghdr& reply);

/// RTM_GETNEIGH dump of one family.
[[nodiscard]] NlMsg dump_neighbours_message(int address_family);
/// The link-layer address ("02:00:00:00:00:01") an RTM_NEWNEIGH reply gives
/// `address` on `ifindex`, when its state says it was confirmed or is being
/// (NUD_REACHABLE, STALE, DELAY, PROBE, PERMANENT); nullopt otherwise.
[[nodiscard]] std::optional<std::string> parse_neighbour(const nlmsghdr& reply, int ifindex,
                                                         std::string_view address);

} // namespace hammer::kernel_ops
