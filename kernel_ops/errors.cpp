#include "kernel_ops/result.hpp"

namespace hammer::kernel_ops {

std::string NlError::describe() const
{
    return to_failure(*this).describe();
}

} // namespace hammer::kernel_ops
