#pragma once

#include "kernel_ops/link_types.hpp"
#include "kernel_ops/netlink.hpp"
#include "kernel_ops/result.hpp"
#include "src/operations/outcome.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hammer::kernel_ops {

/// One ethtool part of a snapshot: its value, or why it could not be read.
template <typename T>
struct Readable {
    std::optional<T> value;
    std::string unreadable; ///< the kernel's reason, when value is absent

    friend bool operator==(const Readable&, const Readable&) = default;
};

/// What a VF's PF sets for it (IFLA_VF_*), read through the PF.
struct VfSnapshot {
    std::string pf;  ///< the PF's interface
    unsigned number = 0; ///< the VF's number on its PF (virtfnN)
    topology::VfSettings settings;
    friend bool operator==(const VfSnapshot&, const VfSnapshot&) = default;
};

/// What hammer puts back on an interface after a run: everything its
/// operations change. Parts the driver does not let hammer read (veth rings)
/// are recorded as unreadable with the kernel's reason and left alone.
struct InterfaceSnapshot {
    std::string ifname;
    std::string netns;
    bool admin_up = false;
    /// Absent in snapshots journaled before hammer kept it: then left alone.
    std::optional<bool> promiscuous;
    /// What a start-up configuration adds, absent in snapshots journaled
    /// before hammer kept them (then left alone): IFF_ALLMULTI, the
    /// addresses but the kernel's link-local ones (multicast groups joined
    /// through autojoin addresses among them), and the names of the VLAN
    /// interfaces on top of this one.
    std::optional<bool> all_multicast;
    std::optional<std::vector<InterfaceAddress>> addresses;
    std::optional<std::vector<std::string>> vlans;
    /// The VFs of a PF (sriov_numvfs); absent for a device without SR-IOV.
    std::optional<unsigned> sriov_numvfs;
    /// On a VF whose start-up sets "vf": what its PF has for it.
    std::optional<VfSnapshot> vf;
    std::uint32_t mtu = 0;
    Readable<ChannelCounts> channels;
    Readable<RingSizes> rings;
    Readable<LinkModes> link_modes;
    /// What was asked of each feature `ethtool -K` may change (the wanted
    /// bits: the active ones follow from them). Empty in snapshots journaled
    /// before hammer kept them: then left alone.
    Readable<std::map<std::string, bool>> features;
};

/// Reads an interface. Fails when the link cannot be read; an ethtool part
/// that answers EOPNOTSUPP is recorded as unreadable, other ethtool errors fail.
/// A PF's VF count is read under `sysfs_root`. With `pf` (the interface of
/// the PF the topology names for it), also what that PF has for this VF,
/// when sysfs shows it as one of the PF's.
[[nodiscard]] Result<InterfaceSnapshot> take_snapshot(Netlink& netlink, std::string_view ifname,
                                                      const std::filesystem::path& sysfs_root = "/sys",
                                                      std::string_view pf = {});

/// The snapshot as the journal keeps it:
/// {"ifname", "netns", "admin_up", "promiscuous", "all_multicast", "mtu",
///  "addresses": [{"address", "prefix_length", "autojoin"}], "vlans": [names],
///  "channels": {"rx", "tx", "other", "combined"} | {"unreadable": reason},
///  "rings": {"rx", "rx_mini", "rx_jumbo", "tx"} | {"unreadable": reason},
///  "link_modes": {"speed", "duplex", "autoneg", "port"} | {"unreadable": reason},
///  "features": {name: on} | {"unreadable": reason}, "sriov_numvfs" (a PF only),
///  "vf": {"pf", "number", "settings": {"mac", "vlan", "trust", "spoof-check"}} (a VF only)}
[[nodiscard]] nlohmann::json to_json(const InterfaceSnapshot& snapshot);
/// Throws nlohmann::json::exception for a document to_json did not write.
[[nodiscard]] InterfaceSnapshot snapshot_from_json(const nlohmann::json& json);

/// Each way `actual` differs from `expected` in what restore puts back
/// ("mtu 9000, expected 1500"); empty when it is as expected.
[[nodiscard]] std::vector<std::string> differences(const InterfaceSnapshot& expected, const InterfaceSnapshot& actual);

/// Puts back what differs from `snapshot` (a PF's VF count first, what a
/// VF's PF has for it, VLAN interfaces made since are
/// deleted, addresses added since are deleted and those lost are added back,
/// channels, rings, link modes, MTU, promiscuous and all-multicast mode,
/// then the admin state) and reads the interface again to check. PASS when it
/// reads back as the snapshot; FAIL with each difference or refusal (the
/// kernel's text); ERROR when the interface cannot be reached.
[[nodiscard]] operations::Verdict restore_snapshot(Netlink& netlink, const InterfaceSnapshot& snapshot,
                                                   const std::filesystem::path& sysfs_root = "/sys");

} // namespace hammer::kernel_ops
