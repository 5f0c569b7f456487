#include "kernel_ops/kernel_ops.hpp"
#include "kernel_ops/operations.hpp"

namespace hammer::kernel_ops {

void register_kernel_operations(operations::OperationRegistry& registry, const KernelOptions& options)
{
    using Make = std::unique_ptr<operations::Operation> (*)(const KernelOptions&);
    static constexpr std::pair<std::string_view, Make> all[]{
        {"link_flap", make_link_flap},
        {"mtu_change", make_mtu_change},
        {"channel_change", make_channel_change},
        {"ring_change", make_ring_change},
        {"link_speed_query", make_link_speed_query},
        {"stats_snapshot", make_stats_snapshot},
    };
    for (const auto& [name, make] : all) {
        registry.add(name, "kernel_ops", [make, options] { return make(options); });
    }
}

} // namespace hammer::kernel_ops
