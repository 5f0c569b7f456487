#include "tests/control/fake_port.hpp"

#include "src/control/responses.hpp"
#include "src/topology/pairing.hpp"

#include <cerrno>

namespace hammer::control::testing {

FakePort::FakePort(std::string name, std::shared_ptr<FakeDevice> device, const run::Clock& clock)
    : name_{std::move(name)}, device_{std::move(device)}, clock_{clock}
{
}

std::optional<Failure> FakePort::called(const std::string& call, const std::string& what)
{
    device_->calls.push_back(call + what);
    if (const auto failing = device_->failing.find(call); failing != device_->failing.end()) {
        return Failure{failing->second, call + " on " + name_, "the fake driver has no " + call, "driver"};
    }
    return std::nullopt;
}

Result<LinkStatus> FakePort::read_link()
{
    if (auto failure = called("read_link", "")) {
        return *failure;
    }
    return device_->link;
}

Result<LinkStats> FakePort::read_stats()
{
    if (auto failure = called("read_stats", "")) {
        return *failure;
    }
    const LinkStats reading = device_->stats.front();
    if (device_->stats.size() > 1) {
        device_->stats.erase(device_->stats.begin());
    }
    return reading;
}

Result<Channels> FakePort::read_channels()
{
    if (auto failure = called("read_channels", "")) {
        return *failure;
    }
    return device_->channels;
}

Result<Rings> FakePort::read_rings()
{
    if (auto failure = called("read_rings", "")) {
        return *failure;
    }
    return device_->rings;
}

Result<LinkModes> FakePort::read_link_modes()
{
    if (auto failure = called("read_link_modes", "")) {
        return *failure;
    }
    return device_->modes;
}

Result<void> FakePort::set_admin(bool up)
{
    if (auto failure = called("set_admin", up ? " up" : " down")) {
        return *failure;
    }
    if (!up && device_->link.admin_up) {
        device_->down_since = clock_.now();
    } else if (up && device_->down_since) {
        device_->down_total += clock_.now() - *device_->down_since;
        device_->down_since.reset();
    }
    device_->link.admin_up = up;
    if (!up) {
        device_->link.carrier = false;
    } else if (device_->carrier_follows_admin) {
        device_->link.carrier = true;
    }
    device_->link.oper_state = device_->link.carrier ? "up" : "down";
    return {};
}

Result<void> FakePort::set_mtu(std::uint32_t mtu)
{
    if (auto failure = called("set_mtu", " " + std::to_string(mtu))) {
        return *failure;
    }
    if (mtu < *device_->link.min_mtu || mtu > *device_->link.max_mtu) {
        return Failure{EINVAL, "set MTU " + std::to_string(mtu) + " on " + name_, "MTU out of range", "driver"};
    }
    device_->link.mtu = mtu;
    return {};
}

Result<void> FakePort::set_channels(const ChannelCounts& counts)
{
    if (auto failure = called("set_channels", "")) {
        return *failure;
    }
    auto apply = [this](const std::optional<std::uint32_t>& want, const std::optional<std::uint32_t>& maximum,
                        std::optional<std::uint32_t>& current) -> bool {
        if (!want) {
            return true;
        }
        if (*want > maximum.value_or(0)) {
            return false;
        }
        current = want;
        return true;
    };
    Channels next = device_->channels;
    if (!apply(counts.rx, next.maximum.rx, next.current.rx) || !apply(counts.tx, next.maximum.tx, next.current.tx) ||
        !apply(counts.combined, next.maximum.combined, next.current.combined)) {
        return Failure{EINVAL, "set channels on " + name_, "above the maximum", "driver"};
    }
    device_->channels = next;
    return {};
}

Result<void> FakePort::set_rings(const RingSizes& sizes)
{
    if (auto failure = called("set_rings", " " + std::to_string(sizes.rx.value_or(0)))) {
        return *failure;
    }
    for (const auto& size : {sizes.rx, sizes.tx}) {
        if (size && device_->refused_ring_sizes.contains(*size)) {
            return Failure{EINVAL, "set rings on " + name_, "not a size this ring takes", "driver"};
        }
    }
    if (sizes.rx) {
        device_->rings.current.rx = sizes.rx;
    }
    if (sizes.tx) {
        device_->rings.current.tx = sizes.tx;
    }
    return {};
}

Result<void> FakePort::set_link_modes(const LinkModesRequest& request)
{
    if (auto failure = called("set_link_modes", " " + std::to_string(request.speed_mbps.value_or(0)))) {
        return *failure;
    }
    if (request.speed_mbps && !device_->speeds.contains(*request.speed_mbps)) {
        return Failure{EINVAL, "set speed on " + name_, "speed not supported", "driver"};
    }
    if (request.speed_mbps) {
        device_->modes.speed_mbps = request.speed_mbps;
    }
    if (request.duplex) {
        device_->modes.duplex = *request.duplex;
    }
    if (request.autoneg) {
        device_->modes.autoneg = *request.autoneg;
    }
    return {};
}

Result<void> FakePort::reset()
{
    if (auto failure = called("reset", "")) {
        return *failure;
    }
    if (device_->reset_loses_mtu) {
        device_->link.mtu = 1500;
    }
    return {};
}

std::string FakePort::show_link_command() const { return command(" show link"); }
std::string FakePort::show_stats_command() const { return command(" show stats"); }
std::string FakePort::show_channels_command() const { return command(" show channels"); }
std::string FakePort::show_rings_command() const { return command(" show rings"); }
std::string FakePort::show_link_modes_command() const { return command(" show link-modes"); }
std::string FakePort::set_admin_command(bool up) const { return command(up ? " up" : " down"); }
std::string FakePort::set_mtu_command(std::uint32_t mtu) const { return command(" mtu " + std::to_string(mtu)); }

std::string FakePort::set_channels_command(const ChannelCounts& counts) const
{
    std::string text = " channels";
    append_count(text, "rx", counts.rx);
    append_count(text, "tx", counts.tx);
    append_count(text, "combined", counts.combined);
    return command(text);
}

std::string FakePort::set_rings_command(const RingSizes& sizes) const
{
    std::string text = " rings";
    append_count(text, "rx", sizes.rx);
    append_count(text, "tx", sizes.tx);
    return command(text);
}

std::string FakePort::set_link_modes_command(const LinkModesRequest& request) const
{
    std::string text = " link-modes";
    append_count(text, "speed", request.speed_mbps);
    if (request.autoneg) {
        text += *request.autoneg ? " autoneg on" : " autoneg off";
    }
    return command(text);
}

std::string FakePort::reset_command() const { return command(" reset"); }

OpenedPort FakeOpener::open(operations::OperationContext&, const topology::Endpoint& endpoint)
{
    const auto device = devices_.find(endpoint.tp.id);
    if (device == devices_.end()) {
        return {nullptr, operations::Verdict::error(endpoint.name() + ": no such fake device")};
    }
    ++opened_;
    return {std::make_unique<FakePort>(endpoint.tp.id, device->second, clock_), operations::Verdict::pass()};
}

namespace {

class FakeTraffic final : public operations::RunningTraffic {
public:
    FakeTraffic(FakeTrafficSource& source, std::shared_ptr<FakeDevice> device, const run::Clock& clock, double rate)
        : source_{source}, device_{std::move(device)}, clock_{clock}, rate_{rate}, started_{clock.now()},
          down_at_start_{down_until_now()}
    {
    }

