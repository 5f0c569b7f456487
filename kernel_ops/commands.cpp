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

std::string show_routes_command(const InterfaceRef& where, std::string_view family)
{
    return ip(where, std::string{family == "IPv6" ? "-6 " : "-4 "} + "route show default");
}

} // namespace hammer::kernel_ops
