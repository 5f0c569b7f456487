#include "kernel_ops/netlink.hpp"

#include "kernel_ops/messages.hpp"
#include "kernel_ops/vf_messages.hpp"
#include "src/run/clock.hpp"

#include "kernel_ops/netns.hpp"

#include <linux/ethtool.h>
#include <linux/ethtool_netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace hammer::kernel_ops {
namespace {

// Carrier follows admin up within microseconds on veth and within
// milliseconds on most NICs (autonegotiation can take seconds): 50 ms keeps
// the wait responsive without flooding rtnetlink.
constexpr std::chrono::milliseconds carrier_poll{50};

std::string on(std::string_view ifname, const std::string& netns)
{
    return std::string{ifname} + (netns.empty() ? "" : " (netns " + netns + ")");
}

} // namespace

Result<Netlink> Netlink::open(std::string_view netns)
{
    auto route = NlSocket::route(netns);
    if (!route) {
        return route.error();
    }
    return Netlink{std::move(route).value()};
}

Result<LinkState> Netlink::read_link(std::string_view ifname)
{
    const std::string operation = "read link " + on(ifname, netns());
    std::optional<LinkReply> reply;
    auto done = route_.request(get_link_message(ifname), operation,
                               [&reply](const nlmsghdr& message) { reply = parse_link_reply(message); });
    if (!done) {
        return done.error();
    }
    if (!reply) {
        return NlError{EPROTO, operation, "the kernel answered without an RTM_NEWLINK"};
    }
    return std::move(reply->state);
}

Result<LinkStats> Netlink::read_stats(std::string_view ifname)
{
    const std::string operation = "read statistics of " + on(ifname, netns());
    std::optional<LinkReply> reply;
    auto done = route_.request(get_link_message(ifname), operation,
                               [&reply](const nlmsghdr& message) { reply = parse_link_reply(message); });
    if (!done) {
        return done.error();
    }
    if (!reply || !reply->stats) {
        return NlError{EPROTO, operation, "the kernel answered without IFLA_STATS64"};
    }
    return *reply->stats;
}

Result<void> Netlink::set_admin(std::string_view ifname, bool up)
{
    return route_.request(set_admin_message(ifname, up), "set " + on(ifname, netns()) + (up ? " up" : " down"));
}

Result<void> Netlink::set_promiscuous(std::string_view ifname, bool enabled)
{
    return route_.request(set_promiscuous_message(ifname, enabled),
                          "set " + on(ifname, netns()) + (enabled ? " promisc on" : " promisc off"));
}

Result<void> Netlink::set_mtu(std::string_view ifname, std::uint32_t mtu)
{
    return route_.request(set_mtu_message(ifname, mtu), "set MTU " + std::to_string(mtu) + " on " + on(ifname, netns()));
}

Result<LinkState> Netlink::wait_for_carrier(std::string_view ifname, std::chrono::milliseconds timeout,
                                            run::Clock& clock, std::stop_token stop)
{
    const auto deadline = clock.now() + timeout;
    for (;;) {
        auto link = read_link(ifname);
        if (!link || link.value().carrier) {
            return link;
        }
        if (clock.now() >= deadline) {
            return NlError{ETIMEDOUT, "wait for carrier on " + on(ifname, netns()),
                           "no carrier after " + std::to_string(timeout.count()) + " ms (operstate " +
                               link.value().oper_state + ", admin " + (link.value().admin_up ? "up" : "down") + ")"};
        }
        if (!clock.sleep_until(std::min(clock.now() + carrier_poll, deadline), stop) && stop.stop_requested()) {
            return NlError{ECANCELED, "wait for carrier on " + on(ifname, netns()), "stop requested"};
        }
    }
}

