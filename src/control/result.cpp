#include "src/control/result.hpp"

#include <cstring>

namespace hammer::control {

std::string errno_name(int error_number)
{
    // strerrorname_np (glibc ≥ 2.32) is thread-safe and returns null for unknown values.
    if (const char* name = strerrorname_np(error_number); name != nullptr) {
        return name;
    }
    return "errno " + std::to_string(error_number);
}

std::string Failure::describe() const
{
    const char* description = strerrordesc_np(error_number);
    std::string text = operation + ": " + errno_name(error_number) + " (" +
                       (description != nullptr ? description : "unknown error") + ")";
    if (!message.empty()) {
        text += "; " + source + ": " + message;
    }
    return text;
}

} // namespace hammer::control
