#include "kernel_ops/sriov.hpp"

#include "kernel_ops/netlink.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <fstream>

namespace hammer::kernel_ops {
namespace {

/// A PCI address as the kernel names devices: domain:bus:device.function.
bool is_pci_address(std::string_view text)
{
    return text.size() == 12 && text[4] == ':' && text[7] == ':' && text[10] == '.' &&
           std::all_of(text.begin(), text.end(), [](char c) {
               return std::isxdigit(static_cast<unsigned char>(c)) != 0 || c == ':' || c == '.';
           });
}

std::filesystem::path relative_device(std::string_view ifname, std::string_view bus_info)
{
    if (is_pci_address(bus_info)) {
        return std::filesystem::path{"bus/pci/devices"} / std::string{bus_info};
    }
    return std::filesystem::path{"class/net"} / std::string{ifname} / "device";
}

} // namespace

SriovDevice::SriovDevice(const std::filesystem::path& sysfs_root, std::string_view ifname, std::string_view bus_info)
    : directory_{sysfs_root / relative_device(ifname, bus_info)},
      shown_{std::filesystem::path{"/sys"} / relative_device(ifname, bus_info)}
{
}

bool SriovDevice::capable() const
{
    std::error_code ignored;
    return std::filesystem::exists(directory_ / "sriov_numvfs", ignored);
}

Result<unsigned> SriovDevice::read_count(const char* file) const
{
    const auto path = directory_ / file;
    std::ifstream in{path};
    unsigned count = 0;
    if (!(in >> count)) {
        return NlError{in.is_open() ? EIO : ENOENT, "read " + path.string(), "not a count"};
    }
    return count;
}

Result<unsigned> SriovDevice::read_numvfs() const
{
    return read_count("sriov_numvfs");
}

Result<unsigned> SriovDevice::read_totalvfs() const
{
    return read_count("sriov_totalvfs");
}

std::string SriovDevice::write_command(unsigned count) const
{
    return "echo " + std::to_string(count) + " > " + (shown_ / "sriov_numvfs").string();
}

std::string SriovDevice::read_command() const
{
    return "cat " + (shown_ / "sriov_numvfs").string();
}

Result<void> SriovDevice::write_numvfs(unsigned count, std::vector<std::string>& written) const
{
    auto now = read_numvfs();
    if (!now) {
        return now.error();
    }
    std::vector<unsigned> steps;
    if (now.value() != 0 && count != 0 && now.value() != count) {
        steps.push_back(0);
    }
    if (now.value() != count) {
        steps.push_back(count);
    }
    for (const unsigned step : steps) {
        written.push_back(write_command(step));
        const auto path = directory_ / "sriov_numvfs";
        // sysfs takes the whole value in one write(2); the driver's answer
        // (EBUSY, ENOMEM, EINVAL) comes back from that write or its flush.
        std::ofstream out{path, std::ios::out | std::ios::trunc};
        if (!out.is_open() || !(out << step).flush()) {
            return NlError{errno != 0 ? errno : EIO, "write " + std::to_string(step) + " to " + path.string(), ""};
        }
    }
    return {};
}

SriovDevice find_sriov_device(Netlink& netlink, std::string_view ifname, const std::filesystem::path& sysfs_root)
{
    // A driver that answers no ETHTOOL_GDRVINFO is on no bus hammer can find.
    auto info = netlink.read_driver_info(ifname);
    return {sysfs_root, ifname, info ? info.value().bus_info : std::string{}};
}

std::vector<std::string> SriovDevice::vf_interfaces() const
{
    std::vector<std::string> names;
    for (const auto& [number, ifname] : vf_netdevs()) {
        names.push_back(ifname);
    }
    return names;
}

std::optional<unsigned> SriovDevice::vf_number(std::string_view ifname) const
{
    for (const auto& [number, name] : vf_netdevs()) {
        if (name == ifname) {
            return number;
        }
    }
    return std::nullopt;
}

std::vector<std::pair<unsigned, std::string>> SriovDevice::vf_netdevs() const
{
    std::vector<std::pair<unsigned, std::string>> netdevs;
    std::error_code error;
    // virtfnN exists for every VF; its net/ only while a network driver
    // holds the VF (not when vfio-pci does).
    for (unsigned vf = 0; std::filesystem::exists(directory_ / ("virtfn" + std::to_string(vf)), error); ++vf) {
        const auto net = directory_ / ("virtfn" + std::to_string(vf)) / "net";
        for (const auto& entry : std::filesystem::directory_iterator{net, error}) {
            netdevs.emplace_back(vf, entry.path().filename().string());
        }
    }
    return netdevs;
}

} // namespace hammer::kernel_ops
