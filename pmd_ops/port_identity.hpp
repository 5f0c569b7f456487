#pragma once

#include "pmd_ops/port.hpp"
#include "src/operations/device_identity.hpp"

namespace hammer::pmd_ops {

/// Who the port's device is: the PMD (rte_eth_dev_info.driver_name) with
/// DPDK's version as its own (PMDs are versioned with DPDK), the firmware
/// (rte_eth_dev_fw_version_get), the rte_device and its bus, and for a PCI
/// device its vendor:device from sysfs. Never fails: what cannot be read is
/// named in `unavailable` with the reason (virtual devices have no firmware:
/// ENOTSUP).
[[nodiscard]] operations::DeviceIdentity read_port_identity(const Port& port);

} // namespace hammer::pmd_ops
