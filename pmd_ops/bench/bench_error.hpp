#pragma once

#include "pmd_ops/result.hpp"

#include <stdexcept>
#include <utility>

namespace hammer::pmd_ops::bench {

/// A bench that cannot run (a device does not probe, a pool does not fit):
/// setup code throws it and main() reports it with exit code 2.
class BenchError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The value of `result`, or BenchError with the failed call and its errno.
template <typename T>
[[nodiscard]] T take(Result<T> result)
{
    if (!result) {
        throw BenchError{result.error().to_string()};
    }
    return std::move(result).value();
}

/// Throws BenchError when `result` failed.
inline void check(const Result<void>& result)
{
    if (!result) {
        throw BenchError{result.error().to_string()};
    }
}

} // namespace hammer::pmd_ops::bench
