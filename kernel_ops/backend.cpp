// The "kernel" endpoint backend: snapshot, restore and recovery of the
// kernel interfaces named in the topology.
#include "kernel_ops/kernel_ops.hpp"

#include "kernel_ops/interface_setup.hpp"
#include "kernel_ops/reachability.hpp"
#include "kernel_ops/snapshot.hpp"
#include "src/common/capabilities.hpp"
#include "src/record/recorder.hpp"
#include "src/run/clock.hpp"

#include <cerrno>
#include <map>
#include <mutex>
#include <stdexcept>

namespace hammer::kernel_ops {
namespace {

using operations::Outcome;
using operations::Verdict;

class KernelBackend final : public operations::EndpointBackend {
public:
    explicit KernelBackend(KernelOptions options) : options_{options} {}

    [[nodiscard]] std::string_view name() const override { return "kernel"; }

    [[nodiscard]] bool manages(const topology::Endpoint& endpoint) const override
    {
        return endpoint.tp.kernel.has_value();
    }

    [[nodiscard]] std::vector<operations::MissingPrivilege> missing_privileges(
        const topology::Endpoint& endpoint) const override
    {
        std::vector<operations::MissingPrivilege> missing;
        if (!has_capability(cap_net_admin)) {
            missing.push_back({cap_net_admin.name, "netlink and ethtool changes to " + endpoint.tp.kernel->ifname});
        }
        if (!endpoint.tp.kernel->netns.empty() && !has_capability(cap_sys_admin)) {
            missing.push_back({cap_sys_admin.name, "entering network namespace " + endpoint.tp.kernel->netns});
        }
        return missing;
    }

    // Each call opens its own sockets: the backend is shared by every pair
    // thread, and a netlink socket must not be.

    [[nodiscard]] nlohmann::json snapshot(const topology::Endpoint& endpoint) override
    {
        auto netlink = open(endpoint);
        if (!netlink) {
            throw std::runtime_error{endpoint.name() + ": " + netlink.error().describe()};
        }
        auto taken = take_snapshot(netlink.value(), endpoint.tp.kernel->ifname, options_.sysfs_root,
                                   endpoint.tp.pf ? endpoint.tp.pf->ifname : std::string{});
        if (!taken) {
            throw std::runtime_error{endpoint.name() + ": " + taken.error().describe()};
        }
        return to_json(taken.value());
    }

    [[nodiscard]] std::optional<operations::DeviceIdentity> identity(const topology::Endpoint& endpoint) override
    {
        auto netlink = open(endpoint);
        if (!netlink) {
            throw std::runtime_error{endpoint.name() + ": " + netlink.error().describe()};
        }
        auto info = netlink.value().read_driver_info(endpoint.tp.kernel->ifname);
        if (!info) {
            throw std::runtime_error{endpoint.name() + ": " + info.error().describe()};
        }
        operations::DeviceIdentity identity;
        identity.driver = info.value().driver;
        identity.driver_version = info.value().version;
        identity.firmware_version = info.value().firmware_version;
        identity.bus_info = info.value().bus_info;
        // sysfs shows the PCI devices of every namespace alike.
        identity.pci_id = operations::read_pci_id(identity.bus_info);
        return identity;
    }

    Verdict restore(const topology::Endpoint& endpoint, const nlohmann::json& snapshot) override
    {
        leave_groups(endpoint);
        try {
            auto netlink = open(endpoint);
            if (!netlink) {
                return Verdict::error(endpoint.name() + ": " + netlink.error().describe());
            }
            return restore_with(netlink.value(), endpoint, snapshot);
        } catch (const std::exception& failure) {
            return Verdict::error(endpoint.name() + ": cannot restore: " + failure.what());
        }
    }

    Verdict reinitialise(const topology::Endpoint& endpoint, const nlohmann::json& snapshot,
                         std::chrono::milliseconds up_timeout) override
    {
        leave_groups(endpoint);
        try {
            auto netlink = open(endpoint);
            if (!netlink) {
                return Verdict::error(endpoint.name() + ": " + netlink.error().describe());
            }
            Verdict restored = restore_with(netlink.value(), endpoint, snapshot);
            if (restored.outcome == Outcome::error || restored.outcome == Outcome::skip) {
                return restored;
            }
            const std::string& ifname = endpoint.tp.kernel->ifname;
            if (auto up = netlink.value().set_admin(ifname, true); !up) {
                return Verdict::error(endpoint.name() + ": " + up.error().describe());
            }
            // The runner gives the backend no stop token: recovery is bounded by up_timeout alone.
            run::SteadyClock clock;
            auto carrier = netlink.value().wait_for_carrier(ifname, up_timeout, clock, {});
            if (!carrier) {
                return Verdict::error(endpoint.name() + ": " + carrier.error().describe() +
                                      " (a veth has carrier only while its peer is up too)");
            }
            if (!restored.passed()) {
                return restored;
            }
            return Verdict::pass(endpoint.name() + ": restored, up, carrier");
        } catch (const std::exception& failure) {
            return Verdict::error(endpoint.name() + ": cannot re-initialise: " + failure.what());
        }
    }

