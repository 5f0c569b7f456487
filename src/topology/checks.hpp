#pragma once

#include "src/common/diagnostics.hpp"
#include "src/topology/model.hpp"

namespace hammer::topology {

/// Checks what the structure alone cannot: unique ids, parents and children
/// that agree and do not form a cycle, links and pairings that name existing
/// termination points, and no interface or DPDK device claimed twice.
void check_cross_references(const Model& model, Diagnostics& diagnostics);

} // namespace hammer::topology
