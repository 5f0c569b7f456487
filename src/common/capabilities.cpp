#include "src/common/capabilities.hpp"

#include <cstdint>
#include <fstream>

namespace hammer {

bool has_capability(const Capability& capability)
{
    std::ifstream status{"/proc/self/status"};
    for (std::string line; std::getline(status, line);) {
        if (line.rfind("CapEff:", 0) == 0) {
            const std::uint64_t effective = std::stoull(line.substr(7), nullptr, 16);
            return ((effective >> capability.number) & 1U) != 0;
        }
    }
    return false; // no /proc: nothing can be assumed
}

} // namespace hammer
