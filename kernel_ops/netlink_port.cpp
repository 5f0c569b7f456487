// The port-control interface over rtnetlink and ethtool netlink: each call is
// one Netlink primitive on the interface, each command line the `ip` or
// `ethtool` command a person would type for it.
#include "kernel_ops/netlink_port.hpp"

#include "kernel_ops/commands.hpp"
#include "kernel_ops/netlink.hpp"
#include "src/operations/operation.hpp"
#include "src/record/recorder.hpp"

namespace hammer::kernel_ops {
namespace {

using operations::Verdict;

/// A netlink Result as the port-control interface's.
template <typename T>
control::Result<T> converted(Result<T> result)
{
    if (!result) {
        return to_failure(result.error());
    }
    if constexpr (std::is_void_v<T>) {
        return {};
    } else {
        return std::move(result).value();
    }
}

class NetlinkPort final : public control::PortControl {
public:
    NetlinkPort(InterfaceRef where, Netlink netlink) : where_{std::move(where)}, netlink_{std::move(netlink)} {}

    [[nodiscard]] const std::string& name() const override { return where_.ifname; }

    control::Result<control::LinkStatus> read_link() override
    {
        auto link = netlink_.read_link(where_.ifname);
        if (!link) {
            return to_failure(link.error());
        }
        const control::LinkStatus& status = link.value(); // the part every backend has
        return status;
    }
    control::Result<LinkStats> read_stats() override { return converted(netlink_.read_stats(where_.ifname)); }
    control::Result<Channels> read_channels() override { return converted(netlink_.read_channels(where_.ifname)); }
    control::Result<Rings> read_rings() override { return converted(netlink_.read_rings(where_.ifname)); }
    control::Result<LinkModes> read_link_modes() override
    {
        return converted(netlink_.read_link_modes(where_.ifname));
    }

    control::Result<void> set_admin(bool up) override { return converted(netlink_.set_admin(where_.ifname, up)); }
    control::Result<void> set_mtu(std::uint32_t mtu) override
    {
        return converted(netlink_.set_mtu(where_.ifname, mtu));
    }
    control::Result<void> set_channels(const ChannelCounts& counts) override
    {
        return converted(netlink_.set_channels(where_.ifname, counts));
    }
    control::Result<void> set_rings(const RingSizes& sizes) override
    {
        return converted(netlink_.set_rings(where_.ifname, sizes));
    }
    control::Result<void> set_link_modes(const LinkModesRequest& request) override
    {
        return converted(netlink_.set_link_modes(where_.ifname, request));
    }
    control::Result<void> reset() override { return converted(netlink_.reset(where_.ifname)); }

    [[nodiscard]] std::string show_link_command() const override { return kernel_ops::show_link_command(where_); }
    [[nodiscard]] std::string show_stats_command() const override { return kernel_ops::show_stats_command(where_); }
    [[nodiscard]] std::string show_channels_command() const override
    {
        return kernel_ops::show_channels_command(where_);
    }
    [[nodiscard]] std::string show_rings_command() const override { return kernel_ops::show_rings_command(where_); }
    [[nodiscard]] std::string show_link_modes_command() const override
    {
        return kernel_ops::show_link_modes_command(where_);
    }
    [[nodiscard]] std::string set_admin_command(bool up) const override
    {
        return kernel_ops::set_admin_command(where_, up);
    }
    [[nodiscard]] std::string set_mtu_command(std::uint32_t mtu) const override
    {
        return kernel_ops::set_mtu_command(where_, mtu);
    }
    [[nodiscard]] std::string set_channels_command(const ChannelCounts& counts) const override
    {
        return kernel_ops::set_channels_command(where_, counts);
    }
    [[nodiscard]] std::string set_rings_command(const RingSizes& sizes) const override
    {
        return kernel_ops::set_rings_command(where_, sizes);
    }
    [[nodiscard]] std::string set_link_modes_command(const LinkModesRequest& request) const override
    {
        return kernel_ops::set_link_modes_command(where_, request);
    }
    [[nodiscard]] std::string reset_command() const override { return kernel_ops::reset_command(where_); }

private:
    InterfaceRef where_;
    Netlink netlink_;
};

class NetlinkPortOpener final : public control::PortOpener {
public:
    explicit NetlinkPortOpener(KernelOptions options) : options_{options} {}

    control::OpenedPort open(operations::OperationContext& context, const topology::Endpoint& endpoint) override
    {
        if (!endpoint.tp.kernel) {
            return {nullptr, Verdict::skip(endpoint.name() + " has no attr.kernel: " +
                                           std::string{context.operation_id} + " cannot reach it through netlink")};
        }
        const topology::KernelAccess& kernel = *endpoint.tp.kernel;
        auto netlink = Netlink::open(kernel.netns);
        if (!netlink) {
            return {nullptr, Verdict::error(endpoint.name() + ": " + netlink.error().describe())};
        }
        const InterfaceRef where{kernel.ifname, kernel.netns};
        // DESIGN.md rule 5: the interface with the default route is how the
        // machine is reached; flapping it could cut the run off from its operator.
        if (!options_.allow_default_route_iface) {
            // The interface first: a missing one is what the step reports (ENODEV), not the route check.
            if (auto link = netlink.value().read_link(kernel.ifname); !link) {
                context.recorder.command({endpoint.node_id, endpoint.tp.id}, show_link_command(where),
                                         link.error().error_number,
                                         error_response(link.error().error_number, link.error().kernel_message));
                return {nullptr, Verdict::error(endpoint.name() + ": " + link.error().describe())};
            }
            auto route = netlink.value().default_route_via(kernel.ifname);
            if (!route) {
                return {nullptr, Verdict::error(endpoint.name() + ": " + route.error().describe())};
            }
            if (route.value()) {
                context.recorder.command({endpoint.node_id, endpoint.tp.id},
                                         show_routes_command(where, route.value()->family), 0,
                                         "default dev " + kernel.ifname + " table " +
                                             std::to_string(route.value()->table));
                return {nullptr, Verdict::skip(endpoint.name() + ": refused: " + kernel.ifname + " carries the " +
                                               route.value()->family + " default route (table " +
                                               std::to_string(route.value()->table) + ")" +
                                               (kernel.netns.empty() ? "" : " in netns " + kernel.netns) +
                                               "; set allow_default_route_iface: true to allow it")};
            }
        }
        return {std::make_unique<NetlinkPort>(where, std::move(netlink).value()), Verdict::pass()};
    }

private:
    KernelOptions options_;
};

} // namespace

std::shared_ptr<control::PortOpener> make_netlink_port_opener(const KernelOptions& options)
{
    return std::make_shared<NetlinkPortOpener>(options);
}

} // namespace hammer::kernel_ops
