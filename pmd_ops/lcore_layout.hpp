#pragma once

// Where EAL's lcores run, worked out before rte_eal_init so that it can be
// tested without starting DPDK. Includes no DPDK header.

#include "pmd_ops/result.hpp"

#include <string>
#include <vector>

namespace hammer::pmd_ops {

/// Whether EAL arguments lay out the lcores themselves (-l, -c, --lcores,
/// with their value attached or not). Those given after `--` win: hammer
/// then adds no --lcores of its own.
[[nodiscard]] bool lays_out_lcores(const std::vector<std::string>& arguments);

/// The --lcores argument for `workers` worker lcores, given the CPUs of the
/// process's affinity mask (`allowed_cpus`, ascending).
///
/// Without `worker_cpus`, worker lcores 1..n go to the last n allowed CPUs,
/// one each, wrapping when there are more workers than CPUs. With it, worker
/// i runs on worker_cpus[i] (and `workers` is ignored); each must be allowed,
/// else EINVAL naming the CPU. Either way lcore 0, the main lcore, runs on
/// the allowed CPUs no worker has, or floats over all of them when none is left.
[[nodiscard]] Result<std::string> lcores_argument(const std::vector<unsigned>& allowed_cpus, unsigned workers,
                                                  const std::vector<unsigned>& worker_cpus);

} // namespace hammer::pmd_ops
