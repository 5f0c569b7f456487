#pragma once

#include "src/store/result_store.hpp"

#include <optional>
#include <string>
#include <vector>

namespace hammer::store {

/// Which stored runs a command asks for (`history`, `report --store`): each
/// name matches exactly; one not given matches every run.
struct RunFilter {
    std::optional<std::string> host;    ///< --host: test.metadata.host.name
    std::optional<std::string> testbed; ///< --testbed: test.metadata.host.testbed
    std::optional<std::string> driver;  ///< --driver: a driver of any of the run's devices
};

/// The drivers of a run's devices, each once, in the order of the devices.
[[nodiscard]] std::vector<std::string> drivers_of(const std::vector<DeviceRow>& devices);

/// Whether a run with these devices passes every name the filter gives.
[[nodiscard]] bool matches(const RunFilter& filter, const RunRow& run, const std::vector<DeviceRow>& devices);

} // namespace hammer::store
