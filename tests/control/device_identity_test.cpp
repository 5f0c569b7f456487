#include "src/operations/device_identity.hpp"

#include "tests/record/run_directory.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace hammer::operations {
namespace {

using nlohmann::json;

/// A sysfs tree with one PCI device, as /sys/bus/pci/devices/ADDRESS shows it.
void add_pci_device(const std::filesystem::path& sysfs, const std::string& address, const std::string& vendor,
                    const std::string& device)
{
    const auto directory = sysfs / "bus" / "pci" / "devices" / address;
    std::filesystem::create_directories(directory);
    std::ofstream{directory / "vendor"} << vendor << "\n";
    std::ofstream{directory / "device"} << device << "\n";
}

TEST(DeviceIdentity, JsonNamesWhatEveryDriverReportsAndOnlyTheRestThatIsKnown)
{
    DeviceIdentity veth;
    veth.driver = "veth";
    veth.driver_version = "1.0";
    EXPECT_EQ(to_json(veth),
              json({{"driver", "veth"}, {"driver-version", "1.0"}, {"firmware-version", ""}, {"bus-info", ""}}));

    DeviceIdentity port;
    port.driver = "net_ice";
    port.driver_version = "DPDK 22.11.4";
    port.bus_info = "0000:3b:00.0";
    port.pci_id = "8086:1592";
    port.device = "0000:3b:00.0";
    port.bus = "pci";
    port.unavailable["firmware-version"] = "the PMD reports none (ENOTSUP)";
    EXPECT_EQ(to_json(port), json({{"driver", "net_ice"},
                                   {"driver-version", "DPDK 22.11.4"},
                                   {"firmware-version", ""},
                                   {"bus-info", "0000:3b:00.0"},
                                   {"pci-id", "8086:1592"},
                                   {"device", "0000:3b:00.0"},
                                   {"bus", "pci"},
                                   {"unavailable", {{"firmware-version", "the PMD reports none (ENOTSUP)"}}}}));
}

TEST(ReadPciId, IsVendorAndDeviceWithoutTheirPrefix)
{
    record::testing::RunDirectory sysfs;
    add_pci_device(sysfs.path(), "0000:3b:00.0", "0x8086", "0x1592");
    EXPECT_EQ(read_pci_id("0000:3b:00.0", sysfs.path()), "8086:1592");
}

TEST(ReadPciId, IsEmptyForWhatIsNoPciDevice)
{
    record::testing::RunDirectory sysfs;
    add_pci_device(sysfs.path(), "0000:3b:00.1", "garbage", "0x1592");
    EXPECT_EQ(read_pci_id("", sysfs.path()), "");
    EXPECT_EQ(read_pci_id("tap", sysfs.path()), "");           // tun's bus-info
    EXPECT_EQ(read_pci_id("0000:3b:00.1", sysfs.path()), ""); // unreadable vendor
    EXPECT_EQ(read_pci_id("../../../etc", sysfs.path()), "");
    EXPECT_EQ(read_pci_id("..", sysfs.path()), "");
}

} // namespace
} // namespace hammer::operations
