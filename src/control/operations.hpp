#pragma once

#include "src/control/port_control.hpp"
#include "src/operations/operation.hpp"
#include "src/operations/registry.hpp"

#include <memory>

namespace hammer::control {

// One factory per control operation, one file each (link_flap.cpp, ...),
// each written once over the port-control interface: the same code flaps a
// veth through rtnetlink and a vfio-bound NIC through ethdev. Parameters come
// from OperationContext::params, defaults filled in by the catalog
// (src/operations/catalog.cpp).

/// Admin down both ends for down_seconds, up again, carrier back within up_timeout; repeated while the slot lasts.
[[nodiscard]] std::unique_ptr<operations::Operation> make_link_flap(const ControlBackends& backends);
/// Sweeps `mtus` (and the device maximum) on both ends, reading each back.
[[nodiscard]] std::unique_ptr<operations::Operation> make_mtu_change(const ControlBackends& backends);
/// Sweeps channel (queue) `counts` within the device's maxima on both ends, reading each back.
[[nodiscard]] std::unique_ptr<operations::Operation> make_channel_change(const ControlBackends& backends);
/// Sweeps ring (descriptor) `sizes` within the device's maxima on both ends, reading each back.
[[nodiscard]] std::unique_ptr<operations::Operation> make_ring_change(const ControlBackends& backends);
/// Reads speed, duplex, autoneg; steps `speeds` where the device accepts link-mode changes.
[[nodiscard]] std::unique_ptr<operations::Operation> make_link_speed_query(const ControlBackends& backends);
/// Reads the 64-bit counters every interval_seconds; records the slot's deltas.
[[nodiscard]] std::unique_ptr<operations::Operation> make_stats_snapshot(const ControlBackends& backends);
/// Resets both ends (ethtool --reset, rte_eth_dev_reset): carrier back, settings as found.
[[nodiscard]] std::unique_ptr<operations::Operation> make_port_reset(const ControlBackends& backends);

/// Binds the control operations of the catalog to their one implementation,
/// over `backends`.
void register_control_operations(operations::OperationRegistry& registry, const ControlBackends& backends);

} // namespace hammer::control
