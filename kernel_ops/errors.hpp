#pragma once

#include "kernel_ops/result.hpp"
#include "src/control/errors.hpp"

namespace hammer::kernel_ops {

using control::classify;
using control::ErrorKind;

/// control::verdict_for of the netlink error: SKIP when unsupported, FAIL
/// when refused, ERROR otherwise.
[[nodiscard]] inline operations::Verdict verdict_for(const NlError& error)
{
    return control::verdict_for(to_failure(error));
}

} // namespace hammer::kernel_ops
