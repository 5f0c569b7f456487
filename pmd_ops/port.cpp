#include "pmd_ops/port.hpp"

#include "pmd_ops/dpdk_error.hpp"
#include "pmd_ops/netns.hpp"
#include "pmd_ops/tsan_handoff.hpp"

#include <rte_dev.h>
#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include <atomic>
#include <thread>

namespace hammer::pmd_ops {

/// The two rings of a ring pair; both ports hold it, the last one frees them.
struct RingLink {
    rte_ring* a_to_b = nullptr;
    rte_ring* b_to_a = nullptr;

    RingLink() = default;
    RingLink(const RingLink&) = delete;
    RingLink& operator=(const RingLink&) = delete;
    ~RingLink()
    {
        for (rte_ring* ring : {a_to_b, b_to_a}) {
            drain(ring);
            rte_ring_free(ring);
        }
    }

    /// Frees the mbufs still in `ring`: they belong to pools that outlive
    /// the ports (the runtime's shared TX pool), which would lose them.
    static void drain(rte_ring* ring)
    {
        void* taken = nullptr;
        while (ring != nullptr && rte_ring_dequeue(ring, &taken) == 0) {
            auto* mbuf = static_cast<rte_mbuf*>(taken);
            take_from_dpdk(&mbuf, 1);
            give_to_dpdk(&mbuf, 1);
            rte_pktmbuf_free(mbuf);
        }
    }
};

namespace {

std::string call_text(const char* call, std::uint16_t port)
{
    return std::string{call} + "(port=" + std::to_string(port) + ")";
}

std::string call_text(const char* call, std::uint16_t port, unsigned value)
{
    return std::string{call} + "(port=" + std::to_string(port) + ", " + std::to_string(value) + ")";
}

// Runs `work` in `netns` (see NetnsScope), turning a failure to get there into its Result.
template <typename Work>
auto in_netns(const std::string& netns, Work&& work) -> decltype(work())
{
    auto scope = NetnsScope::enter(netns);
    if (!scope) {
        return scope.error();
    }
    return work();
}

Result<std::uint16_t> find_port(const std::string& devargs, const std::string& device_name)
{
    std::uint16_t id = 0;
    if (rte_eth_dev_get_port_by_name(device_name.c_str(), &id) == 0) {
        return id;
    }
    // PCI ports are named by their canonical address, which devargs may abbreviate.
    rte_dev_iterator iterator{};
    if (rte_eth_iterator_init(&iterator, devargs.c_str()) == 0) {
        id = rte_eth_iterator_next(&iterator);
        rte_eth_iterator_cleanup(&iterator);
        if (id != RTE_MAX_ETHPORTS) {
            return id;
        }
    }
    return dpdk_error("rte_eth_dev_get_port_by_name(" + device_name + ")", ENODEV);
}

} // namespace

Port::Port(std::uint16_t id, std::string name, std::string netns, bool removable,
           std::shared_ptr<const RingLink> rings) noexcept
    : id_{id}, name_{std::move(name)}, netns_{std::move(netns)}, removable_{removable}, rings_{std::move(rings)}
{
}

Port::Port(Port&& other) noexcept
    : id_{other.id_}, name_{std::move(other.name_)}, netns_{std::move(other.netns_)}, removable_{other.removable_},
      rings_{std::move(other.rings_)}, pool_{other.pool_}, config_{other.config_},
      stage_{std::exchange(other.stage_, Stage::closed)}
{
}

Port::~Port()
{
    static_cast<void>(close());
}

Result<Port> Port::probe(const std::string& devargs, const std::string& netns)
{
    const std::string device_name = devargs.substr(0, devargs.find(','));
    return in_netns(netns, [&]() -> Result<Port> {
        if (const int ret = rte_dev_probe(devargs.c_str()); ret < 0) {
            return negative_errno_error("rte_dev_probe(" + devargs + ")", ret);
        }
        auto id = find_port(devargs, device_name);
        if (!id) {
            return id.error();
        }
        char name[RTE_ETH_NAME_MAX_LEN] = {};
        static_cast<void>(rte_eth_dev_get_name_by_port(id.value(), name));
        // Virtual devices are named after their driver ("net_memif0"); PCI
        // devices by address. Only the former are ours to remove on close.
        const bool removable = device_name.rfind("net_", 0) == 0;
        return Port{id.value(), name, netns, removable, nullptr};
    });
}

Result<std::pair<Port, Port>> Port::ring_pair(const std::string& name_a, const std::string& name_b,
                                              unsigned ring_size)
{
    // Ring names are limited to RTE_RING_NAMESIZE; a process-wide counter keeps them unique and short.
    static std::atomic<unsigned> next_ring{0};
    auto rings = std::make_shared<RingLink>();
    const unsigned index = next_ring.fetch_add(1);
    // One lcore enqueues and one dequeues each ring: single producer, single consumer.
    const unsigned flags = RING_F_SP_ENQ | RING_F_SC_DEQ;
    const std::string ab = "hm_ab" + std::to_string(index);
    const std::string ba = "hm_ba" + std::to_string(index);
    rings->a_to_b = rte_ring_create(ab.c_str(), ring_size, SOCKET_ID_ANY, flags);
    if (rings->a_to_b == nullptr) {
        return rte_errno_error("rte_ring_create(" + ab + ", " + std::to_string(ring_size) + ")");
    }
    rings->b_to_a = rte_ring_create(ba.c_str(), ring_size, SOCKET_ID_ANY, flags);
    if (rings->b_to_a == nullptr) {
        return rte_errno_error("rte_ring_create(" + ba + ", " + std::to_string(ring_size) + ")");
    }
    // Crossed: a transmits into a_to_b, which b receives from, and back.
    const int id_a = rte_eth_from_rings(name_a.c_str(), &rings->b_to_a, 1, &rings->a_to_b, 1, SOCKET_ID_ANY);
    if (id_a < 0) {
        return rte_errno_error("rte_eth_from_rings(" + name_a + ")");
    }
    Port a{static_cast<std::uint16_t>(id_a), "net_ring_" + name_a, {}, true, rings};
    const int id_b = rte_eth_from_rings(name_b.c_str(), &rings->a_to_b, 1, &rings->b_to_a, 1, SOCKET_ID_ANY);
    if (id_b < 0) {
        return rte_errno_error("rte_eth_from_rings(" + name_b + ")");
    }
    Port b{static_cast<std::uint16_t>(id_b), "net_ring_" + name_b, {}, true, rings};
    return std::pair<Port, Port>{std::move(a), std::move(b)};
}

Result<void> Port::require(Stage at_least, const char* call) const
{
    if (stage_ == Stage::closed || stage_ < at_least) {
        return Error{call_text(call, id_), EINVAL, "called before the stage it needs (configure, queues, start)"};
    }
    return {};
}

Result<void> Port::configure(const PortConfig& config)
{
    if (stage_ == Stage::started || stage_ == Stage::closed) {
        return Error{call_text("rte_eth_dev_configure", id_), EBUSY, "port is started or closed"};
    }
    return in_netns(netns_, [&]() -> Result<void> {
        rte_eth_dev_info info{};
        if (const int ret = rte_eth_dev_info_get(id_, &info); ret < 0) {
            return negative_errno_error(call_text("rte_eth_dev_info_get", id_), ret);
        }
        rte_eth_conf conf{};
        if (config.mtu != 0) {
            conf.rxmode.mtu = config.mtu;
        }
        // Jumbo frames may span several mbufs where the driver can chain them.
        if ((info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_MULTI_SEGS) != 0) {
            conf.txmode.offloads |= RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
        }
        if ((info.rx_offload_capa & RTE_ETH_RX_OFFLOAD_SCATTER) != 0) {
            conf.rxmode.offloads |= RTE_ETH_RX_OFFLOAD_SCATTER;
        }
        if (const int ret = rte_eth_dev_configure(id_, config.rx_queues, config.tx_queues, &conf); ret < 0) {
            return negative_errno_error(call_text("rte_eth_dev_configure", id_, config.rx_queues), ret);
        }
        PortConfig accepted = config;
        if (const int ret = rte_eth_dev_adjust_nb_rx_tx_desc(id_, &accepted.rx_descriptors, &accepted.tx_descriptors);
            ret < 0) {
            return negative_errno_error(call_text("rte_eth_dev_adjust_nb_rx_tx_desc", id_), ret);
        }
        config_ = accepted;
        stage_ = Stage::configured;
        return {};
    });
}

Result<void> Port::setup_queues(rte_mempool* pool)
{
    if (auto ok = require(Stage::configured, "rte_eth_rx_queue_setup"); !ok) {
        return ok;
    }
    if (stage_ == Stage::started) {
        return Error{call_text("rte_eth_rx_queue_setup", id_), EBUSY, "port is started: stop it first"};
    }
    pool_ = pool;
    return in_netns(netns_, [&]() -> Result<void> {
        const int socket = rte_eth_dev_socket_id(id_);
        for (std::uint16_t queue = 0; queue < config_.rx_queues; ++queue) {
            if (const int ret = rte_eth_rx_queue_setup(id_, queue, config_.rx_descriptors, socket, nullptr, pool);
                ret < 0) {
                return negative_errno_error(call_text("rte_eth_rx_queue_setup", id_, config_.rx_descriptors), ret);
            }
        }
        for (std::uint16_t queue = 0; queue < config_.tx_queues; ++queue) {
            if (const int ret = rte_eth_tx_queue_setup(id_, queue, config_.tx_descriptors, socket, nullptr);
                ret < 0) {
                return negative_errno_error(call_text("rte_eth_tx_queue_setup", id_, config_.tx_descriptors), ret);
            }
        }
        stage_ = Stage::queues_ready;
        return {};
    });
}

Result<void> Port::start()
{
    if (auto ok = require(Stage::queues_ready, "rte_eth_dev_start"); !ok) {
        return ok;
    }
    if (stage_ == Stage::started) {
        return {};
    }
    return in_netns(netns_, [&]() -> Result<void> {
        if (const int ret = rte_eth_dev_start(id_); ret < 0) {
            return negative_errno_error(call_text("rte_eth_dev_start", id_), ret);
        }
        stage_ = Stage::started;
        // Frames carry hammer's own MAC addresses, not the port's. Drivers
        // without a promiscuous mode (ring, memif) accept everything anyway.
        if (const int ret = rte_eth_promiscuous_enable(id_); ret < 0 && ret != -ENOTSUP) {
            return negative_errno_error(call_text("rte_eth_promiscuous_enable", id_), ret);
        }
        return {};
    });
}

Result<void> Port::stop()
{
    if (stage_ != Stage::started) {
        return {};
    }
    return in_netns(netns_, [&]() -> Result<void> {
        if (const int ret = rte_eth_dev_stop(id_); ret < 0) {
            return negative_errno_error(call_text("rte_eth_dev_stop", id_), ret);
        }
        stage_ = Stage::queues_ready;
        return {};
    });
}

Result<void> Port::close()
{
    if (stage_ == Stage::closed) {
        return {};
    }
    Result<void> stopped = stop();
    Result<void> closed = in_netns(netns_, [&]() -> Result<void> {
        stage_ = Stage::closed;
        if (const int ret = rte_eth_dev_close(id_); ret < 0) {
            return negative_errno_error(call_text("rte_eth_dev_close", id_), ret);
        }
        // rte_eth_dev_close releases the ethdev; the virtual device stays on
        // the vdev bus under its name until removed, and a second probe of
        // the same name would fail with EEXIST.
        if (removable_) {
            if (const int ret = rte_eal_hotplug_remove("vdev", name_.c_str()); ret < 0) {
                return negative_errno_error("rte_eal_hotplug_remove(vdev, " + name_ + ")", ret);
            }
        }
        return {};
    });
    rings_.reset();
    return stopped ? closed : stopped;
}

Result<void> Port::change_descriptors(std::uint16_t rx_descriptors, std::uint16_t tx_descriptors)
{
    if (auto ok = require(Stage::queues_ready, "rte_eth_rx_queue_setup"); !ok) {
        return ok;
    }
    const bool was_started = started();
    if (auto ok = stop(); !ok) {
        return ok;
    }
    PortConfig wanted = config_;
    wanted.rx_descriptors = rx_descriptors;
    wanted.tx_descriptors = tx_descriptors;
    if (const int ret = rte_eth_dev_adjust_nb_rx_tx_desc(id_, &wanted.rx_descriptors, &wanted.tx_descriptors);
        ret < 0) {
        return negative_errno_error(call_text("rte_eth_dev_adjust_nb_rx_tx_desc", id_), ret);
    }
    config_ = wanted;
    stage_ = Stage::configured;
    if (auto ok = setup_queues(pool_); !ok) {
        return ok;
    }
    return was_started ? start() : Result<void>{};
}

Result<void> Port::set_mtu(std::uint16_t mtu)
{
    if (auto ok = require(Stage::probed, "rte_eth_dev_set_mtu"); !ok) {
        return ok;
    }
    return in_netns(netns_, [&]() -> Result<void> {
        if (const int ret = rte_eth_dev_set_mtu(id_, mtu); ret < 0) {
            return negative_errno_error(call_text("rte_eth_dev_set_mtu", id_, mtu), ret);
        }
        config_.mtu = mtu;
        return {};
    });
}

Result<std::uint16_t> Port::mtu() const
{
    std::uint16_t mtu = 0;
    if (const int ret = rte_eth_dev_get_mtu(id_, &mtu); ret < 0) {
        return negative_errno_error(call_text("rte_eth_dev_get_mtu", id_), ret);
    }
    return mtu;
}

Result<PortInfo> Port::info() const
{
    rte_eth_dev_info info{};
    if (const int ret = rte_eth_dev_info_get(id_, &info); ret < 0) {
        return negative_errno_error(call_text("rte_eth_dev_info_get", id_), ret);
    }
    PortInfo out;
    out.driver = info.driver_name != nullptr ? info.driver_name : "";
    out.device = name_;
    out.min_mtu = info.min_mtu;
    out.max_mtu = info.max_mtu;
    out.max_rx_frame = info.max_rx_pktlen;
    out.max_rx_queues = info.max_rx_queues;
    out.max_tx_queues = info.max_tx_queues;
    out.rx_descriptors_min = info.rx_desc_lim.nb_min;
    out.rx_descriptors_max = info.rx_desc_lim.nb_max;
    out.tx_descriptors_min = info.tx_desc_lim.nb_min;
    out.tx_descriptors_max = info.tx_desc_lim.nb_max;
    out.speed_capa = info.speed_capa;
    out.rx_scatter = (info.rx_offload_capa & RTE_ETH_RX_OFFLOAD_SCATTER) != 0;
    rte_ether_addr mac{};
    if (rte_eth_macaddr_get(id_, &mac) == 0) {
        char text[RTE_ETHER_ADDR_FMT_SIZE] = {};
        rte_ether_format_addr(text, sizeof(text), &mac);
        out.mac = text;
    }
    return out;
}

Result<LinkStatus> Port::link() const
{
    rte_eth_link link{};
    if (const int ret = rte_eth_link_get_nowait(id_, &link); ret < 0) {
        return negative_errno_error(call_text("rte_eth_link_get_nowait", id_), ret);
    }
    LinkStatus status;
    status.up = link.link_status == RTE_ETH_LINK_UP;
    status.speed_mbps = link.link_speed == RTE_ETH_SPEED_NUM_UNKNOWN ? 0 : link.link_speed;
    status.full_duplex = link.link_duplex == RTE_ETH_LINK_FULL_DUPLEX;
    status.autoneg = link.link_autoneg == RTE_ETH_LINK_AUTONEG;
    return status;
}

Result<LinkStatus> Port::wait_link_up(std::chrono::milliseconds timeout) const
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        auto status = link();
        if (!status || status->up || std::chrono::steady_clock::now() >= deadline) {
            return status;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds{10});
    }
}

