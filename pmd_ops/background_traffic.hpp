#pragma once

#include "pmd_ops/runtime.hpp"
#include "src/operations/pair_traffic.hpp"

#include <memory>

namespace hammer::pmd_ops {

/// The run config's background_traffic on the runtime's pairs: both ways at
/// the configured rate, over every queue of the ports, on the pair's lcores.
[[nodiscard]] std::shared_ptr<operations::TrafficSource> make_background_traffic(std::shared_ptr<PmdRuntime> runtime);

} // namespace hammer::pmd_ops
