#include "src/store/run_filter.hpp"

#include <algorithm>

namespace hammer::store {

std::vector<std::string> drivers_of(const std::vector<DeviceRow>& devices)
{
    std::vector<std::string> drivers;
    for (const auto& device : devices) {
        if (!device.driver.empty() && std::find(drivers.begin(), drivers.end(), device.driver) == drivers.end()) {
            drivers.push_back(device.driver);
        }
    }
    return drivers;
}

bool matches(const RunFilter& filter, const RunRow& run, const std::vector<DeviceRow>& devices)
{
    if ((filter.host && run.host != *filter.host) || (filter.testbed && run.testbed != *filter.testbed)) {
        return false;
    }
    if (filter.driver) {
        const auto drivers = drivers_of(devices);
        return std::find(drivers.begin(), drivers.end(), *filter.driver) != drivers.end();
    }
    return true;
}

} // namespace hammer::store
