#pragma once

#include "pmd_ops/result.hpp"

#include <rte_errno.h>

#include <string>

namespace hammer::pmd_ops {

/// An Error for `call` that failed with errno `code`, with DPDK's text for it
/// (rte_strerror knows both libc errnos and DPDK's own E_RTE_* codes).
[[nodiscard]] inline Error dpdk_error(std::string call, int code)
{
    return Error{std::move(call), code, rte_strerror(code)};
}

/// For calls that return -errno (most of ethdev).
[[nodiscard]] inline Error negative_errno_error(std::string call, int ret)
{
    return dpdk_error(std::move(call), -ret);
}

/// For calls that return -1 or NULL and leave the reason in rte_errno.
[[nodiscard]] inline Error rte_errno_error(std::string call)
{
    return dpdk_error(std::move(call), rte_errno);
}

} // namespace hammer::pmd_ops
