#pragma once

// The port-control interface: what the control operations (link flap, MTU,
// channels, rings, link modes, counters, reset) do to one port, written once
// in core over two backends. The netlink backend (kernel_ops) drives a kernel
// netdev through rtnetlink and ethtool; the ethdev backend (pmd_ops) drives a
// DPDK port through the ethdev API, as testpmd and TRex do on a vfio-bound NIC.

#include "src/config/run_config.hpp"
#include "src/control/port_types.hpp"
#include "src/control/result.hpp"
#include "src/operations/outcome.hpp"
#include "src/operations/pair_traffic.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <stop_token>
#include <string>
#include <string_view>

namespace hammer::operations {
struct OperationContext;
}
namespace hammer::run {
class Clock;
}
namespace hammer::topology {
struct Endpoint;
}

namespace hammer::control {

/// One port, opened for one operation step by one pair thread. Every call
/// returns its outcome with the errno and the device's own message; none
/// throws. A change the device needs stopped for (an ethdev queue or
/// descriptor change) stops the port, changes it and starts it again.
class PortControl {
public:
    PortControl() = default;
    PortControl(const PortControl&) = delete;
    PortControl& operator=(const PortControl&) = delete;
    virtual ~PortControl() = default;

    /// How messages name the port: "hm0a", "port 0 (net_tap0)".
    [[nodiscard]] virtual const std::string& name() const = 0;

    // ---- reads ----
    [[nodiscard]] virtual Result<LinkStatus> read_link() = 0;
    [[nodiscard]] virtual Result<LinkStats> read_stats() = 0;
    /// Queue counts: ethtool channels; an ethdev port's RX and TX queues.
    [[nodiscard]] virtual Result<Channels> read_channels() = 0;
    /// Descriptor counts: ethtool rings; an ethdev port's RX and TX descriptors per queue.
    [[nodiscard]] virtual Result<Rings> read_rings() = 0;
    [[nodiscard]] virtual Result<LinkModes> read_link_modes() = 0;

    // ---- changes ----
    [[nodiscard]] virtual Result<void> set_admin(bool up) = 0;
    [[nodiscard]] virtual Result<void> set_mtu(std::uint32_t mtu) = 0;
    [[nodiscard]] virtual Result<void> set_channels(const ChannelCounts& counts) = 0;
    [[nodiscard]] virtual Result<void> set_rings(const RingSizes& sizes) = 0;
    [[nodiscard]] virtual Result<void> set_link_modes(const LinkModesRequest& request) = 0;
    /// Resets the device (ethtool --reset; rte_eth_dev_reset) and leaves it
    /// set up as it was before: same queues, descriptors and MTU.
    [[nodiscard]] virtual Result<void> reset() = 0;

    // ---- what each call is as a person would type it ----
    // Recorded in command-history, never executed: `ip` / `ethtool` for a
    // netdev, testpmd's own commands for an ethdev port. A change that takes
    // several commands (port stop, port config, port start) gives them one
    // per line, as a testpmd command file would.
    [[nodiscard]] virtual std::string show_link_command() const = 0;
    [[nodiscard]] virtual std::string show_stats_command() const = 0;
    [[nodiscard]] virtual std::string show_channels_command() const = 0;
    [[nodiscard]] virtual std::string show_rings_command() const = 0;
    [[nodiscard]] virtual std::string show_link_modes_command() const = 0;
    [[nodiscard]] virtual std::string set_admin_command(bool up) const = 0;
    [[nodiscard]] virtual std::string set_mtu_command(std::uint32_t mtu) const = 0;
    [[nodiscard]] virtual std::string set_channels_command(const ChannelCounts& counts) const = 0;
    [[nodiscard]] virtual std::string set_rings_command(const RingSizes& sizes) const = 0;
    [[nodiscard]] virtual std::string set_link_modes_command(const LinkModesRequest& request) const = 0;
    [[nodiscard]] virtual std::string reset_command() const = 0;
};

/// Reads the link until it has carrier, every 10 ms on `clock`: ETIMEDOUT
/// after `timeout`, ECANCELED when stop is requested first.
[[nodiscard]] Result<LinkStatus> wait_for_carrier(PortControl& port, std::chrono::milliseconds timeout,
                                                  run::Clock& clock, const std::stop_token& stop);

/// A port opened for a step, or why not (SKIP: the endpoint cannot be
/// controlled that way or is refused; ERROR: it is gone).
struct OpenedPort {
    std::unique_ptr<PortControl> port; ///< null when `verdict` says why not
    operations::Verdict verdict;
};

/// Opens the ports of one backend. The runner's pair threads share one, so
/// implementations are thread-safe.
class PortOpener {
public:
    PortOpener() = default;
    PortOpener(const PortOpener&) = delete;
    PortOpener& operator=(const PortOpener&) = delete;
    virtual ~PortOpener() = default;

    /// Opens `endpoint` of `context.pair`; may record what it checked.
    [[nodiscard]] virtual OpenedPort open(operations::OperationContext& context,
                                          const topology::Endpoint& endpoint) = 0;
};

/// The backends a build has, and what the control operations are allowed.
struct ControlBackends {
    std::shared_ptr<PortOpener> netlink; ///< ends with attr.kernel; null: not in this build
    std::shared_ptr<PortOpener> ethdev;  ///< ends with attr.dpdk; null: not in this build
    /// How long bringing a link up may take before the step is an ERROR:
    /// the run config's recovery.up_timeout.
    std::chrono::milliseconds up_timeout{20'000};
    /// The run config's background_traffic: when set, every control step on
    /// a pair with DPDK ports on both ends runs under it, started by
    /// `traffic`, and records each change's outage.
    std::optional<config::BackgroundTraffic> background;
    std::shared_ptr<operations::TrafficSource> traffic; ///< null: not in this build
};

/// Opens `endpoint` through the backend its termination point names
/// (attr.control), else netlink when it has attr.kernel, else ethdev when it
/// has attr.dpdk; SKIP when it has neither or the build lacks that backend.
[[nodiscard]] OpenedPort open_port(const ControlBackends& backends, operations::OperationContext& context,
                                   const topology::Endpoint& endpoint);

} // namespace hammer::control
