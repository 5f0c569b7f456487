#include "tests/support/journal_events.hpp"

#include <fstream>

namespace hammer::testing {

std::vector<nlohmann::json> journal_events(const std::filesystem::path& path, const std::string& event)
{
    std::vector<nlohmann::json> found;
    std::ifstream journal{path};
    for (std::string line; std::getline(journal, line);) {
        auto parsed = nlohmann::json::parse(line, nullptr, false);
        if (!parsed.is_discarded() && parsed.value("event", "") == event) {
            found.push_back(std::move(parsed));
        }
    }
    return found;
}

std::vector<nlohmann::json> journal_commands(const std::filesystem::path& path, const std::string& command)
{
    std::vector<nlohmann::json> found;
    for (auto& entry : journal_events(path, "command")) {
        if (entry.value("command", "") == command) {
            found.push_back(std::move(entry));
        }
    }
    return found;
}

} // namespace hammer::testing