    [[nodiscard]] std::uint64_t received() const override
    {
        const auto flowing = clock_.now() - started_ - (down_until_now() - down_at_start_);
        return static_cast<std::uint64_t>(rate_ * static_cast<double>(flowing.count()) / 1000.0);
    }
    [[nodiscard]] double offered_pps() const override { return rate_; }
    operations::Verdict finish(operations::OperationContext&) override
    {
        ++source_.finished;
        return operations::Verdict::pass();
    }

private:
    [[nodiscard]] std::chrono::milliseconds down_until_now() const
    {
        const auto down_now =
            device_->down_since ? clock_.now() - *device_->down_since : std::chrono::milliseconds{0};
        return device_->down_total + down_now;
    }

    FakeTrafficSource& source_;
    std::shared_ptr<FakeDevice> device_;
    const run::Clock& clock_;
    double rate_;
    std::chrono::milliseconds started_;
    std::chrono::milliseconds down_at_start_;
};

} // namespace

std::unique_ptr<operations::RunningTraffic> FakeTrafficSource::start(operations::OperationContext&,
                                                                     const config::BackgroundTraffic& traffic,
                                                                     std::string& why_not)
{
    if (!refuse.empty()) {
        why_not = refuse;
        return nullptr;
    }
    ++started;
    return std::make_unique<FakeTraffic>(*this, device_, clock_, static_cast<double>(traffic.rate_pps) * 2);
}

} // namespace hammer::control::testing
