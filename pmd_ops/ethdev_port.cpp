#include "pmd_ops/ethdev_port.hpp"

#include "pmd_ops/pair_stop.hpp"
#include "pmd_ops/testpmd_commands.hpp"

#include "src/operations/operation.hpp"
#include "src/topology/pairing.hpp"

#include <rte_ethdev.h>
#include <rte_mempool.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <limits>
#include <optional>
#include <string_view>
#include <vector>

namespace hammer::pmd_ops {
namespace {

using control::Failure;

/// An ethdev speed, RTE_ETH_LINK_SPEED_* bits for full and half duplex (0: none).
struct SpeedBits {
    std::uint32_t mbps;
    std::uint32_t full;
    std::uint32_t half;
};

constexpr SpeedBits speed_table[] = {
    {10, RTE_ETH_LINK_SPEED_10M, RTE_ETH_LINK_SPEED_10M_HD},
    {100, RTE_ETH_LINK_SPEED_100M, RTE_ETH_LINK_SPEED_100M_HD},
    {1'000, RTE_ETH_LINK_SPEED_1G, 0},
    {2'500, RTE_ETH_LINK_SPEED_2_5G, 0},
    {5'000, RTE_ETH_LINK_SPEED_5G, 0},
    {10'000, RTE_ETH_LINK_SPEED_10G, 0},
    {20'000, RTE_ETH_LINK_SPEED_20G, 0},
    {25'000, RTE_ETH_LINK_SPEED_25G, 0},
    {40'000, RTE_ETH_LINK_SPEED_40G, 0},
    {50'000, RTE_ETH_LINK_SPEED_50G, 0},
    {56'000, RTE_ETH_LINK_SPEED_56G, 0},
    {100'000, RTE_ETH_LINK_SPEED_100G, 0},
    {200'000, RTE_ETH_LINK_SPEED_200G, 0},
};

/// The RTE_ETH_LINK_SPEED_* bit of `mbps` at `duplex`; 0 when ethdev has none.
std::uint32_t speed_bit(std::uint32_t mbps, control::Duplex duplex)
{
    for (const SpeedBits& speed : speed_table) {
        if (speed.mbps == mbps) {
            return duplex == control::Duplex::half ? speed.half : speed.full;
        }
    }
    return 0;
}

/// "10/half 10/full 100/full 1000/full": the speeds in speed_capa.
std::string speeds_text(std::uint32_t speed_capa)
{
    std::string text;
    for (const SpeedBits& speed : speed_table) {
        for (const auto& [bit, duplex] : {std::pair{speed.half, "half"}, std::pair{speed.full, "full"}}) {
            if (bit != 0 && (speed_capa & bit) != 0) {
                text += (text.empty() ? "" : " ") + std::to_string(speed.mbps) + "/" + duplex;
            }
        }
    }
    return text;
}

/// The largest MTU rte_eth_dev_set_mtu lets through: at most max_mtu, and a
/// frame (MTU + overhead) of at most max_rx_pktlen, the overhead worked out
/// as ethdev does (rte_ethdev.c eth_dev_get_overhead_len). Drivers that
/// leave max_mtu at ethdev's default (UINT16_MAX) are bounded by their frame
/// alone: tap's 1522-byte frame allows MTU 1504, not 65535.
std::uint32_t usable_max_mtu(const PortInfo& info)
{
    const std::uint32_t overhead = info.max_mtu != std::numeric_limits<std::uint16_t>::max() &&
                                           info.max_rx_frame > info.max_mtu
                                       ? info.max_rx_frame - info.max_mtu
                                       : RTE_ETHER_HDR_LEN + RTE_ETHER_CRC_LEN;
    const std::uint32_t by_frame = info.max_rx_frame > overhead ? info.max_rx_frame - overhead : 0;
    return std::min<std::uint32_t>(info.max_mtu, by_frame);
}

/// Whether `name` is "rx_q<N>_multicast_packets": virtio's and vhost's
/// per-queue count, which they have instead of a total.
bool is_queue_multicast(const std::string& name)
{
    constexpr std::string_view prefix = "rx_q";
    constexpr std::string_view suffix = "_multicast_packets";
    if (name.size() <= prefix.size() + suffix.size() || name.compare(0, prefix.size(), prefix) != 0 ||
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) {
        return false;
    }
    const auto digits = std::string_view{name}.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
    return std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// Received multicast frames from the driver's xstats: "rx_multicast_packets"
/// (most NIC drivers), else the sum of "rx_q<N>_multicast_packets" (virtio,
/// vhost; each name once: vhost 22.11 lists a name twice, its RX queue's
/// first); 0 for a driver with neither (tap, ring, memif).
std::uint64_t multicast_packets(const std::vector<Xstat>& xstats)
{
    const auto total = std::find_if(xstats.begin(), xstats.end(),
                                    [](const Xstat& xstat) { return xstat.name == "rx_multicast_packets"; });
    if (total != xstats.end()) {
        return total->value;
    }
    std::uint64_t sum = 0;
    std::vector<std::string_view> counted;
    for (const Xstat& xstat : xstats) {
        if (is_queue_multicast(xstat.name) &&
            std::find(counted.begin(), counted.end(), xstat.name) == counted.end()) {
            counted.push_back(xstat.name);
            sum += xstat.value;
        }
    }
    return sum;
}

/// What a link-mode request comes to on this port: the link_speeds word,
/// or why there is none.
struct LinkSpeedsPlan {
    bool autoneg = false;
    std::optional<std::uint32_t> speed_mbps;
    control::Duplex duplex = control::Duplex::full;
};

LinkSpeedsPlan plan_link_speeds(const control::LinkModesRequest& request, const LinkStatus& link)
{
    LinkSpeedsPlan plan;
    plan.autoneg = request.autoneg.value_or(link.autoneg);
    plan.speed_mbps = request.speed_mbps;
    if (!plan.speed_mbps && !plan.autoneg && link.speed_mbps != 0) {
        // Autoneg off without a speed: fix the speed the link has now, as
        // `ethtool -s IF autoneg off` does.
        plan.speed_mbps = link.speed_mbps;
    }
    plan.duplex = request.duplex.value_or(link.full_duplex ? control::Duplex::full : control::Duplex::half);
    if (plan.duplex == control::Duplex::unknown) {
        plan.duplex = control::Duplex::full;
    }
    return plan;
}

std::string port_text(const Port& port)
{
    return std::to_string(port.id());
}

} // namespace

control::Failure to_failure(const Error& error)
{
    int error_number = error.code < 0 ? -error.code : error.code;
    // DPDK says ENOTSUP; the core classifies EOPNOTSUPP. Linux gives both
    // the same value, written out so the mapping survives another libc.
    if (error_number == ENOTSUP) {
        error_number = EOPNOTSUPP;
    }
    return Failure{error_number, error.call, error.message, "driver"};
}

EthdevPort::EthdevPort(std::shared_ptr<PmdRuntime> runtime, PairPorts& ports, bool side_a)
    : runtime_{std::move(runtime)}, ports_{ports}, port_{side_a ? ports.a : ports.b}, peer_{side_a ? ports.b : ports.a},
      name_{"port " + std::to_string(port_.id()) + " (" + port_.name() + ")"}
{
}

Failure EthdevPort::refusal(int error_number, std::string operation, std::string message) const
{
    return Failure{error_number, std::move(operation), std::move(message), "hammer"};
}

template <typename Change>
control::Result<void> EthdevPort::with_pair_stopped(Change&& change)
{
    // Background traffic lets go of the ports first: an lcore polling a
    // stopped port reads freed queues.
    TrafficRun* const traffic = ports_.background;
    if (traffic != nullptr) {
        if (auto held = traffic->hold(); !held) {
            return to_failure(held.error());
        }
    }
    const StoppedPair stopped = stop_pair(ports_.a, ports_.b);
    std::optional<Failure> failure;
    if (!stopped.failure) {
        if (auto changed = change(); !changed) {
            failure = to_failure(changed.error());
        }
    }
    // Started again whatever happened: a refused change leaves the port as
    // it was (Port rolls a refused configuration back), and its peer must
    // not stay stopped because of it.
    if (auto started = start_pair(ports_.a, ports_.b, stopped, runtime_->options().link_up_timeout); !started) {
        if (!failure) {
            failure = to_failure(started.error());
        } else {
            failure->message += "; " + started.error().to_string();
        }
    }
    if (traffic != nullptr) {
        // On the queues both ports have now, as many as the job was built for.
        const std::uint16_t queues =
            std::min({ports_.a.config().tx_queues, ports_.a.config().rx_queues, ports_.b.config().tx_queues,
                      ports_.b.config().rx_queues, ports_.background_queues});
        if (auto fitted = traffic->activate(queues); !fitted && !failure) {
            failure = to_failure(fitted.error());
        }
        traffic->resume();
    }
    if (failure) {
        return *failure;
    }
    return {};
}

// ---- reads ----

control::Result<control::LinkStatus> EthdevPort::read_link()
{
    const auto link = port_.link();
    if (!link) {
        return to_failure(link.error());
    }
    const auto mtu = port_.mtu();
    if (!mtu) {
        return to_failure(mtu.error());
    }
    const auto info = port_.info();
    if (!info) {
        return to_failure(info.error());
    }
    control::LinkStatus status;
    status.admin_up = port_.started() && !port_.link_set_down();
    status.carrier = link->up;
    status.oper_state = link->up ? "up" : "down";
    status.mtu = mtu.value();
    status.min_mtu = info->min_mtu;
    status.max_mtu = usable_max_mtu(info.value());
    status.mac = info->mac;
    return status;
}

control::Result<control::LinkStats> EthdevPort::read_stats()
{
    const auto stats = port_.stats();
    if (!stats) {
        return to_failure(stats.error());
    }
    const auto xstats = port_.xstats();
    if (!xstats) {
        return to_failure(xstats.error());
    }
    control::LinkStats out;
    out.rx_packets = stats->rx_packets;
    out.tx_packets = stats->tx_packets;
    out.rx_bytes = stats->rx_bytes;
    out.tx_bytes = stats->tx_bytes;
    out.rx_errors = stats->rx_errors;
    out.tx_errors = stats->tx_errors;
    // rte_eth_stats has no TX drop count: a frame tx_burst does not take
    // stays with the caller, who counts it (hammer's engine does).
    out.rx_dropped = stats->rx_missed + stats->rx_no_mbuf;
    out.tx_dropped = 0;
    out.multicast = multicast_packets(xstats.value());
    return out;
}

control::Result<control::Channels> EthdevPort::read_channels()
{
    const auto info = port_.info();
    if (!info) {
        return to_failure(info.error());
    }
    // A ring pair's driver reports as its maximum the rings the pair was
    // made with (rte_eth_ring.c eth_dev_info), which is what
    // Port::change_queues allows.
    control::Channels channels;
    channels.maximum.rx = info->max_rx_queues;
    channels.maximum.tx = info->max_tx_queues;
    channels.current.rx = port_.config().rx_queues;
    channels.current.tx = port_.config().tx_queues;
    return channels;
}

control::Result<control::Rings> EthdevPort::read_rings()
{
    const auto info = port_.info();
    if (!info) {
        return to_failure(info.error());
    }
    control::Rings rings;
    rings.maximum.rx = info->rx_descriptors_max;
    rings.maximum.tx = info->tx_descriptors_max;
    rings.current.rx = port_.config().rx_descriptors;
    rings.current.tx = port_.config().tx_descriptors;
    return rings;
}

control::Result<control::LinkModes> EthdevPort::read_link_modes()
{
    const auto link = port_.link();
    if (!link) {
        return to_failure(link.error());
    }
    control::LinkModes modes;
    // Port::link reports RTE_ETH_SPEED_NUM_NONE (0) and _UNKNOWN both as 0.
    if (link->speed_mbps != 0) {
        modes.speed_mbps = link->speed_mbps;
        modes.duplex = link->full_duplex ? control::Duplex::full : control::Duplex::half;
    }
    modes.autoneg = link->autoneg;
    // ethdev has speed bits, not ethtool's link-mode bitset, and no port type.
    return modes;
}

// ---- changes ----

control::Result<void> EthdevPort::set_admin(bool up)
{
    if (auto set = port_.set_link(up); !set) {
        return to_failure(set.error());
    }
    return {};
}

control::Result<void> EthdevPort::set_mtu(std::uint32_t mtu)
{
    const std::string operation = "rte_eth_dev_set_mtu(port=" + port_text(port_) + ", " + std::to_string(mtu) + ")";
    if (mtu > std::numeric_limits<std::uint16_t>::max()) {
        return refusal(EINVAL, operation, "an ethdev MTU is at most 65535");
    }
    const auto value = static_cast<std::uint16_t>(mtu);
    auto set = port_.set_mtu(value);
    if (!set && set.error().code == EBUSY && port_.started()) {
        // rte_ethdev.h: EBUSY "if operation is not allowed when the port is
        // running". Both ports stop for it, as for any change needing a stop.
        mtu_needs_stop_ = true;
        return with_pair_stopped([&] { return port_.set_mtu(value); });
    }
    if (!set && set.error().code == EINVAL) {
        // ethdev checks the range before the driver sees the value, and says only "Invalid argument".
        Failure failure = to_failure(set.error());
        if (const auto info = port_.info()) {
            failure.message += ": the driver takes MTU " + std::to_string(info->min_mtu) + " to " +
                               std::to_string(usable_max_mtu(info.value())) + " (frames up to " +
                               std::to_string(info->max_rx_frame) + " bytes)";
        }
        return failure;
    }
    if (!set) {
        return to_failure(set.error());
    }
    return {};
}

std::optional<Failure> EthdevPort::pool_shortfall(const std::string& operation, std::uint32_t rx_queues,
                                                 std::uint32_t rx_descriptors) const
{
    rte_mempool* pool = port_.rx_pool();
    if (pool == nullptr) {
        return std::nullopt;
    }
    // The RX rings are filled from the pool at queue setup: what the port
    // holds now comes back at the stop, the rest must be free.
    const std::uint64_t held = std::uint64_t{port_.config().rx_queues} * port_.config().rx_descriptors;
    const std::uint64_t wanted = std::uint64_t{rx_queues} * rx_descriptors;
    const std::uint64_t free = rte_mempool_avail_count(pool);
    if (wanted <= held + free) {
        return std::nullopt;
    }
    return refusal(EINVAL, operation,
                   std::to_string(rx_queues) + " RX queues of " + std::to_string(rx_descriptors) +
                       " descriptors need " + std::to_string(wanted) + " mbufs, and the pair's RX pool has " +
                       std::to_string(held + free) +
                       " for this port: hammer sizes its pools for the run config's queues and descriptors");
}

control::Result<void> EthdevPort::set_channels(const control::ChannelCounts& counts)
{
    const std::uint32_t rx = counts.rx.value_or(port_.config().rx_queues);
    const std::uint32_t tx = counts.tx.value_or(port_.config().tx_queues);
    const std::string operation = "rte_eth_dev_configure(port=" + port_text(port_) + ", rx_queues=" +
                                  std::to_string(rx) + ", tx_queues=" + std::to_string(tx) + ")";
    if (counts.combined.value_or(0) != 0 || counts.other.value_or(0) != 0) {
        return refusal(EOPNOTSUPP, operation, "an ethdev port has RX and TX queues, no combined or other channels");
    }
    const auto info = port_.info();
    if (!info) {
        return to_failure(info.error());
    }
    // Checked here, before both ports stop for nothing; Port::change_queues checks again.
    if (rx == 0 || tx == 0 || rx > info->max_rx_queues || tx > info->max_tx_queues) {
        return refusal(EINVAL, operation,
                       "the driver takes 1 to " + std::to_string(info->max_rx_queues) + " RX and 1 to " +
                           std::to_string(info->max_tx_queues) + " TX queues");
    }
    if (rx == port_.config().rx_queues && tx == port_.config().tx_queues) {
        return {};
    }
    if (auto short_of = pool_shortfall(operation, rx, port_.config().rx_descriptors)) {
        return *short_of;
    }
    return with_pair_stopped(
        [&] { return port_.change_queues(static_cast<std::uint16_t>(rx), static_cast<std::uint16_t>(tx)); });
}

control::Result<void> EthdevPort::set_rings(const control::RingSizes& sizes)
{
    const std::uint32_t rx = sizes.rx.value_or(port_.config().rx_descriptors);
    const std::uint32_t tx = sizes.tx.value_or(port_.config().tx_descriptors);
    const std::string operation = "rte_eth_rx_queue_setup/rte_eth_tx_queue_setup(port=" + port_text(port_) +
                                  ", rx_descriptors=" + std::to_string(rx) + ", tx_descriptors=" + std::to_string(tx) +
                                  ")";
    if (sizes.rx_mini.value_or(0) != 0 || sizes.rx_jumbo.value_or(0) != 0) {
        return refusal(EOPNOTSUPP, operation, "an ethdev port has RX and TX descriptor rings, no mini or jumbo ring");
    }
    const auto info = port_.info();
    if (!info) {
        return to_failure(info.error());
    }
    // Port::change_descriptors would take a count outside the driver's limits
    // and let rte_eth_dev_adjust_nb_rx_tx_desc round it into them, silently:
    // what reads back would differ from what was accepted. Such a count is
    // refused instead, naming the limits (rte_eth_desc_lim). 0 would mean
    // the driver's default ring, which no read shows either.
    const auto check = [&](const std::optional<std::uint32_t>& asked, const char* what, std::uint16_t least,
                           std::uint16_t most, std::uint16_t align) -> std::optional<Failure> {
        if (!asked) {
            return std::nullopt;
        }
        const std::uint32_t count = *asked;
        if (count == 0 || count < least || count > most || count % align != 0) {
            return refusal(EINVAL, operation,
                           std::string{"the driver takes "} + std::to_string(std::max<std::uint16_t>(least, 1)) +
                               " to " + std::to_string(most) + " " + what + " descriptors in multiples of " +
                               std::to_string(align) + "; " + std::to_string(count) +
                               " would be adjusted, not set");
        }
        return std::nullopt;
    };
    if (auto refused = check(sizes.rx, "RX", info->rx_descriptors_min, info->rx_descriptors_max,
                             info->rx_descriptors_align)) {
        return *refused;
    }
    if (auto refused = check(sizes.tx, "TX", info->tx_descriptors_min, info->tx_descriptors_max,
                             info->tx_descriptors_align)) {
        return *refused;
    }
    if (rx == port_.config().rx_descriptors && tx == port_.config().tx_descriptors) {
        return {};
    }
    if (auto short_of = pool_shortfall(operation, port_.config().rx_queues, rx)) {
        return *short_of;
    }
    return with_pair_stopped([&] {
        return port_.change_descriptors(static_cast<std::uint16_t>(rx), static_cast<std::uint16_t>(tx));
    });
}

control::Result<void> EthdevPort::set_link_modes(const control::LinkModesRequest& request)
{
    const std::string operation = "rte_eth_dev_configure(port=" + port_text(port_) + ", link_speeds)";
    const auto info = port_.info();
    if (!info) {
        return to_failure(info.error());
    }
    if (info->speed_capa == 0) {
        return refusal(EOPNOTSUPP, operation,
                       "the driver reports no link speeds (speed_capa 0): it has no speed or autonegotiation to set");
    }
    if (request.advertise) {
        return refusal(EOPNOTSUPP, operation,
                       "ethdev advertises speeds (rte_eth_conf.link_speeds), not ethtool link-mode bits: "
                       "ask for a speed and duplex");
    }
    const auto link = port_.link();
    if (!link) {
        return to_failure(link.error());
    }
    const LinkSpeedsPlan plan = plan_link_speeds(request, link.value());
    std::uint32_t link_speeds = RTE_ETH_LINK_SPEED_AUTONEG;
    if (plan.speed_mbps) {
        const std::uint32_t bit = speed_bit(*plan.speed_mbps, plan.duplex);
        if (bit == 0 || (info->speed_capa & bit) == 0) {
            return refusal(EINVAL, operation,
                           std::to_string(*plan.speed_mbps) + " Mb/s " + std::string{control::to_string(plan.duplex)} +
                               " duplex is not among the driver's speeds (" + speeds_text(info->speed_capa) + ")");
        }
        // Autoneg with a speed advertises that speed alone; without, the speed is fixed.
        link_speeds = plan.autoneg ? bit : (RTE_ETH_LINK_SPEED_FIXED | bit);
    } else if (!plan.autoneg) {
        return refusal(EINVAL, operation, "autonegotiation off needs a speed, and the link reports none");
    }
    if (link_speeds == port_.config().link_speeds) {
        return {};
    }
    return with_pair_stopped([&] { return port_.change_link_speeds(link_speeds); });
}

control::Result<void> EthdevPort::reset()
{
    return with_pair_stopped([&] { return port_.reset(); });
}

// ---- command lines: testpmd's own (DPDK 22.11 doc/guides/testpmd_app_ug/testpmd_funcs.rst) ----

std::string EthdevPort::stop_both_around(const std::string& lines) const
{
    return testpmd::port_stop(ports_.b) + "\n" + testpmd::port_stop(ports_.a) + "\n" + lines + "\n" +
           testpmd::port_start(ports_.a) + "\n" + testpmd::port_start(ports_.b);
}

std::string EthdevPort::show_link_command() const
{
    return "show port info " + port_text(port_);
}

std::string EthdevPort::show_stats_command() const
{
    return "show port stats " + port_text(port_);
}

std::string EthdevPort::show_channels_command() const
{
    // `show port info` prints "Current number of RX queues" and "Max possible RX queues".
    return "show port info " + port_text(port_);
}

std::string EthdevPort::show_rings_command() const
{
    // "Number of RXDs" of queue 0; every queue of a port has the same count here.
    return "show rxq info " + port_text(port_) + " 0\nshow txq info " + port_text(port_) + " 0";
}

std::string EthdevPort::show_link_modes_command() const
{
    // `show port info` prints "Link speed", "Link duplex" and "Autoneg status".
    return "show port info " + port_text(port_);
}

std::string EthdevPort::set_admin_command(bool up) const
{
    return std::string{up ? "set link-up port " : "set link-down port "} + port_text(port_);
}

std::string EthdevPort::set_mtu_command(std::uint32_t mtu) const
{
    const std::string line = testpmd::port_mtu(port_, mtu);
    return mtu_needs_stop_ ? stop_both_around(line) : line;
}

std::string EthdevPort::set_channels_command(const control::ChannelCounts& counts) const
{
    // In a testpmd holding just this pair, `all` is both ports; hammer
    // changes this port alone.
    return stop_both_around(testpmd::queue_counts(counts.rx.value_or(port_.config().rx_queues),
                                                  counts.tx.value_or(port_.config().tx_queues)));
}

std::string EthdevPort::set_rings_command(const control::RingSizes& sizes) const
{
    return stop_both_around(testpmd::ring_sizes(port_, sizes.rx.value_or(port_.config().rx_descriptors),
                                                sizes.tx.value_or(port_.config().tx_descriptors)));
}

std::string EthdevPort::set_link_modes_command(const control::LinkModesRequest& request) const
{
    // `port config P speed S duplex D`: S a speed or "auto", D half, full or
    // auto. testpmd fixes any speed it is given, and its 22.11 list lacks
    // 2500, 5000, 20000 and 56000; hammer's autoneg with one speed (only
    // that speed advertised) has no testpmd form and is shown as that speed.
    const auto link = port_.link();
    const LinkSpeedsPlan plan = plan_link_speeds(request, link ? link.value() : LinkStatus{});
    const bool auto_speed = plan.autoneg && !plan.speed_mbps;
    const std::string speed = plan.speed_mbps ? std::to_string(*plan.speed_mbps) : "auto";
    const std::string duplex = auto_speed ? "auto" : std::string{control::to_string(plan.duplex)};
    return stop_both_around("port config " + port_text(port_) + " speed " + speed + " duplex " + duplex);
}

std::string EthdevPort::reset_command() const
{
    // testpmd_funcs.rst: "User should stop port(s) before resetting and (re-)start after reset."
    return stop_both_around("port reset " + port_text(port_));
}

// ---- the opener ----

control::OpenedPort EthdevPortOpener::open(operations::OperationContext& context, const topology::Endpoint& endpoint)
{
    if (!endpoint.tp.dpdk) {
        return {nullptr, operations::Verdict::skip(endpoint.name() + " has no attr.dpdk: no ethdev port to control")};
    }
    auto ports = runtime_->acquire(context.pair);
    if (!ports) {
        return {nullptr, operations::Verdict::error(ports.error().to_string())};
    }
    PairPorts& pair_ports = *ports.value();
    const bool side_a = endpoint.name() == pair_ports.endpoint_a;
    if (!side_a && endpoint.name() != pair_ports.endpoint_b) {
        return {nullptr, operations::Verdict::error(endpoint.name() + " is not an end of " + context.pair.id)};
    }
    return {std::make_unique<EthdevPort>(runtime_, pair_ports, side_a), operations::Verdict::pass()};
}

} // namespace hammer::pmd_ops
