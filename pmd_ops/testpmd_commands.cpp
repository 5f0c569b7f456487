#include "pmd_ops/testpmd_commands.hpp"

#include <algorithm>
#include <cstdio>

namespace hammer::pmd_ops::testpmd {

std::string port_stop(const Port& port)
{
    return "port stop " + std::to_string(port.id());
}

std::string port_start(const Port& port)
{
    return "port start " + std::to_string(port.id());
}

std::string port_mtu(const Port& port, std::uint32_t mtu)
{
    return "port config mtu " + std::to_string(port.id()) + " " + std::to_string(mtu);
}

std::string queue_counts(std::uint32_t rx, std::uint32_t tx)
{
    return "port config all rxq " + std::to_string(rx) + "\nport config all txq " + std::to_string(tx);
}

std::string ring_sizes(const Port& port, std::uint32_t rx, std::uint32_t tx)
{
    const std::string prefix = "port config " + std::to_string(port.id());
    std::string lines;
    auto add = [&](const char* kind, std::uint16_t queues, std::uint32_t size) {
        for (std::uint16_t queue = 0; queue < queues; ++queue) {
            lines += (lines.empty() ? "" : "\n") + prefix + " " + kind + " " + std::to_string(queue) + " ring_size " +
                     std::to_string(size);
        }
    };
    add("rxq", port.config().rx_queues, rx);
    add("txq", port.config().tx_queues, tx);
    return lines;
}

std::string promiscuous(const Port& port, bool on)
{
    return "set promisc " + std::to_string(port.id()) + (on ? " on" : " off");
}

std::string all_multicast(const Port& port, bool on)
{
    return "set allmulti " + std::to_string(port.id()) + (on ? " on" : " off");
}

std::string multicast_list(const Port& port, const std::vector<MacAddress>& now, const std::vector<MacAddress>& wanted)
{
    const std::string prefix = "mcast_addr ";
    const std::string port_id = std::to_string(port.id());
    std::string lines;
    const auto add_line = [&](const char* verb, const MacAddress& mac) {
        lines += (lines.empty() ? "" : "\n") + prefix + verb + " " + port_id + " " + mac_text(mac);
    };
    for (const auto& mac : now) {
        if (std::find(wanted.begin(), wanted.end(), mac) == wanted.end()) {
            add_line("remove", mac);
        }
    }
    for (const auto& mac : wanted) {
        if (std::find(now.begin(), now.end(), mac) == now.end()) {
            add_line("add", mac);
        }
    }
    return lines;
}

std::string mac_text(const MacAddress& mac)
{
    char text[18];
    std::snprintf(text, sizeof text, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
    return text;
}

} // namespace hammer::pmd_ops::testpmd
