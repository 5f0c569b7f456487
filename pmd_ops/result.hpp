#pragma once

#include "src/common/expected.hpp"

#include <string>

namespace hammer::pmd_ops {

/// Why a DPDK call failed: the call as a human would write it
/// ("rte_eth_dev_set_mtu(port=0, 9000)"), the errno it reported (rte_errno or
/// the negative return value) and that errno's text from rte_strerror.
struct Error {
    std::string call;
    int code = 0;
    std::string message;

    /// "call: message (errno N)".
    [[nodiscard]] std::string to_string() const
    {
        return call + ": " + message + " (errno " + std::to_string(code) + ")";
    }
};

/// The value of a DPDK control-path call or the Error that prevented it.
template <typename T>
using Result = common::Expected<T, Error>;

} // namespace hammer::pmd_ops
