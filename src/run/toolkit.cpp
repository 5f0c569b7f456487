#include "src/run/toolkit.hpp"

#include "src/common/text.hpp"

#include <algorithm>

namespace hammer::run {

operations::EndpointBackend* Toolkit::find_backend(std::string_view name) const
{
    for (const auto& backend : backends) {
        if (backend->name() == name) {
            return backend.get();
        }
    }
    return nullptr;
}

std::string Toolkit::missing_privileges(const std::vector<topology::Pair>& pairs) const
{
    // Capability → what needs it, in the order first met, each need once.
    std::vector<std::pair<std::string, std::vector<std::string>>> missing;
    for (const auto& pair : pairs) {
        for (const topology::Endpoint* endpoint : {&pair.a, &pair.b}) {
            for (const auto& backend : backends) {
                if (!backend->manages(*endpoint)) {
                    continue;
                }
                for (auto& lack : backend->missing_privileges(*endpoint)) {
                    auto entry = std::find_if(missing.begin(), missing.end(),
                                              [&](const auto& known) { return known.first == lack.capability; });
                    if (entry == missing.end()) {
                        entry = missing.insert(missing.end(), {lack.capability, {}});
                    }
                    if (std::find(entry->second.begin(), entry->second.end(), lack.needed_for) == entry->second.end()) {
                        entry->second.push_back(std::move(lack.needed_for));
                    }
                }
            }
        }
    }
    return joined(missing, " and ", [](const auto& entry) {
        return entry.first + " (for " + joined(entry.second, ", ") + ")";
    });
}

} // namespace hammer::run
