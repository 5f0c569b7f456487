#pragma once

#include "kernel_ops/kernel_ops.hpp"
#include "src/control/port_control.hpp"

#include <memory>

namespace hammer::kernel_ops {

/// The netlink backend of the port-control interface: opens an endpoint's
/// attr.kernel interface (its namespace's rtnetlink and ethtool sockets),
/// refusing with SKIP the interface that carries a default route unless
/// `options` allow it (DESIGN.md rule 5).
[[nodiscard]] std::shared_ptr<control::PortOpener> make_netlink_port_opener(const KernelOptions& options);

} // namespace hammer::kernel_ops
