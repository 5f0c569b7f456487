#pragma once

#include "pmd_ops/runtime.hpp"
#include "src/operations/operation.hpp"

#include <memory>

namespace hammer::pmd_ops {

/// offload_check: per offload feature (TX IPv4/UDP/IPv6-UDP checksums, RX
/// checksum flags, VLAN insert and strip, RSS hash), PASS or FAIL from frames
/// side a sends and side b receives, or SKIP naming the capability the
/// port's rte_eth_dev_info lacks. The ports are configured with the
/// offloads for the step and put back as they were afterwards.
std::unique_ptr<operations::Operation> make_offload_check(std::shared_ptr<PmdRuntime> runtime);

} // namespace hammer::pmd_ops
