#pragma once

// A port model for the control operations' unit tests: the state a NIC
// keeps, the limits its driver enforces and the errors it answers with, so
// the operations written once in core are checked without netlink or DPDK.
// The real backends are tested on veth/tun (kernel_ops) and DPDK virtual
// devices (pmd_ops).

#include "src/control/port_control.hpp"
#include "src/run/clock.hpp"

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace hammer::control::testing {

/// What the device is and does; tests set it up, then read it back.
struct FakeDevice {
    LinkStatus link{true, true, "up", 1500, 68, 9216, "02:00:00:00:00:01"};
    /// What read_stats answers, one reading per call; the last one repeats.
    std::vector<LinkStats> stats{LinkStats{}};
    Channels channels{{8, 8, {}, {}}, {4, 4, {}, {}}};
    Rings rings{{4096, {}, {}, 4096}, {1024, {}, {}, 1024}};
    LinkModes modes{10000, Duplex::full, false, {}, "fibre"};
    std::set<std::uint32_t> speeds{1000, 10000, 25000}; ///< speeds a forced change may take
    std::set<std::uint32_t> refused_ring_sizes;         ///< sizes the driver refuses with EINVAL
    bool carrier_follows_admin = true; ///< false: carrier never comes back once lost
    bool reset_loses_mtu = false;      ///< a defective reset: the MTU falls back to 1500
    /// Calls ("set_mtu", "reset", ...) that fail with this errno, as a driver without the knob would.
    std::map<std::string, int, std::less<>> failing;
    /// Every call, in order: "set_mtu 9000", "reset".
    std::vector<std::string> calls;
    /// How long the link has been admin down, on the clock the opener was
    /// given: what FakeTraffic loses.
    std::chrono::milliseconds down_total{0};
    std::optional<std::chrono::milliseconds> down_since;
};

/// The port-control interface over a FakeDevice. Its command lines are
/// `fakectl NAME ...`, so tests see that operations record the backend's own.
class FakePort final : public PortControl {
public:
    FakePort(std::string name, std::shared_ptr<FakeDevice> device, const run::Clock& clock);

    [[nodiscard]] const std::string& name() const override { return name_; }
    Result<LinkStatus> read_link() override;
    Result<LinkStats> read_stats() override;
    Result<Channels> read_channels() override;
    Result<Rings> read_rings() override;
    Result<LinkModes> read_link_modes() override;
    Result<void> set_admin(bool up) override;
    Result<void> set_mtu(std::uint32_t mtu) override;
    Result<void> set_channels(const ChannelCounts& counts) override;
    Result<void> set_rings(const RingSizes& sizes) override;
    Result<void> set_link_modes(const LinkModesRequest& request) override;
    Result<void> reset() override;

    [[nodiscard]] std::string show_link_command() const override;
    [[nodiscard]] std::string show_stats_command() const override;
    [[nodiscard]] std::string show_channels_command() const override;
    [[nodiscard]] std::string show_rings_command() const override;
    [[nodiscard]] std::string show_link_modes_command() const override;
    [[nodiscard]] std::string set_admin_command(bool up) const override;
    [[nodiscard]] std::string set_mtu_command(std::uint32_t mtu) const override;
    [[nodiscard]] std::string set_channels_command(const ChannelCounts& counts) const override;
    [[nodiscard]] std::string set_rings_command(const RingSizes& sizes) const override;
    [[nodiscard]] std::string set_link_modes_command(const LinkModesRequest& request) const override;
    [[nodiscard]] std::string reset_command() const override;

private:
    /// Notes the call; the errno it must fail with, if the device says so.
    [[nodiscard]] std::optional<Failure> called(const std::string& call, const std::string& what);
    [[nodiscard]] std::string command(const std::string& arguments) const { return "fakectl " + name_ + arguments; }

    std::string name_;
    std::shared_ptr<FakeDevice> device_;
    const run::Clock& clock_;
};

/// Opens a FakePort on the device registered for the endpoint's tp-id;
/// counts what it opened, so tests see which backend an endpoint went to.
class FakeOpener final : public PortOpener {
public:
    explicit FakeOpener(const run::Clock& clock) : clock_{clock} {}

    void add(const std::string& tp_id, std::shared_ptr<FakeDevice> device) { devices_[tp_id] = std::move(device); }
    OpenedPort open(operations::OperationContext& context, const topology::Endpoint& endpoint) override;

    [[nodiscard]] unsigned opened() const noexcept { return opened_; }

private:
    const run::Clock& clock_;
    std::map<std::string, std::shared_ptr<FakeDevice>> devices_;
    unsigned opened_ = 0;
};

/// Background traffic over a FakeDevice: frames arrive at `rate_pps` while
/// the device's link is up and not at all while it is down, so an outage
/// comes out exactly as the time the link was down.
class FakeTrafficSource final : public operations::TrafficSource {
public:
    FakeTrafficSource(std::shared_ptr<FakeDevice> device, const run::Clock& clock)
        : device_{std::move(device)}, clock_{clock}
    {
    }

    std::unique_ptr<operations::RunningTraffic> start(operations::OperationContext& context,
                                                      const config::BackgroundTraffic& traffic,
                                                      std::string& why_not) override;

    /// The starts refused with this reason, when not empty.
    std::string refuse;
    unsigned started = 0;
    unsigned finished = 0;

private:
    std::shared_ptr<FakeDevice> device_;
    const run::Clock& clock_;
};

} // namespace hammer::control::testing
