#include "src/control/operations.hpp"

namespace hammer::control {

void register_control_operations(operations::OperationRegistry& registry, const ControlBackends& backends)
{
    using Make = std::unique_ptr<operations::Operation> (*)(const ControlBackends&);
    static constexpr std::pair<std::string_view, Make> all[]{
        {"link_flap", make_link_flap},
        {"mtu_change", make_mtu_change},
        {"channel_change", make_channel_change},
        {"ring_change", make_ring_change},
        {"link_speed_query", make_link_speed_query},
        {"stats_snapshot", make_stats_snapshot},
        {"port_reset", make_port_reset},
    };
    for (const auto& [name, make] : all) {
        registry.add(name, "port_control", [make, backends] { return make(backends); });
    }
}

} // namespace hammer::control