    Verdict configure(const topology::Pair& /*pair*/, const topology::Endpoint& endpoint,
                      const topology::InterfaceSettings& settings, record::Recorder& recorder) override
    {
        try {
            auto netlink = open(endpoint);
            if (!netlink) {
                return Verdict::error(endpoint.name() + ": " + netlink.error().describe());
            }
            if (auto refused = default_route_refusal(netlink.value(), endpoint)) {
                return *refused;
            }
            const InterfaceRef where{endpoint.tp.kernel->ifname, endpoint.tp.kernel->netns};
            std::vector<GroupMembership> joined;
            auto verdict = apply_settings(netlink.value(), where, settings,
                                          recorder.command_log({endpoint.node_id, endpoint.tp.id}), joined,
                                          endpoint.tp.pf ? endpoint.tp.pf->ifname : std::string{},
                                          options_.sysfs_root);
            const std::lock_guard lock{memberships_mutex_};
            auto& held = memberships_[endpoint.name()];
            std::move(joined.begin(), joined.end(), std::back_inserter(held));
            return verdict;
        } catch (const std::exception& failure) {
            return Verdict::error(endpoint.name() + ": cannot configure: " + failure.what());
        }
    }

    Verdict reach(const topology::Pair& pair, const topology::Endpoint& from, const topology::Endpoint& to,
                  const operations::ReachPath& path, record::Recorder& recorder) override
    {
        if (!from.tp.kernel) {
            return EndpointBackend::reach(pair, from, to, path, recorder);
        }
        const auto log = recorder.command_log({from.node_id, from.tp.id});
        const InterfaceRef where{path.from_ifname, from.tp.kernel->netns};
        if (path.from_ifname != from.tp.kernel->ifname) {
            // A VLAN interface the kernel could not make (no 802.1Q support)
            // was skipped by the start-up: nothing to send from.
            auto netlink = open(from);
            auto link = netlink ? netlink.value().read_link(path.from_ifname) : Result<LinkState>{netlink.error()};
            if (!link && link.error().error_number == ENODEV) {
                return Verdict::skip(path.from_ifname + " does not exist: the start-up did not make it");
            }
        }
        return check_path(where, {path.to_ifname, to.tp.kernel ? to.tp.kernel->netns : std::string{}},
                          path.address, to.tp.kernel.has_value(), log);
    }

private:
    /// Closes the sockets that hold the endpoint's multicast memberships.
    void leave_groups(const topology::Endpoint& endpoint)
    {
        const std::lock_guard lock{memberships_mutex_};
        memberships_.erase(endpoint.name());
    }

    /// SKIP when the endpoint carries a default route and the config does
    /// not allow touching it: the restore would leave it alone too.
    [[nodiscard]] std::optional<Verdict> default_route_refusal(Netlink& netlink,
                                                               const topology::Endpoint& endpoint) const
    {
        if (options_.allow_default_route_iface) {
            return std::nullopt;
        }
        auto route = netlink.default_route_via(endpoint.tp.kernel->ifname);
        if (!route) {
            return Verdict::error(endpoint.name() + ": " + route.error().describe());
        }
        if (route.value()) {
            return Verdict::skip(endpoint.name() + ": left alone: " + endpoint.tp.kernel->ifname + " carries the " +
                                 route.value()->family +
                                 " default route; set allow_default_route_iface: true to allow it");
        }
        return std::nullopt;
    }

    [[nodiscard]] static Result<Netlink> open(const topology::Endpoint& endpoint)
    {
        if (!endpoint.tp.kernel) {
            return NlError{EINVAL, "reach " + endpoint.name(), "no attr.kernel"};
        }
        return Netlink::open(endpoint.tp.kernel->netns);
    }

    Verdict restore_with(Netlink& netlink, const topology::Endpoint& endpoint, const nlohmann::json& snapshot)
    {
        const InterfaceSnapshot wanted = snapshot_from_json(snapshot);
        if (wanted.ifname != endpoint.tp.kernel->ifname) {
            return Verdict::error(endpoint.name() + ": the snapshot is of " + wanted.ifname + ", not " +
                                  endpoint.tp.kernel->ifname);
        }
        // The operations left the default-route interface alone (they SKIP
        // it), so there is nothing of theirs to undo; touching it would risk
        // the machine's connection for nothing.
        if (auto refused = default_route_refusal(netlink, endpoint)) {
            return *refused;
        }
        return restore_snapshot(netlink, wanted, options_.sysfs_root);
    }

    KernelOptions options_;
    std::mutex memberships_mutex_; ///< pair threads configure and restore side by side
    /// The groups configure() joined, by endpoint name, held until its restore.
    std::map<std::string, std::vector<GroupMembership>> memberships_;
};

} // namespace

std::unique_ptr<operations::EndpointBackend> make_kernel_backend(const KernelOptions& options)
{
    return std::make_unique<KernelBackend>(options);
}

} // namespace hammer::kernel_ops
