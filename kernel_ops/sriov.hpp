#pragma once

// SR-IOV virtual functions of a PF, through sysfs as the kernel documents it
// (Documentation/PCI/pci-iov-howto.rst): `sriov_totalvfs` says how many the
// device offers, writing `sriov_numvfs` makes them. There is no netlink for it.

#include "kernel_ops/result.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hammer::kernel_ops {

/// A PF's SR-IOV controls, under a sysfs root (`/sys`; tests give a tree of their own).
class SriovDevice {
public:
    /// The PCI device directory: `ROOT/bus/pci/devices/BUS` when the driver
    /// reports a PCI bus address (`ethtool -i`'s bus-info: the same in every
    /// network namespace), else `ROOT/class/net/IFNAME/device`.
    SriovDevice(const std::filesystem::path& sysfs_root, std::string_view ifname, std::string_view bus_info);

    /// Whether the device has SR-IOV controls (`sriov_numvfs` exists): a PF.
    [[nodiscard]] bool capable() const;
    /// The VFs there are now.
    [[nodiscard]] Result<unsigned> read_numvfs() const;
    /// The most VFs the device offers.
    [[nodiscard]] Result<unsigned> read_totalvfs() const;
    /// Writes `count` to sriov_numvfs. The kernel refuses one non-zero count
    /// over another (EBUSY), so a change between two writes 0 first; each
    /// write is one command in `written` ("echo 4 > …/sriov_numvfs").
    [[nodiscard]] Result<void> write_numvfs(unsigned count, std::vector<std::string>& written) const;
    /// The network interfaces of the VFs (`virtfn*/net/*`), by VF number.
    [[nodiscard]] std::vector<std::string> vf_interfaces() const;
    /// The number N of the VF whose interface is `ifname` (`virtfnN/net/IFNAME`).
    [[nodiscard]] std::optional<unsigned> vf_number(std::string_view ifname) const;

    /// `echo N > …/sriov_numvfs` and `cat …/sriov_numvfs`: what a human
    /// types, with the path as on a real system.
    [[nodiscard]] std::string write_command(unsigned count) const;
    [[nodiscard]] std::string read_command() const;

private:
    [[nodiscard]] Result<unsigned> read_count(const char* file) const;
    /// (VF number, interface) of every VF a network driver holds.
    [[nodiscard]] std::vector<std::pair<unsigned, std::string>> vf_netdevs() const;

    std::filesystem::path directory_;
    std::filesystem::path shown_; ///< directory_ with the real /sys in front, for commands
};

class Netlink;

/// The SR-IOV controls of the device behind `ifname`, found by the bus-info
/// its driver reports (ETHTOOL_GDRVINFO), else through `class/net`.
[[nodiscard]] SriovDevice find_sriov_device(Netlink& netlink, std::string_view ifname,
                                            const std::filesystem::path& sysfs_root);

} // namespace hammer::kernel_ops
