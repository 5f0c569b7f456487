#pragma once

#include "kernel_ops/kernel_ops.hpp"
#include "src/operations/operation.hpp"

#include <memory>

namespace hammer::kernel_ops {

// One factory per control operation, one file each (link_flap.cpp, ...).
// Parameters come from OperationContext::params, defaults filled in by the
// catalog (src/operations/catalog.cpp).

/// Admin down both ends for down_seconds, up again, carrier back within 20 s; repeated while the slot lasts.
[[nodiscard]] std::unique_ptr<operations::Operation> make_link_flap(const KernelOptions& options);
/// Sweeps `mtus` (and the device maximum) on both ends, reading each back.
[[nodiscard]] std::unique_ptr<operations::Operation> make_mtu_change(const KernelOptions& options);
/// Sweeps channel `counts` within the driver's maxima on both ends, reading each back.
[[nodiscard]] std::unique_ptr<operations::Operation> make_channel_change(const KernelOptions& options);
/// Sweeps ring `sizes` within the driver's maxima on both ends, reading each back.
[[nodiscard]] std::unique_ptr<operations::Operation> make_ring_change(const KernelOptions& options);
/// Reads speed, duplex, autoneg; steps `speeds` where the device accepts link-mode changes.
[[nodiscard]] std::unique_ptr<operations::Operation> make_link_speed_query(const KernelOptions& options);
/// Reads the 64-bit counters every interval_seconds; records the slot's deltas.
[[nodiscard]] std::unique_ptr<operations::Operation> make_stats_snapshot(const KernelOptions& options);

} // namespace hammer::kernel_ops