Result<std::optional<DefaultRoute>> Netlink::default_route_via(std::string_view ifname)
{
    auto link = read_link(ifname);
    if (!link) {
        return link.error();
    }
    const int ifindex = link.value().ifindex;
    for (const auto& [family, name] : {std::pair{AF_INET, "IPv4"}, std::pair{AF_INET6, "IPv6"}}) {
        std::optional<DefaultRoute> found;
        auto done = route_.request(dump_routes_message(family),
                                   std::string{"list "} + name + " routes in " +
                                       (netns().empty() ? std::string{"hammer's namespace"} : "netns " + netns()),
                                   [&found, ifindex](const nlmsghdr& message) {
                                       if (!found) {
                                           found = parse_default_route(message, ifindex);
                                       }
                                   });
        // A kernel built without IPv6 has no IPv6 routes to carry.
        if (!done && !(family == AF_INET6 && done.error().error_number == EAFNOSUPPORT)) {
            return done.error();
        }
        if (found) {
            return std::optional<DefaultRoute>{std::move(found)};
        }
    }
    return std::optional<DefaultRoute>{};
}

Result<std::vector<InterfaceAddress>> Netlink::read_addresses(std::string_view ifname)
{
    auto link = read_link(ifname);
    if (!link) {
        return link.error();
    }
    std::vector<InterfaceAddress> addresses;
    auto done = route_.request(dump_addresses_message(), "list addresses of " + on(ifname, netns()),
                               [&addresses, ifindex = link.value().ifindex](const nlmsghdr& message) {
                                   if (auto address = parse_address(message, ifindex)) {
                                       addresses.push_back(std::move(*address));
                                   }
                               });
    if (!done) {
        return done.error();
    }
    return addresses;
}

Result<void> Netlink::add_address(std::string_view ifname, const InterfaceAddress& address)
{
    auto link = read_link(ifname);
    if (!link) {
        return link.error();
    }
    return route_.request(address_message(RTM_NEWADDR, link.value().ifindex, address),
                          "add " + address.prefix() + " to " + on(ifname, netns()));
}

Result<void> Netlink::delete_address(std::string_view ifname, const InterfaceAddress& address)
{
    auto link = read_link(ifname);
    if (!link) {
        return link.error();
    }
    return route_.request(address_message(RTM_DELADDR, link.value().ifindex, address),
                          "delete " + address.prefix() + " from " + on(ifname, netns()));
}

Result<std::vector<std::string>> Netlink::read_multicast_groups(std::string_view ifname)
{
    auto link = read_link(ifname);
    if (!link) {
        return link.error();
    }
    std::vector<std::string> groups;
    for (const int family : {AF_INET, AF_INET6}) {
        auto done = route_.request(dump_multicast_message(family), "list multicast groups of " + on(ifname, netns()),
                                   [&groups, ifindex = link.value().ifindex](const nlmsghdr& message) {
                                       if (auto group = parse_multicast_group(message, ifindex)) {
                                           groups.push_back(std::move(*group));
                                       }
                                   });
        if (!done) {
            return done.error();
        }
    }
    return groups;
}

Result<void> Netlink::set_all_multicast(std::string_view ifname, bool enabled)
{
    return route_.request(set_all_multicast_message(ifname, enabled),
                          "set " + on(ifname, netns()) + (enabled ? " allmulticast on" : " allmulticast off"));
}

Result<std::vector<VlanLink>> Netlink::read_vlans(std::string_view parent)
{
    auto link = read_link(parent);
    if (!link) {
        return link.error();
    }
    std::vector<VlanLink> vlans;
    auto done = route_.request(dump_links_message(), "list the VLANs on " + on(parent, netns()),
                               [&vlans, ifindex = link.value().ifindex](const nlmsghdr& message) {
                                   if (auto vlan = parse_vlan_link(message); vlan && vlan->parent_ifindex == ifindex) {
                                       vlans.push_back(std::move(*vlan));
                                   }
                               });
    if (!done) {
        return done.error();
    }
    return vlans;
}

Result<std::map<unsigned, topology::VfSettings>> Netlink::read_vfs(std::string_view pf)
{
    std::map<unsigned, topology::VfSettings> vfs;
    auto done = route_.request(get_vfs_message(pf), "read the VFs of " + on(pf, netns()),
                               [&vfs](const nlmsghdr& message) { vfs = parse_vfs(message); });
    if (!done) {
        return done.error();
    }
    return vfs;
}

