#include "pmd_ops/testpmd_commands.hpp"

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

} // namespace hammer::pmd_ops::testpmd
