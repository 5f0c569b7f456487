#pragma once

#include "src/control/result.hpp"
#include "src/operations/outcome.hpp"

namespace hammer::control {

/// What a failed request says about the device, which decides the outcome.
enum class ErrorKind {
    unsupported,    ///< EOPNOTSUPP (= ENOTSUP): the device has no such knob → SKIP with its reason
    refused,        ///< EINVAL, ERANGE, EBUSY, ...: the device said no to a value → the operation decides
    infrastructure, ///< ENODEV, EPERM, ENOENT (namespace), socket trouble → ERROR, recovery
};

[[nodiscard]] ErrorKind classify(int error_number) noexcept;

/// The outcome for a request that should not have failed: SKIP when
/// unsupported, FAIL when the device refused, ERROR otherwise; the message is
/// Failure::describe() (errno name, what was asked, the device's text).
[[nodiscard]] operations::Verdict verdict_for(const Failure& failure);

} // namespace hammer::control