Result<PortStats> Port::stats() const
{
    rte_eth_stats raw{};
    if (const int ret = rte_eth_stats_get(id_, &raw); ret < 0) {
        return negative_errno_error(call_text("rte_eth_stats_get", id_), ret);
    }
    return PortStats{raw.ipackets, raw.opackets, raw.ibytes, raw.obytes,
                     raw.imissed,  raw.ierrors,  raw.oerrors, raw.rx_nombuf};
}

Result<void> Port::reset_stats()
{
    if (const int ret = rte_eth_stats_reset(id_); ret < 0) {
        return negative_errno_error(call_text("rte_eth_stats_reset", id_), ret);
    }
    return {};
}

Result<std::vector<Xstat>> Port::xstats() const
{
    const int count = rte_eth_xstats_get_names(id_, nullptr, 0);
    if (count < 0) {
        return negative_errno_error(call_text("rte_eth_xstats_get_names", id_), count);
    }
    std::vector<rte_eth_xstat_name> names(static_cast<std::size_t>(count));
    std::vector<rte_eth_xstat> values(static_cast<std::size_t>(count));
    if (const int ret = rte_eth_xstats_get_names(id_, names.data(), static_cast<unsigned>(count)); ret != count) {
        return negative_errno_error(call_text("rte_eth_xstats_get_names", id_), ret < 0 ? ret : -EAGAIN);
    }
    if (const int ret = rte_eth_xstats_get(id_, values.data(), static_cast<unsigned>(count)); ret != count) {
        return negative_errno_error(call_text("rte_eth_xstats_get", id_), ret < 0 ? ret : -EAGAIN);
    }
    std::vector<Xstat> out;
    out.reserve(values.size());
    for (const auto& value : values) {
        out.push_back({names[value.id].name, value.value});
    }
    return out;
}

} // namespace hammer::pmd_ops
