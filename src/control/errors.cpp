#include "src/control/errors.hpp"

#include <cerrno>

namespace hammer::control {

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

operations::Verdict verdict_for(const Failure& failure)
{
    switch (classify(failure.error_number)) {
    case ErrorKind::unsupported: return operations::Verdict::skip(failure.describe());
    case ErrorKind::refused: return operations::Verdict::fail(failure.describe());
    case ErrorKind::infrastructure: break;
    }
    return operations::Verdict::error(failure.describe());
}

} // namespace hammer::control
