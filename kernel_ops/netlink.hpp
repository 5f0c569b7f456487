#pragma once

#include "kernel_ops/address_messages.hpp"
#include "kernel_ops/link_types.hpp"
#include "kernel_ops/nl_socket.hpp"
#include "kernel_ops/result.hpp"
#include "src/topology/interface_settings.hpp"

#include <chrono>
#include <map>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace hammer::run {
class Clock;
}

namespace hammer::kernel_ops {

/// The control-path primitives on the interfaces of one network namespace:
/// an rtnetlink socket, and an ethtool generic-netlink socket opened at the
/// first ethtool request (link_flap and stats never need one, and a kernel
/// without ethtool netlink must not stop them). Move-only, one per thread.
/// Every primitive names the interface by name and reports failures with the
/// kernel's errno and extack text.
class Netlink {
public:
    /// Opens the rtnetlink socket inside /run/netns/NETNS (empty: hammer's own).
    [[nodiscard]] static Result<Netlink> open(std::string_view netns);

    [[nodiscard]] const std::string& netns() const noexcept { return route_.netns(); }

    // ---- rtnetlink ----
    /// Admin state, carrier, operstate, MTU and its bounds, MAC.
    [[nodiscard]] Result<LinkState> read_link(std::string_view ifname);
    /// IFLA_STATS64.
    [[nodiscard]] Result<LinkStats> read_stats(std::string_view ifname);
    [[nodiscard]] Result<void> set_admin(std::string_view ifname, bool up);
    [[nodiscard]] Result<void> set_promiscuous(std::string_view ifname, bool enabled);
    [[nodiscard]] Result<void> set_mtu(std::string_view ifname, std::uint32_t mtu);
    /// Reads the link until it has carrier, sleeping on `clock` between reads;
    /// ETIMEDOUT after `timeout`, ECANCELED when stop is requested first.
    [[nodiscard]] Result<LinkState> wait_for_carrier(std::string_view ifname, std::chrono::milliseconds timeout,
                                                     run::Clock& clock, std::stop_token stop);
    /// The first IPv4 or IPv6 default route (any table but local) leaving
    /// through `ifname`, or nullopt when none does.
    [[nodiscard]] Result<std::optional<DefaultRoute>> default_route_via(std::string_view ifname);

    // ---- addresses, multicast groups, VLANs, neighbours ----
    /// The addresses of `ifname`, both families, link-local ones included.
    [[nodiscard]] Result<std::vector<InterfaceAddress>> read_addresses(std::string_view ifname);
    /// Adds `address`: EEXIST when the interface has it already.
    [[nodiscard]] Result<void> add_address(std::string_view ifname, const InterfaceAddress& address);
    [[nodiscard]] Result<void> delete_address(std::string_view ifname, const InterfaceAddress& address);
    /// The multicast groups `ifname` is a member of (RTM_GETMULTICAST), both families.
    [[nodiscard]] Result<std::vector<std::string>> read_multicast_groups(std::string_view ifname);
    [[nodiscard]] Result<void> set_all_multicast(std::string_view ifname, bool enabled);
    /// The VLAN interfaces made on top of `parent`.
    [[nodiscard]] Result<std::vector<VlanLink>> read_vlans(std::string_view parent);
    /// What the PF `pf` sets for each of its VFs, by VF number (empty: no VFs).
    [[nodiscard]] Result<std::map<unsigned, topology::VfSettings>> read_vfs(std::string_view pf);
    /// Sets what `vf` has for VF number `index` of the PF `pf`.
    [[nodiscard]] Result<void> set_vf(std::string_view pf, unsigned index, const topology::VfSettings& vf);
    /// Makes VLAN `id` on `parent` as `ifname`, up.
    [[nodiscard]] Result<void> add_vlan(std::string_view parent, std::string_view ifname, unsigned id);
    [[nodiscard]] Result<void> delete_link(std::string_view ifname);
    /// The link-layer address `ifname`'s neighbour table gives `address`,
    /// nullopt when it has no confirmed entry.
    [[nodiscard]] Result<std::optional<std::string>> read_neighbour(std::string_view ifname, const std::string& address,
                                                                    bool ipv6);

    // ---- ethtool ----
    /// Speed, duplex, autoneg (LINKMODES_GET) and the port (LINKINFO_GET;
    /// left empty when only that part is unreadable).
    [[nodiscard]] Result<LinkModes> read_link_modes(std::string_view ifname);
    [[nodiscard]] Result<void> set_link_modes(std::string_view ifname, const LinkModesRequest& request);
    [[nodiscard]] Result<Features> read_features(std::string_view ifname);
    /// Sets the named features (`ethtool -K X NAME on|off ...`), the others as they are.
    [[nodiscard]] Result<void> set_features(std::string_view ifname, const std::map<std::string, bool>& wanted);
    [[nodiscard]] Result<Channels> read_channels(std::string_view ifname);
    [[nodiscard]] Result<void> set_channels(std::string_view ifname, const ChannelCounts& counts);
    [[nodiscard]] Result<Rings> read_rings(std::string_view ifname);
    [[nodiscard]] Result<void> set_rings(std::string_view ifname, const RingSizes& sizes);
    /// ETHTOOL_RESET of the components dedicated to the interface (`ethtool
    /// --reset DEV dedicated`), never the ones a multi-port NIC shares with
    /// its other ports. Ethtool netlink has no reset message: this is the
    /// SIOCETHTOOL ioctl, on a socket made in the interface's namespace.
    [[nodiscard]] Result<void> reset(std::string_view ifname);
    /// The driver, its version, the firmware version and the bus address
    /// (`ethtool -i DEV`). Ethtool netlink has no driver-info message: this
    /// is ETHTOOL_GDRVINFO through SIOCETHTOOL, as reset() is.
    [[nodiscard]] Result<DriverInfo> read_driver_info(std::string_view ifname);

private:
    /// One SIOCETHTOOL request on `ifname`, `data` its ethtool_* struct,
    /// through a socket made in the interface's namespace.
    [[nodiscard]] Result<void> ethtool_ioctl(std::string_view ifname, void* data, const std::string& operation);

    explicit Netlink(NlSocket route) noexcept : route_{std::move(route)} {}

    /// The ethtool socket and family id, opened and resolved on first use.
    [[nodiscard]] Result<NlSocket*> ethtool();
    /// An ethtool *_GET whose single reply `parse` reads.
    template <typename T, typename Parse>
    [[nodiscard]] Result<T> ethtool_get(std::uint8_t command, std::string_view ifname, std::string operation,
                                        Parse parse);

    NlSocket route_;
    std::optional<NlSocket> generic_;
    int ethtool_family_ = 0;
};

} // namespace hammer::kernel_ops
