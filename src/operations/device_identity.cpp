#include "src/operations/device_identity.hpp"

#include <fstream>

namespace hammer::operations {
namespace {

/// One hex id of a sysfs file ("0x8086\n" → "8086"), "" when unreadable.
std::string read_hex_id(const std::filesystem::path& file)
{
    std::ifstream in{file};
    std::string text;
    if (!(in >> text) || !text.starts_with("0x") || text.size() <= 2 ||
        text.find_first_not_of("0123456789abcdefABCDEF", 2) != std::string::npos) {
        return {};
    }
    return text.substr(2);
}

} // namespace

nlohmann::json to_json(const DeviceIdentity& identity)
{
    nlohmann::json json{{"driver", identity.driver},
                        {"driver-version", identity.driver_version},
                        {"firmware-version", identity.firmware_version},
                        {"bus-info", identity.bus_info}};
    const auto add_known = [&json](const char* member, const std::string& value) {
        if (!value.empty()) {
            json[member] = value;
        }
    };
    add_known("pci-id", identity.pci_id);
    add_known("device", identity.device);
    add_known("bus", identity.bus);
    if (!identity.unavailable.empty()) {
        json["unavailable"] = identity.unavailable;
    }
    return json;
}

std::string read_pci_id(const std::string& address, const std::filesystem::path& sysfs)
{
    // An address with a '/' could point outside the devices directory.
    if (address.empty() || address.find('/') != std::string::npos || address == "." || address == "..") {
        return {};
    }
    const auto device = sysfs / "bus" / "pci" / "devices" / address;
    const auto vendor_id = read_hex_id(device / "vendor");
    const auto device_id = read_hex_id(device / "device");
    if (vendor_id.empty() || device_id.empty()) {
        return {};
    }
    return vendor_id + ":" + device_id;
}

} // namespace hammer::operations
