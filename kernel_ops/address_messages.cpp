#include "kernel_ops/address_messages.hpp"

#include "kernel_ops/message_parts.hpp"

#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/socket.h>

#include <array>

namespace hammer::kernel_ops {
namespace {

/// The address as text: "192.0.2.1", "2001:db8::1"; empty for a bad length.
std::string address_text(int family, const nlattr* attribute)
{
    const int length = family == AF_INET6 ? 16 : 4;
    if (attribute == nullptr || nla_len(attribute) < length) {
        return {};
    }
    std::array<char, INET6_ADDRSTRLEN> text{};
    return inet_ntop(family, nla_data(attribute), text.data(), text.size()) != nullptr ? text.data() : "";
}

/// A dump request whose only payload is `header` (its family set).
template <typename Header>
NlMsg dump_message(int type, Header header)
{
    NlMsg msg = message(type, NLM_F_REQUEST | NLM_F_DUMP);
    if (!msg || nlmsg_append(msg.get(), &header, sizeof(header), NLMSG_ALIGNTO) < 0) {
        return {};
    }
    return msg;
}

/// The header and attributes of an ifaddrmsg reply of `type` about
/// interface `ifindex`; null for another type or interface, or a cut-short message.
const ifaddrmsg* parse_ifaddr(const nlmsghdr& reply, int type, int ifindex, Attributes<IFA_MAX>& attributes)
{
    if (reply.nlmsg_type != type || reply.nlmsg_len < NLMSG_LENGTH(sizeof(ifaddrmsg))) {
        return nullptr;
    }
    const auto* header = static_cast<const ifaddrmsg*>(NLMSG_DATA(&reply));
    if (static_cast<int>(header->ifa_index) != ifindex ||
        nlmsg_parse(mutable_header(reply), sizeof(ifaddrmsg), attributes.data(), IFA_MAX, nullptr) < 0) {
        return nullptr;
    }
    return header;
}

} // namespace

NlMsg address_message(int type, int ifindex, const InterfaceAddress& address)
{
    const int family = address.ipv6 ? AF_INET6 : AF_INET;
    std::array<unsigned char, 16> bytes{};
    if (inet_pton(family, address.address.c_str(), bytes.data()) != 1) {
        return {};
    }
    NlMsg msg = message(type, NLM_F_REQUEST | (type == RTM_NEWADDR ? NLM_F_CREATE | NLM_F_EXCL : 0));
    ifaddrmsg header{};
    header.ifa_family = static_cast<unsigned char>(family);
    header.ifa_prefixlen = static_cast<unsigned char>(address.prefix_length);
    header.ifa_index = static_cast<unsigned>(ifindex);
    std::uint32_t flags = address.ipv6 ? IFA_F_NODAD : 0;
    flags |= address.autojoin ? IFA_F_MCAUTOJOIN : 0;
    const int length = address.ipv6 ? 16 : 4;
    if (!msg || nlmsg_append(msg.get(), &header, sizeof(header), NLMSG_ALIGNTO) < 0 ||
        nla_put(msg.get(), IFA_LOCAL, length, bytes.data()) < 0 ||
        nla_put(msg.get(), IFA_ADDRESS, length, bytes.data()) < 0 ||
        (type == RTM_NEWADDR && nla_put_u32(msg.get(), IFA_FLAGS, flags) < 0)) {
        return {};
    }
    return msg;
}

NlMsg dump_addresses_message()
{
    return dump_message(RTM_GETADDR, ifaddrmsg{});
}

std::optional<InterfaceAddress> parse_address(const nlmsghdr& reply, int ifindex)
{
    Attributes<IFA_MAX> attributes{};
    const auto* header = parse_ifaddr(reply, RTM_NEWADDR, ifindex, attributes);
    if (header == nullptr) {
        return std::nullopt;
    }
    InterfaceAddress address;
    address.ipv6 = header->ifa_family == AF_INET6;
    // IFA_LOCAL is the interface's own address; IFA_ADDRESS the peer's on a
    // point-to-point link, and the only one IPv6 sends.
    const nlattr* own = attributes[IFA_LOCAL] != nullptr ? attributes[IFA_LOCAL] : attributes[IFA_ADDRESS];
    address.address = address_text(header->ifa_family, own);
    address.prefix_length = header->ifa_prefixlen;
    const std::uint32_t flags = read_u32(attributes[IFA_FLAGS]).value_or(header->ifa_flags);
    address.autojoin = (flags & IFA_F_MCAUTOJOIN) != 0;
    address.link_local = address.ipv6 && header->ifa_scope == RT_SCOPE_LINK && !address.autojoin;
    if (address.address.empty()) {
        return std::nullopt;
    }
    return address;
}

NlMsg dump_multicast_message(int address_family)
{
    ifaddrmsg header{};
    header.ifa_family = static_cast<unsigned char>(address_family);
    return dump_message(RTM_GETMULTICAST, header);
}

std::optional<std::string> parse_multicast_group(const nlmsghdr& reply, int ifindex)
{
    // The kernel answers a multicast dump with messages of the request's own type.
    Attributes<IFA_MAX> attributes{};
    const auto* header = parse_ifaddr(reply, RTM_GETMULTICAST, ifindex, attributes);
    if (header == nullptr) {
        return std::nullopt;
    }
    auto group = address_text(header->ifa_family, attributes[IFA_MULTICAST]);
    return group.empty() ? std::nullopt : std::optional{group};
}

NlMsg set_all_multicast_message(std::string_view ifname, bool enabled)
{
    return link_message(RTM_SETLINK, ifname, enabled ? IFF_ALLMULTI : 0, IFF_ALLMULTI);
}

NlMsg add_vlan_message(std::string_view ifname, int parent_ifindex, unsigned id)
{
    NlMsg msg = message(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL);
    ifinfomsg header{};
    header.ifi_family = AF_UNSPEC;
    header.ifi_flags = IFF_UP;
    header.ifi_change = IFF_UP;
    if (!msg || nlmsg_append(msg.get(), &header, sizeof(header), NLMSG_ALIGNTO) < 0 ||
        nla_put_string(msg.get(), IFLA_IFNAME, std::string{ifname}.c_str()) < 0 ||
        nla_put_u32(msg.get(), IFLA_LINK, static_cast<std::uint32_t>(parent_ifindex)) < 0) {
        return {};
    }
    nlattr* info = nla_nest_start(msg.get(), IFLA_LINKINFO);
    if (info == nullptr || nla_put_string(msg.get(), IFLA_INFO_KIND, "vlan") < 0) {
        return {};
    }
    nlattr* data = nla_nest_start(msg.get(), IFLA_INFO_DATA);
    if (data == nullptr || nla_put_u16(msg.get(), IFLA_VLAN_ID, static_cast<std::uint16_t>(id)) < 0) {
        return {};
    }
    nla_nest_end(msg.get(), data);
    nla_nest_end(msg.get(), info);
    return msg;
}

NlMsg delete_link_message(std::string_view ifname)
{
    return link_message(RTM_DELLINK, ifname, 0, 0);
}

NlMsg dump_links_message()
{
    return dump_message(RTM_GETLINK, ifinfomsg{});
}

std::optional<VlanLink> parse_vlan_link(const nlmsghdr& reply)
{
    if (reply.nlmsg_type != RTM_NEWLINK || reply.nlmsg_len < NLMSG_LENGTH(sizeof(ifinfomsg))) {
        return std::nullopt;
    }
    Attributes<IFLA_MAX> attributes{};
    if (nlmsg_parse(mutable_header(reply), sizeof(ifinfomsg), attributes.data(), IFLA_MAX, nullptr) < 0 ||
        attributes[IFLA_LINKINFO] == nullptr || attributes[IFLA_IFNAME] == nullptr) {
        return std::nullopt;
    }
    Attributes<IFLA_INFO_MAX> info{};
    if (nla_parse_nested(info.data(), IFLA_INFO_MAX, attributes[IFLA_LINKINFO], nullptr) < 0 ||
        info[IFLA_INFO_KIND] == nullptr || std::string_view{nla_get_string(info[IFLA_INFO_KIND])} != "vlan") {
        return std::nullopt;
    }
    VlanLink vlan;
    vlan.ifname = nla_get_string(attributes[IFLA_IFNAME]);
    vlan.parent_ifindex = static_cast<int>(read_u32(attributes[IFLA_LINK]).value_or(0));
    Attributes<IFLA_VLAN_MAX> data{};
    if (info[IFLA_INFO_DATA] != nullptr &&
        nla_parse_nested(data.data(), IFLA_VLAN_MAX, info[IFLA_INFO_DATA], nullptr) >= 0 &&
        data[IFLA_VLAN_ID] != nullptr) {
        vlan.id = nla_get_u16(data[IFLA_VLAN_ID]);
    }
    return vlan;
}

NlMsg dump_neighbours_message(int address_family)
{
    ndmsg header{};
    header.ndm_family = static_cast<unsigned char>(address_family);
    return dump_message(RTM_GETNEIGH, header);
}

std::optional<std::string> parse_neighbour(const nlmsghdr& reply, int ifindex, std::string_view address)
{
    if (reply.nlmsg_type != RTM_NEWNEIGH || reply.nlmsg_len < NLMSG_LENGTH(sizeof(ndmsg))) {
        return std::nullopt;
    }
    const auto* header = static_cast<const ndmsg*>(NLMSG_DATA(&reply));
    constexpr unsigned known = NUD_REACHABLE | NUD_STALE | NUD_DELAY | NUD_PROBE | NUD_PERMANENT;
    Attributes<NDA_MAX> attributes{};
    if (header->ndm_ifindex != ifindex || (header->ndm_state & known) == 0 ||
        nlmsg_parse(mutable_header(reply), sizeof(ndmsg), attributes.data(), NDA_MAX, nullptr) < 0 ||
        address_text(header->ndm_family, attributes[NDA_DST]) != address) {
        return std::nullopt;
    }
    auto mac = mac_text(attributes[NDA_LLADDR]);
    return mac.empty() ? std::nullopt : std::optional{mac};
}

} // namespace hammer::kernel_ops
