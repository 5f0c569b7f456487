#pragma once

#include "kernel_ops/result.hpp"
#include "src/operations/outcome.hpp"

#include <string_view>

namespace hammer::kernel_ops {

/// What a failed request says about the device, which decides the outcome.
enum class ErrorKind {
    unsupported,    ///< EOPNOTSUPP: the device has no such knob → SKIP with the kernel's reason
    refused,        ///< EINVAL, ERANGE, EBUSY, ...: the device said no to a value → the operation decides
    infrastructure, ///< ENODEV, EPERM, ENOENT (namespace), socket trouble → ERROR, recovery
};

[[nodiscard]] ErrorKind classify(int error_number) noexcept;

/// The outcome for a request that should not have failed: SKIP when
/// unsupported, FAIL when the device refused, ERROR otherwise; the message is
/// NlError::describe() (errno name, what was asked, the kernel's text).
[[nodiscard]] operations::Verdict verdict_for(const NlError& error);

} // namespace hammer::kernel_ops
