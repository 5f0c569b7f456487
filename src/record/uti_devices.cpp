#include "src/record/uti_sections.hpp"

#include <set>
#include <string>
#include <tuple>

namespace hammer::record::uti_sections {

json render_devices(const Journal& journal)
{
    json devices = json::array();
    // A termination point in several pairs (a switch's port) is identified
    // once per pair; its device is the same.
    std::set<std::tuple<std::string, std::string, std::string>> seen;
    for (const auto& event : journal.events) {
        if (!is_event(event, "state") || text_of(event, "state-id") != "identity") {
            continue;
        }
        const auto& data = event["operational-data"];
        const std::string backend = data.is_object() && data.contains("backend") && data["backend"].is_string()
                                        ? data["backend"].get<std::string>()
                                        : std::string{};
        if (!seen.emplace(text_of(event, "node-id"), text_of(event, "tp-id"), backend).second) {
            continue;
        }
        json device = event["operational-data"].is_object() ? event["operational-data"] : json::object();
        device["node-id"] = event["node-id"];
        device["tp-id"] = event["tp-id"];
        devices.push_back(std::move(device));
    }
    return devices;
}

} // namespace hammer::record::uti_sections
