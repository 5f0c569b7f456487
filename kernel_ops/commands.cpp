#include "kernel_ops/commands.hpp"

#include "kernel_ops/result.hpp"

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

void append(std::string& text, std::string_view key, const std::optional<std::uint32_t>& value)
{
    if (value) {
        text += " ";
        text += key;
        text += " " + std::to_string(*value);
    }
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
    append(text, "rx", counts.rx);
    append(text, "tx", counts.tx);
    append(text, "other", counts.other);
    append(text, "combined", counts.combined);
    return ethtool(where, text);
}

std::string show_rings_command(const InterfaceRef& where)
{
    return ethtool(where, "-g " + where.ifname);
}

std::string set_rings_command(const InterfaceRef& where, const RingSizes& sizes)
{
    std::string text = "-G " + where.ifname;
    append(text, "rx", sizes.rx);
    append(text, "rx-mini", sizes.rx_mini);
    append(text, "rx-jumbo", sizes.rx_jumbo);
    append(text, "tx", sizes.tx);
    return ethtool(where, text);
}

std::string show_link_modes_command(const InterfaceRef& where)
{
    return ethtool(where, where.ifname);
}

std::string set_link_modes_command(const InterfaceRef& where, const LinkModesRequest& request)
{
    std::string text = "-s " + where.ifname;
    append(text, "speed", request.speed_mbps);
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

std::string show_routes_command(const InterfaceRef& where, std::string_view family)
{
    return ip(where, std::string{family == "IPv6" ? "-6 " : "-4 "} + "route show default");
}

std::string link_response(const LinkState& link)
{
    std::string text = std::string{"admin "} + (link.admin_up ? "up" : "down") + (link.carrier ? ", carrier" : ", no carrier") +
                       ", operstate " + link.oper_state + ", mtu " + std::to_string(link.mtu);
    if (link.min_mtu && link.max_mtu) {
        text += " (" + std::to_string(*link.min_mtu) + "-" + std::to_string(*link.max_mtu) + ")";
    }
    if (!link.mac.empty()) {
        text += ", mac " + link.mac;
    }
    return text;
}

std::string stats_response(const LinkStats& stats)
{
    return "RX: packets " + std::to_string(stats.rx_packets) + " bytes " + std::to_string(stats.rx_bytes) + " errors " +
           std::to_string(stats.rx_errors) + " dropped " + std::to_string(stats.rx_dropped) + " multicast " +
           std::to_string(stats.multicast) + "; TX: packets " + std::to_string(stats.tx_packets) + " bytes " +
           std::to_string(stats.tx_bytes) + " errors " + std::to_string(stats.tx_errors) + " dropped " +
           std::to_string(stats.tx_dropped);
}

namespace {

std::string counts_text(const ChannelCounts& counts)
{
    std::string text;
    append(text, "rx", counts.rx);
    append(text, "tx", counts.tx);
    append(text, "other", counts.other);
    append(text, "combined", counts.combined);
    return text.empty() ? " none" : text;
}

std::string sizes_text(const RingSizes& sizes)
{
    std::string text;
    append(text, "rx", sizes.rx);
    append(text, "rx-mini", sizes.rx_mini);
    append(text, "rx-jumbo", sizes.rx_jumbo);
    append(text, "tx", sizes.tx);
    return text.empty() ? " none" : text;
}

} // namespace

std::string channels_response(const Channels& channels)
{
    return "max" + counts_text(channels.maximum) + "; current" + counts_text(channels.current);
}

std::string rings_response(const Rings& rings)
{
    return "max" + sizes_text(rings.maximum) + "; current" + sizes_text(rings.current);
}

std::string link_modes_response(const LinkModes& modes)
{
    std::string text = "speed " + (modes.speed_mbps ? std::to_string(*modes.speed_mbps) + "Mb/s" : "unknown") +
                       " duplex " + std::string{to_string(modes.duplex)} + " autoneg " + (modes.autoneg ? "on" : "off");
    if (!modes.port.empty()) {
        text += " port " + modes.port;
    }
    return text;
}

std::string error_response(int error_number, std::string_view kernel_message)
{
    const char* description = strerrordesc_np(error_number);
    const std::string reason =
        errno_name(error_number) + ": " + (description != nullptr ? description : "unknown error");
    if (kernel_message.empty()) {
        return "Error: " + reason + ".";
    }
    return "Error: " + std::string{kernel_message} + ". (" + reason + ")";
}

} // namespace hammer::kernel_ops
