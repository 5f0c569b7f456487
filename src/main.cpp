#include "kernel_ops/kernel_ops.hpp"
#include "kernel_ops/netlink_port.hpp"
#include "pmd_ops/pmd_ops.hpp"
#include "src/cli/app.hpp"
#include "src/control/operations.hpp"

#include <algorithm>
#include <optional>

namespace {

/// The config's placement in pmd_ops' terms; absent is automatic.
hammer::pmd_ops::Placement to_pmd_placement(std::optional<hammer::config::Placement> placement)
{
    if (!placement) {
        return hammer::pmd_ops::Placement::automatic;
    }
    switch (*placement) {
    case hammer::config::Placement::dedicated: return hammer::pmd_ops::Placement::dedicated;
    case hammer::config::Placement::shared: return hammer::pmd_ops::Placement::shared;
    }
    return hammer::pmd_ops::Placement::automatic;
}

/// The backends of this build: the control operations over netlink/ethtool
/// and ethdev, and the DPDK traffic engine. None touches a device here; DPDK
/// starts when the first operation on a DPDK port sets up.
std::unique_ptr<hammer::run::Toolkit> make_toolkit(const hammer::run::ToolkitRequest& request)
{
    auto toolkit = std::make_unique<hammer::run::Toolkit>();
    const hammer::kernel_ops::KernelOptions kernel{request.config.allow_default_route_iface,
                                                   request.config.recovery.up_timeout};
    toolkit->backends.push_back(hammer::kernel_ops::make_kernel_backend(kernel));

    hammer::pmd_ops::PmdOptions dpdk;
    const auto& lcores = request.config.lcores;
    dpdk.worker_cpus = lcores.cpus;
    dpdk.workers = lcores.cpus.empty() ? lcores.count : static_cast<unsigned>(lcores.cpus.size());
    dpdk.placement = to_pmd_placement(lcores.placement);
    dpdk.queues = request.config.queues;
    dpdk.eal_arguments = request.eal_args;
    dpdk.pairs = static_cast<unsigned>(std::max<std::size_t>(request.pairs, 1));
    toolkit->backends.push_back(hammer::pmd_ops::make_dpdk_backend(dpdk));
    toolkit->software["dpdk"] = hammer::pmd_ops::dpdk_version();

    const hammer::control::ControlBackends control{
        hammer::kernel_ops::make_netlink_port_opener(kernel), hammer::pmd_ops::make_ethdev_port_opener(dpdk),
        request.config.recovery.up_timeout, request.config.background_traffic,
        hammer::pmd_ops::make_traffic_source(dpdk)};
    hammer::control::register_control_operations(toolkit->operations, control);
    hammer::pmd_ops::register_pmd_operations(toolkit->operations, dpdk, control);
    return toolkit;
}

} // namespace

int main(int argc, char** argv)
{
    return hammer::cli::run_cli(argc, argv, make_toolkit);
}
