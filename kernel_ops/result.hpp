#pragma once

#include "src/common/expected.hpp"
#include "src/control/result.hpp"

#include <string>

namespace hammer::kernel_ops {

/// Why a netlink request failed: the real errno (not libnl's folded NLE code),
/// what was asked, and the kernel's own explanation (extended ACK), if it gave one.
struct NlError {
    int error_number = 0;       ///< positive errno: EINVAL, ENODEV, EOPNOTSUPP, ...
    std::string operation;      ///< what was asked: "set MTU 9000 on hm0a"
    std::string kernel_message; ///< the extack text; empty when the kernel gave none

    /// "set MTU 70000 on hm0a: EINVAL (Invalid argument); kernel: mtu greater than device maximum"
    [[nodiscard]] std::string describe() const;
};

/// The port-control interface's Failure for `error`: the same errno,
/// operation and text, said by the kernel.
[[nodiscard]] inline control::Failure to_failure(const NlError& error)
{
    return {error.error_number, error.operation, error.kernel_message, "kernel"};
}

using control::errno_name;

/// The outcome of one netlink request: a value or the NlError.
template <typename T>
using Result = common::Expected<T, NlError>;

} // namespace hammer::kernel_ops
