#include "pmd_ops/port_identity.hpp"

#include "pmd_ops/dpdk_error.hpp"

#include <rte_bus.h>
#include <rte_dev.h>
#include <rte_ethdev.h>
#include <rte_version.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace hammer::pmd_ops {
namespace {

/// Longer than any firmware string a PMD writes (ice: "4.40 0x8001c967 1.3534.0").
constexpr std::size_t firmware_text_size = 128;

std::string call_on(const char* call, std::uint16_t port_id)
{
    return std::string{call} + "(port=" + std::to_string(port_id) + ")";
}

void read_firmware(std::uint16_t port_id, operations::DeviceIdentity& identity)
{
    std::array<char, firmware_text_size> text{};
    const int ret = rte_eth_dev_fw_version_get(port_id, text.data(), text.size());
    if (ret == 0) {
        identity.firmware_version = std::string{text.data(), ::strnlen(text.data(), text.size())};
    } else if (ret == -ENOTSUP) {
        identity.unavailable["firmware-version"] = "the PMD reports none (ENOTSUP)";
    } else if (ret > 0) {
        identity.unavailable["firmware-version"] =
            "longer than " + std::to_string(text.size()) + " bytes (" + std::to_string(ret) + ")";
    } else {
        identity.unavailable["firmware-version"] =
            negative_errno_error(call_on("rte_eth_dev_fw_version_get", port_id), ret).to_string();
    }
}

} // namespace

operations::DeviceIdentity read_port_identity(const Port& port)
{
    operations::DeviceIdentity identity;
    rte_eth_dev_info info{};
    if (const int ret = rte_eth_dev_info_get(port.id(), &info); ret < 0) {
        identity.unavailable["driver"] =
            negative_errno_error(call_on("rte_eth_dev_info_get", port.id()), ret).to_string();
        return identity;
    }
    identity.driver = info.driver_name != nullptr ? info.driver_name : "";
    identity.driver_version = rte_version();
    read_firmware(port.id(), identity);
    if (info.device != nullptr) {
        identity.device = rte_dev_name(info.device);
        const rte_bus* bus = rte_dev_bus(info.device);
        identity.bus = bus != nullptr ? rte_bus_name(bus) : "";
    }
    if (identity.bus == "pci") {
        identity.bus_info = identity.device;
        identity.pci_id = operations::read_pci_id(identity.bus_info);
    }
    return identity;
}

} // namespace hammer::pmd_ops
