#pragma once

// The ethdev backend of the port-control interface: a DPDK port driven
// through the ethdev API, as testpmd drives a vfio-bound NIC that has no
// kernel netdev. One EthdevPort per opened end of a pair; both ends live in
// the runtime's PairPorts.

#include "pmd_ops/result.hpp"
#include "pmd_ops/runtime.hpp"
#include "src/control/port_control.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace hammer::pmd_ops {

/// The Failure a port-control caller sees for a failed DPDK call: the errno
/// made positive (DPDK's ENOTSUP as EOPNOTSUPP, the same value on Linux, so
/// the core makes it a SKIP), the call, rte_strerror's text or the reason
/// pmd_ops found, said by "driver".
[[nodiscard]] control::Failure to_failure(const Error& error);

/// One port of a pair under the port-control interface. Changes that need
/// the port stopped (queues, descriptors, link speeds, reset, an MTU the
/// driver refuses on a started port) stop BOTH ports of the pair, change
/// this one, and start both again, a before b: memif disconnects on stop and
/// crashes when one end is changed while its peer runs (see
/// ReconfigureTraffic::change). No lcore may poll the pair meanwhile: the
/// control operations own the pair for their step, and the background
/// traffic of the step (PairPorts::background) is held around the change,
/// then resumed on the queues both ports have.
///
/// Values read back are the device's own (rte_eth_link, rte_eth_dev_get_mtu,
/// dev info); queue and descriptor counts are the ones configured, refused
/// beforehand where the driver would adjust them silently.
class EthdevPort final : public control::PortControl {
public:
    /// `ports.a` when `side_a`, else `ports.b`. `runtime` owns the ports and
    /// is kept alive while this lives; the pair must not be released meanwhile.
    EthdevPort(std::shared_ptr<PmdRuntime> runtime, PairPorts& ports, bool side_a);

    /// "port 0 (net_tap0)"
    [[nodiscard]] const std::string& name() const override { return name_; }

    [[nodiscard]] control::Result<control::LinkStatus> read_link() override;
    [[nodiscard]] control::Result<control::LinkStats> read_stats() override;
    [[nodiscard]] control::Result<control::Channels> read_channels() override;
    [[nodiscard]] control::Result<control::Rings> read_rings() override;
    [[nodiscard]] control::Result<control::LinkModes> read_link_modes() override;

    [[nodiscard]] control::Result<void> set_admin(bool up) override;
    [[nodiscard]] control::Result<void> set_mtu(std::uint32_t mtu) override;
    [[nodiscard]] control::Result<void> set_channels(const control::ChannelCounts& counts) override;
    [[nodiscard]] control::Result<void> set_rings(const control::RingSizes& sizes) override;
    [[nodiscard]] control::Result<void> set_link_modes(const control::LinkModesRequest& request) override;
    [[nodiscard]] control::Result<void> reset() override;

    [[nodiscard]] std::string show_link_command() const override;
    [[nodiscard]] std::string show_stats_command() const override;
    [[nodiscard]] std::string show_channels_command() const override;
    [[nodiscard]] std::string show_rings_command() const override;
    [[nodiscard]] std::string show_link_modes_command() const override;
    [[nodiscard]] std::string set_admin_command(bool up) const override;
    [[nodiscard]] std::string set_mtu_command(std::uint32_t mtu) const override;
    [[nodiscard]] std::string set_channels_command(const control::ChannelCounts& counts) const override;
    [[nodiscard]] std::string set_rings_command(const control::RingSizes& sizes) const override;
    [[nodiscard]] std::string set_link_modes_command(const control::LinkModesRequest& request) const override;
    [[nodiscard]] std::string reset_command() const override;

    /// The port driven, and its peer.
    [[nodiscard]] Port& port() noexcept { return port_; }
    [[nodiscard]] Port& peer() noexcept { return peer_; }

private:
    /// Stops both ports of the pair, b then a, runs `change` (a pmd_ops
    /// call on a stopped port), starts again, a then b, those that were
    /// started, whatever the change did. The change's failure first, then a start's.
    template <typename Change>
    control::Result<void> with_pair_stopped(Change&& change);

    /// "port stop B\nport stop A\n" + `lines` + "\nport start A\nport start B"
    [[nodiscard]] std::string stop_both_around(const std::string& lines) const;
    /// EINVAL when this port's RX pool cannot fill `rx_queues` rings of
    /// `rx_descriptors` (what comes back from its rings now included):
    /// found before the stop, so the ports go on as they were, where queue
    /// setup would fail with ENOMEM after it.
    [[nodiscard]] std::optional<control::Failure> pool_shortfall(const std::string& operation,
                                                                 std::uint32_t rx_queues,
                                                                 std::uint32_t rx_descriptors) const;
    /// A failure hammer found before asking the driver.
    [[nodiscard]] control::Failure refusal(int error_number, std::string operation, std::string message) const;

    std::shared_ptr<PmdRuntime> runtime_;
    PairPorts& ports_;
    Port& port_;
    Port& peer_;
    std::string name_;
    /// The driver refused an MTU change on the started port (EBUSY): the
    /// change and its command line go through the stop-both skeleton.
    bool mtu_needs_stop_ = false;
};

/// Opens the DPDK side of an endpoint: the runtime's ports of the step's
/// pair, probed and started on first use. Thread-safe: acquire is.
class EthdevPortOpener final : public control::PortOpener {
public:
    explicit EthdevPortOpener(std::shared_ptr<PmdRuntime> runtime) : runtime_{std::move(runtime)} {}

    /// SKIP for an endpoint without attr.dpdk; ERROR when the pair's ports
    /// cannot be made (probe, configure, start or link up failed) or the
    /// endpoint is not an end of `context.pair`.
    [[nodiscard]] control::OpenedPort open(operations::OperationContext& context,
                                           const topology::Endpoint& endpoint) override;

private:
    std::shared_ptr<PmdRuntime> runtime_;
};

} // namespace hammer::pmd_ops