Result<void> Netlink::set_vf(std::string_view pf, unsigned index, const topology::VfSettings& vf)
{
    return route_.request(set_vf_message(pf, index, vf),
                          "set VF " + std::to_string(index) + " of " + on(pf, netns()));
}

Result<void> Netlink::add_vlan(std::string_view parent, std::string_view ifname, unsigned id)
{
    auto link = read_link(parent);
    if (!link) {
        return link.error();
    }
    return route_.request(add_vlan_message(ifname, link.value().ifindex, id),
                          "add VLAN " + std::to_string(id) + " on " + on(parent, netns()) + " as " +
                              std::string{ifname});
}

Result<void> Netlink::delete_link(std::string_view ifname)
{
    return route_.request(delete_link_message(ifname), "delete " + on(ifname, netns()));
}

Result<std::optional<std::string>> Netlink::read_neighbour(std::string_view ifname, const std::string& address,
                                                           bool ipv6)
{
    auto link = read_link(ifname);
    if (!link) {
        return link.error();
    }
    std::optional<std::string> mac;
    auto done = route_.request(dump_neighbours_message(ipv6 ? AF_INET6 : AF_INET),
                               "list the neighbours of " + on(ifname, netns()),
                               [&](const nlmsghdr& message) {
                                   if (!mac) {
                                       mac = parse_neighbour(message, link.value().ifindex, address);
                                   }
                               });
    if (!done) {
        return done.error();
    }
    return mac;
}

Result<NlSocket*> Netlink::ethtool()
{
    if (generic_) {
        return &*generic_;
    }
    auto socket = NlSocket::generic(netns());
    if (!socket) {
        return socket.error();
    }
    std::optional<int> family;
    auto done = socket.value().request(family_lookup_message(ETHTOOL_GENL_NAME), "resolve generic netlink family ethtool",
                                       [&family](const nlmsghdr& message) { family = parse_family_id(message); });
    if (!done) {
        return done.error();
    }
    if (!family) {
        return NlError{ENOENT, "resolve generic netlink family ethtool", "no family id in the reply"};
    }
    ethtool_family_ = *family;
    generic_ = std::move(socket).value();
    return &*generic_;
}

template <typename T, typename Parse>
Result<T> Netlink::ethtool_get(std::uint8_t command, std::string_view ifname, std::string operation, Parse parse)
{
    auto socket = ethtool();
    if (!socket) {
        return socket.error();
    }
    std::optional<T> value;
    auto done = socket.value()->request(ethtool_get_message(ethtool_family_, command, ifname), operation,
                                        [&value, &parse](const nlmsghdr& message) { value = parse(message); });
    if (!done) {
        return done.error();
    }
    if (!value) {
        return NlError{EPROTO, operation, "the kernel answered without a reply message"};
    }
    return std::move(*value);
}

Result<LinkModes> Netlink::read_link_modes(std::string_view ifname)
{
    auto modes = ethtool_get<LinkModes>(ETHTOOL_MSG_LINKMODES_GET, ifname, "read link modes of " + on(ifname, netns()),
                                        parse_link_modes);
    if (!modes) {
        return modes;
    }
    // The port type is a nicety: a driver without get_link_ksettings fails the
    // first request already, one that fails only this keeps speed and duplex.
    auto port = ethtool_get<std::string>(ETHTOOL_MSG_LINKINFO_GET, ifname, "read link info of " + on(ifname, netns()),
                                         parse_link_port);
    if (port) {
        modes.value().port = std::move(port).value();
    }
    return modes;
}

Result<void> Netlink::set_link_modes(std::string_view ifname, const LinkModesRequest& request)
{
    auto socket = ethtool();
    if (!socket) {
        return socket.error();
    }
    return socket.value()->request(set_link_modes_message(ethtool_family_, ifname, request),
                                   "set link modes of " + on(ifname, netns()));
}

