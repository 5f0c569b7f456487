#include "kernel_ops/errors.hpp"

#include <cerrno>
#include <cstring>

namespace hammer::kernel_ops {

std::string errno_name(int error_number)
{
    // strerrorname_np (glibc ≥ 2.32) is thread-safe and returns null for unknown values.
    if (const char* name = strerrorname_np(error_number); name != nullptr) {
        return name;
    }
    return "errno " + std::to_string(error_number);
}

std::string NlError::describe() const
{
    const char* description = strerrordesc_np(error_number);
    std::string text = operation + ": " + errno_name(error_number) + " (" +
                       (description != nullptr ? description : "unknown error") + ")";
    if (!kernel_message.empty()) {
        text += "; kernel: " + kernel_message;
    }
    return text;
}

ErrorKind classify(int error_number) noexcept
{
    switch (error_number) {
    case EOPNOTSUPP:
        return ErrorKind::unsupported;
    case EINVAL:
    case ERANGE:
    case E2BIG:
    case EOVERFLOW:
    case EBUSY:
        return ErrorKind::refused;
    default:
        return ErrorKind::infrastructure;
    }
}

operations::Verdict verdict_for(const NlError& error)
{
    switch (classify(error.error_number)) {
    case ErrorKind::unsupported: return operations::Verdict::skip(error.describe());
    case ErrorKind::refused: return operations::Verdict::fail(error.describe());
    case ErrorKind::infrastructure: break;
    }
    return operations::Verdict::error(error.describe());
}

} // namespace hammer::kernel_ops
