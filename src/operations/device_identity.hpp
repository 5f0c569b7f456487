#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <string>

namespace hammer::operations {

/// What device is behind a termination point, as its driver reports it: the
/// "identity" state of the result, and the store's devices table, so that a
/// history can be told apart by driver and firmware.
struct DeviceIdentity {
    std::string driver;           ///< "veth", "tun", "ice"; a DPDK port's PMD ("net_af_packet")
    std::string driver_version;   ///< "" when the driver reports none
    std::string firmware_version; ///< "" when the driver reports none
    std::string bus_info;         ///< "0000:3b:00.0"; "" for a device on no bus
    std::string pci_id;           ///< vendor:device ("8086:1592") when bus_info is a PCI device
    std::string device;           ///< a DPDK port's rte_device name ("net_af_packet0", "0000:3b:00.0")
    std::string bus;              ///< a DPDK port's bus ("pci", "vdev")
    /// Member → why it could not be read ("firmware-version": "the PMD reports
    /// none (ENOTSUP)"): a gap is recorded, never a reason to stop the run.
    std::map<std::string, std::string> unavailable;
};

/// {"driver", "driver-version", "firmware-version", "bus-info"} always; "pci-id",
/// "device", "bus" and "unavailable" when known.
[[nodiscard]] nlohmann::json to_json(const DeviceIdentity& identity);

/// The PCI vendor:device of `address` ("0000:3b:00.0") from
/// `sysfs`/bus/pci/devices/ADDRESS/{vendor,device} ("0x8086" → "8086"):
/// "8086:1592", or "" when it is no PCI device there or cannot be read.
[[nodiscard]] std::string read_pci_id(const std::string& address, const std::filesystem::path& sysfs = "/sys");

} // namespace hammer::operations