Result<Features> Netlink::read_features(std::string_view ifname)
{
    return ethtool_get<Features>(ETHTOOL_MSG_FEATURES_GET, ifname, "read features of " + on(ifname, netns()),
                                 parse_features);
}

Result<void> Netlink::set_features(std::string_view ifname, const std::map<std::string, bool>& wanted)
{
    auto socket = ethtool();
    if (!socket) {
        return socket.error();
    }
    return socket.value()->request(set_features_message(ethtool_family_, ifname, wanted),
                                   "set features of " + on(ifname, netns()));
}

Result<Channels> Netlink::read_channels(std::string_view ifname)
{
    return ethtool_get<Channels>(ETHTOOL_MSG_CHANNELS_GET, ifname, "read channels of " + on(ifname, netns()),
                                 parse_channels);
}

Result<void> Netlink::set_channels(std::string_view ifname, const ChannelCounts& counts)
{
    auto socket = ethtool();
    if (!socket) {
        return socket.error();
    }
    return socket.value()->request(set_channels_message(ethtool_family_, ifname, counts),
                                   "set channels of " + on(ifname, netns()));
}

Result<Rings> Netlink::read_rings(std::string_view ifname)
{
    return ethtool_get<Rings>(ETHTOOL_MSG_RINGS_GET, ifname, "read rings of " + on(ifname, netns()), parse_rings);
}

Result<void> Netlink::set_rings(std::string_view ifname, const RingSizes& sizes)
{
    auto socket = ethtool();
    if (!socket) {
        return socket.error();
    }
    return socket.value()->request(set_rings_message(ethtool_family_, ifname, sizes),
                                   "set rings of " + on(ifname, netns()));
}

Result<void> Netlink::ethtool_ioctl(std::string_view ifname, void* data, const std::string& operation)
{
    ifreq request{};
    if (ifname.size() >= sizeof(request.ifr_name)) {
        return NlError{EINVAL, operation, "interface name too long"};
    }
    auto visit = NetnsVisit::enter(netns());
    if (!visit) {
        return visit.error();
    }
    FileDescriptor socket_fd;
    {
        const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            return NlError{errno, operation, "socket(AF_INET, SOCK_DGRAM)"};
        }
        socket_fd = FileDescriptor::adopt(fd);
    }
    if (auto left = visit.value().leave(); !left) {
        return left.error();
    }
    std::memcpy(request.ifr_name, ifname.data(), ifname.size());
    request.ifr_data = static_cast<char*>(data);
    if (::ioctl(socket_fd.get(), SIOCETHTOOL, &request) < 0) {
        return NlError{errno, operation, ""};
    }
    return {};
}

Result<void> Netlink::reset(std::string_view ifname)
{
    const std::string operation = "reset " + on(ifname, netns());
    ethtool_value value{};
    value.cmd = ETHTOOL_RESET;
    value.data = ETH_RESET_DEDICATED;
    if (auto done = ethtool_ioctl(ifname, &value, operation); !done) {
        return done.error();
    }
    // The driver clears the flags of what it reset and leaves the rest.
    if ((value.data & ETH_RESET_DEDICATED) == ETH_RESET_DEDICATED) {
        return NlError{EOPNOTSUPP, operation, "the driver reset none of the dedicated components"};
    }
    return {};
}

namespace {

/// A fixed-size, NUL-padded ethtool string as text.
template <std::size_t N>
std::string ethtool_text(const char (&field)[N])
{
    return std::string{field, ::strnlen(field, N)};
}

} // namespace

Result<DriverInfo> Netlink::read_driver_info(std::string_view ifname)
{
    ethtool_drvinfo info{};
    info.cmd = ETHTOOL_GDRVINFO;
    if (auto done = ethtool_ioctl(ifname, &info, "read driver info of " + on(ifname, netns())); !done) {
        return done.error();
    }
    return DriverInfo{ethtool_text(info.driver), ethtool_text(info.version), ethtool_text(info.fw_version),
                      ethtool_text(info.bus_info)};
}

} // namespace hammer::kernel_ops
