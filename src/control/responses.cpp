#include "src/control/responses.hpp"

#include "src/control/result.hpp"

#include <cstring>

namespace hammer::control {

void append_count(std::string& text, std::string_view key, const std::optional<std::uint32_t>& value)
{
    if (value) {
        text += " ";
        text += key;
        text += " " + std::to_string(*value);
    }
}

std::string link_response(const LinkStatus& link)
{
    std::string text = std::string{"admin "} + (link.admin_up ? "up" : "down") + (link.carrier ? ", carrier" : ", no carrier") +
                       (link.oper_state.empty() ? "" : ", operstate " + link.oper_state) + ", mtu " +
                       std::to_string(link.mtu);
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
    append_count(text, "rx", counts.rx);
    append_count(text, "tx", counts.tx);
    append_count(text, "other", counts.other);
    append_count(text, "combined", counts.combined);
    return text.empty() ? " none" : text;
}

std::string sizes_text(const RingSizes& sizes)
{
    std::string text;
    append_count(text, "rx", sizes.rx);
    append_count(text, "rx-mini", sizes.rx_mini);
    append_count(text, "rx-jumbo", sizes.rx_jumbo);
    append_count(text, "tx", sizes.tx);
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

std::string error_response(int error_number, std::string_view message)
{
    const char* description = strerrordesc_np(error_number);
    const std::string reason =
        errno_name(error_number) + ": " + (description != nullptr ? description : "unknown error");
    if (message.empty()) {
        return "Error: " + reason + ".";
    }
    return "Error: " + std::string{message} + ". (" + reason + ")";
}

} // namespace hammer::control
