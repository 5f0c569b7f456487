#pragma once

#include "src/common/expected.hpp"

#include <string>

namespace hammer::control {

/// Why a port-control call failed, whichever backend made it: the errno, what
/// was asked, and the device's own explanation (the kernel's extended ACK, the
/// driver's rte_strerror text or a reason the backend found before asking).
struct Failure {
    int error_number = 0;  ///< positive errno: EINVAL, ENODEV, EOPNOTSUPP, ...
    std::string operation; ///< what was asked: "set MTU 9000 on hm0a", "rte_eth_dev_set_mtu(port 0, 9000)"
    std::string message;   ///< the kernel's or driver's text; may be empty
    std::string source = "kernel"; ///< who said `message`: "kernel", "driver"

    /// "set MTU 70000 on hm0a: EINVAL (Invalid argument); kernel: mtu greater than device maximum"
    [[nodiscard]] std::string describe() const;
};

/// The outcome of one port-control call: a value or the Failure.
template <typename T>
using Result = common::Expected<T, Failure>;

/// "EINVAL": the symbolic name of an errno, or "errno 4242" for one glibc does not know.
[[nodiscard]] std::string errno_name(int error_number);

} // namespace hammer::control
