#include "kernel_ops/commands.hpp"

#include "kernel_ops/result.hpp"
#include "src/control/responses.hpp"

#include <array>
#include <cstdio>
#include <cstring>

namespace hammer::kernel_ops {
namespace {

std::string ip(const InterfaceRef& where, std::string_view arguments)
{
    return (where.netns.empty() ? std::string{"ip "} : "ip -n " + where.netns + " ") + std::string{arguments};
}

std::string ethtool(const InterfaceRef& where, std::string_view arguments)
{
    return (where.netns.empty() ? std::string{"ethtool "} : "ip netns exec " + where.netns + " ethtool ") +
           std::string{arguments};
}

/// ethtool's `advertise N`: the link-mode bits as one hexadecimal number.
std::string advertise_mask(const LinkModeBits& bits)
{
    std::string text;
    for (auto word = bits.advertised.rbegin(); word != bits.advertised.rend(); ++word) {
        std::array<char, 9> digits{};
        std::snprintf(digits.data(), digits.size(), text.empty() ? "%x" : "%08x", *word);
        if (!text.empty() || *word != 0) {
            text += digits.data();
        }
    }
    return "0x" + (text.empty() ? std::string{"0"} : text);
}

} // namespace

std::string show_link_command(const InterfaceRef& where)
{
    return ip(where, "link show dev " + where.ifname);
}

std::string show_stats_command(const InterfaceRef& where)
{
    return ip(where, "-s link show dev " + where.ifname);
}

std::string set_admin_command(const InterfaceRef& where, bool up)
{
    return ip(where, "link set dev " + where.ifname + (up ? " up" : " down"));
}

std::string set_mtu_command(const InterfaceRef& where, std::uint32_t mtu)
{
    return ip(where, "link set dev " + where.ifname + " mtu " + std::to_string(mtu));
}

std::string show_channels_command(const InterfaceRef& where)
{
    return ethtool(where, "-l " + where.ifname);
}

std::string set_channels_command(const InterfaceRef& where, const ChannelCounts& counts)
{
    std::string text = "-L " + where.ifname;
    control::append_count(text, "rx", counts.rx);
    control::append_count(text, "tx", counts.tx);
    control::append_count(text, "other", counts.other);
    control::append_count(text, "combined", counts.combined);
    return ethtool(where, text);
}

std::string show_rings_command(const InterfaceRef& where)
{
    return ethtool(where, "-g " + where.ifname);
}

std::string set_rings_command(const InterfaceRef& where, const RingSizes& sizes)
{
    std::string text = "-G " + where.ifname;
    control::append_count(text, "rx", sizes.rx);
    control::append_count(text, "rx-mini", sizes.rx_mini);
    control::append_count(text, "rx-jumbo", sizes.rx_jumbo);
    control::append_count(text, "tx", sizes.tx);
    return ethtool(where, text);
}

std::string show_link_modes_command(const InterfaceRef& where)
{
    return ethtool(where, where.ifname);
}

std::string set_link_modes_command(const InterfaceRef& where, const LinkModesRequest& request)
{
    std::string text = "-s " + where.ifname;
    control::append_count(text, "speed", request.speed_mbps);
    if (request.duplex) {
        text += " duplex ";
        text += to_string(*request.duplex);
    }
    if (request.autoneg) {
        text += *request.autoneg ? " autoneg on" : " autoneg off";
    }
    if (request.advertise) {
        text += " advertise " + advertise_mask(*request.advertise);
    }
    return ethtool(where, text);
}

std::string reset_command(const InterfaceRef& where)
{
    return ethtool(where, "--reset " + where.ifname + " dedicated");
}

std::string set_vf_command(const InterfaceRef& pf, unsigned number, const topology::VfSettings& vf)
{
    std::string line = "link set dev " + pf.ifname + " vf " + std::to_string(number);
    if (vf.mac) {
        line += " mac " + *vf.mac;
    }
    if (vf.vlan) {
        line += " vlan " + std::to_string(*vf.vlan);
    }
    if (vf.trust) {
        line += std::string{" trust "} + (*vf.trust ? "on" : "off");
    }
    if (vf.spoof_check) {
        line += std::string{" spoofchk "} + (*vf.spoof_check ? "on" : "off");
    }
    return ip(pf, line);
}

std::string set_flag_command(const InterfaceRef& where, std::string_view flag, bool on)
{
    return ip(where, "link set dev " + where.ifname + " " + std::string{flag} + (on ? " on" : " off"));
}

std::string show_features_command(const InterfaceRef& where)
{
    return ethtool(where, "-k " + where.ifname);
}

std::string set_features_command(const InterfaceRef& where, const std::map<std::string, bool>& wanted)
{
    std::string text = "-K " + where.ifname;
    for (const auto& [name, on] : wanted) {
        text += " " + name + (on ? " on" : " off");
    }
    return ethtool(where, text);
}

std::string show_addresses_command(const InterfaceRef& where)
{
    return ip(where, "address show dev " + where.ifname);
}

std::string add_address_command(const InterfaceRef& where, const InterfaceAddress& address)
{
    return ip(where, "address add " + address.prefix() + " dev " + where.ifname + (address.ipv6 ? " nodad" : "") +
                         (address.autojoin ? " autojoin" : ""));
}

std::string delete_address_command(const InterfaceRef& where, const InterfaceAddress& address)
{
    return ip(where, "address del " + address.prefix() + " dev " + where.ifname);
}

std::string show_multicast_command(const InterfaceRef& where)
{
    return ip(where, "maddress show dev " + where.ifname);
}

std::string join_group_command(const InterfaceRef& where, const std::string& group, bool ipv6)
{
    return "join " + group + " on " + where.ifname + (where.netns.empty() ? "" : " in netns " + where.netns) +
           (ipv6 ? " (IPV6_JOIN_GROUP" : " (IP_ADD_MEMBERSHIP") + ", held by hammer until the restore)";
}

std::string add_vlan_command(const InterfaceRef& where, std::string_view vlan_ifname, unsigned id)
{
    return ip(where, "link add link " + where.ifname + " name " + std::string{vlan_ifname} + " up type vlan id " +
                         std::to_string(id));
}

std::string delete_link_command(const InterfaceRef& where)
{
    return ip(where, "link delete dev " + where.ifname);
}

std::string ping_command(const InterfaceRef& where, const std::string& address, bool ipv6)
{
    const std::string ping = std::string{ipv6 ? "ping -6" : "ping"} + " -c 1 -W 1 -I " + where.ifname + " " + address;
    return where.netns.empty() ? ping : "ip netns exec " + where.netns + " " + ping;
}

std::string show_neighbour_command(const InterfaceRef& where, const std::string& address)
{
    return ip(where, "neighbour show dev " + where.ifname + " to " + address);
}

std::string show_routes_command(const InterfaceRef& where, std::string_view family)
{
    return ip(where, std::string{family == "IPv6" ? "-6 " : "-4 "} + "route show default");
}

} // namespace hammer::kernel_ops
