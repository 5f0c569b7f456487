#include "pmd_ops/port.hpp"

#include "pmd_ops/dpdk_error.hpp"
#include "pmd_ops/netns.hpp"
#include "pmd_ops/tsan_handoff.hpp"

#include <rte_dev.h>
#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include <algorithm>
#include <atomic>
#include <thread>

namespace hammer::pmd_ops {

/// The rings of a ring pair, `queues` each way; both ports hold it, the last one frees them.
struct RingLink {
    std::vector<rte_ring*> a_to_b; ///< [q]: a's TX queue q, b's RX queue q
    std::vector<rte_ring*> b_to_a; ///< [q]: b's TX queue q, a's RX queue q

    RingLink() = default;
    RingLink(const RingLink&) = delete;
    RingLink& operator=(const RingLink&) = delete;
    ~RingLink()
    {
        for (const auto* rings : {&a_to_b, &b_to_a}) {
            for (rte_ring* ring : *rings) {
                drain(ring);
                rte_ring_free(ring);
            }
        }
    }

    /// Rings each way: the most queues either port can be configured with.
    [[nodiscard]] std::uint16_t queues() const noexcept { return static_cast<std::uint16_t>(a_to_b.size()); }

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
      rings_{std::move(other.rings_)}, pool_{other.pool_}, config_{other.config_}, rss_{other.rss_},
      link_down_{other.link_down_}, promiscuous_{other.promiscuous_}, all_multicast_{other.all_multicast_},
      multicast_macs_{std::move(other.multicast_macs_)}, stage_{std::exchange(other.stage_, Stage::closed)}
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
                                              unsigned ring_size, std::uint16_t queues)
{
    // rte_eth_from_rings refuses more than RTE_PMD_RING_MAX_RX_RINGS RX rings
    // (its TX array is not checked, but the PMD's queue table has as many).
    constexpr std::uint16_t most_rings = std::min(RTE_PMD_RING_MAX_RX_RINGS, RTE_PMD_RING_MAX_TX_RINGS);
    if (queues == 0 || queues > most_rings) {
        return Error{"rte_eth_from_rings(" + name_a + ", " + std::to_string(queues) + " queues)", EINVAL,
                     "a ring pair has 1 to " + std::to_string(most_rings) + " rings each way"};
    }
    // Ring names are limited to RTE_RING_NAMESIZE (29 characters): a
    // process-wide counter keeps them unique and short ("hm_ab4294967295_15"
    // at the longest), whatever the port names.
    static std::atomic<unsigned> next_ring{0};
    auto rings = std::make_shared<RingLink>();
    const unsigned index = next_ring.fetch_add(1);
    // One lcore enqueues and one dequeues each ring: single producer, single consumer.
    const unsigned flags = RING_F_SP_ENQ | RING_F_SC_DEQ;
    for (std::uint16_t queue = 0; queue < queues; ++queue) {
        for (auto* side : {&rings->a_to_b, &rings->b_to_a}) {
            const std::string name = std::string{side == &rings->a_to_b ? "hm_ab" : "hm_ba"} + std::to_string(index) +
                                     "_" + std::to_string(queue);
            rte_ring* ring = rte_ring_create(name.c_str(), ring_size, SOCKET_ID_ANY, flags);
            if (ring == nullptr) {
                return rte_errno_error("rte_ring_create(" + name + ", " + std::to_string(ring_size) + ")");
            }
            side->push_back(ring); // owned by `rings` from here, freed with it on any return
        }
    }
    // Crossed: a transmits into a_to_b[q], which b receives from, and back.
    const int id_a = rte_eth_from_rings(name_a.c_str(), rings->b_to_a.data(), queues, rings->a_to_b.data(), queues,
                                        SOCKET_ID_ANY);
    if (id_a < 0) {
        return rte_errno_error("rte_eth_from_rings(" + name_a + ")");
    }
    Port a{static_cast<std::uint16_t>(id_a), "net_ring_" + name_a, {}, true, rings};
    const int id_b = rte_eth_from_rings(name_b.c_str(), rings->a_to_b.data(), queues, rings->b_to_a.data(), queues,
                                        SOCKET_ID_ANY);
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
    return configure_device(config);
}

Result<void> Port::configure_device(const PortConfig& wanted)
{
    return in_netns(netns_, [&]() -> Result<void> {
        rte_eth_dev_info info{};
        if (const int ret = rte_eth_dev_info_get(id_, &info); ret < 0) {
            return negative_errno_error(call_text("rte_eth_dev_info_get", id_), ret);
        }
        rte_eth_conf conf{};
        if (wanted.mtu != 0) {
            conf.rxmode.mtu = wanted.mtu;
        }
        conf.link_speeds = wanted.link_speeds;
        // Jumbo frames may span several mbufs where the driver can chain them.
        if ((info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_MULTI_SEGS) != 0) {
            conf.txmode.offloads |= RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
        }
        if ((info.rx_offload_capa & RTE_ETH_RX_OFFLOAD_SCATTER) != 0) {
            conf.rxmode.offloads |= RTE_ETH_RX_OFFLOAD_SCATTER;
        }
        conf.rxmode.offloads |= wanted.rx_offloads;
        conf.txmode.offloads |= wanted.tx_offloads;
        // Several RX queues: spread hammer's flows (IPv4/UDP, varying ports
        // and addresses) by hash where the driver can. rte_eth_dev_configure
        // refuses (EINVAL, "invalid rss_hf") any rss_hf bit outside
        // flow_type_rss_offloads, so only the bits it has are asked for; none
        // (ring, memif, af_packet, af_xdp) leaves mq_mode NONE, as a driver
        // that has no RSS would otherwise be asked for a mode it lacks. A
        // NULL key takes the driver's default key.
        const std::uint64_t rss_hf = (RTE_ETH_RSS_IP | RTE_ETH_RSS_UDP) & info.flow_type_rss_offloads;
        // ethdev refuses RTE_ETH_RX_OFFLOAD_RSS_HASH without the RSS mode.
        const bool hash_asked = (wanted.rx_offloads & RTE_ETH_RX_OFFLOAD_RSS_HASH) != 0;
        const bool rss = (wanted.rx_queues > 1 || hash_asked) && rss_hf != 0;
        if (rss) {
            conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
            conf.rx_adv_conf.rss_conf.rss_key = nullptr;
            conf.rx_adv_conf.rss_conf.rss_hf = rss_hf;
        }
        if (const int ret = rte_eth_dev_configure(id_, wanted.rx_queues, wanted.tx_queues, &conf); ret < 0) {
            return Error{"rte_eth_dev_configure(port=" + std::to_string(id_) + ", rx_queues=" +
                             std::to_string(wanted.rx_queues) + ", tx_queues=" + std::to_string(wanted.tx_queues) +
                             ")",
                         -ret, rte_strerror(-ret)};
        }
        PortConfig accepted = wanted;
        if (const int ret = rte_eth_dev_adjust_nb_rx_tx_desc(id_, &accepted.rx_descriptors, &accepted.tx_descriptors);
            ret < 0) {
            return negative_errno_error(call_text("rte_eth_dev_adjust_nb_rx_tx_desc", id_), ret);
        }
        config_ = accepted;
        rss_ = rss;
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
        if (auto set = apply_promiscuous(promiscuous_); !set && set.error().code != ENOTSUP) {
            return set;
        }
        if (all_multicast_) {
            if (auto set = apply_all_multicast(*all_multicast_); !set) {
                return set;
            }
        }
        if (!multicast_macs_.empty()) {
            if (auto set = apply_multicast_macs(multicast_macs_); !set) {
                return set;
            }
        }
        // A start brings the link up (tap sets its kernel interface up, ring
        // its link status): a link set down stays down across the restart of
        // a reconfiguration, as an interface set down keeps its admin state
        // when its channels or rings change.
        if (link_down_) {
            if (const int ret = rte_eth_dev_set_link_down(id_); ret < 0) {
                return negative_errno_error(call_text("rte_eth_dev_set_link_down", id_), ret);
            }
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

Result<void> Port::set_up_again(const PortConfig& wanted, bool reconfigure)
{
    if (auto ok = require(Stage::queues_ready, reconfigure ? "rte_eth_dev_configure" : "rte_eth_rx_queue_setup");
        !ok) {
        return ok;
    }
    // DPDK 22.11's af_xdp sets each queue up once: it has no queue release,
    // and a second rte_eth_rx_queue_setup makes a second XSK socket on the
    // same kernel queue, which fails (EINVAL, "xsk_configure(): Failed to
    // reserve fill queue") and leaves the port without queues, the old ones
    // not restorable either (measured). Refused before the stop instead.
    if (auto device = info(); device && device->driver == "net_af_xdp") {
        return Error{call_text(reconfigure ? "rte_eth_dev_configure" : "rte_eth_rx_queue_setup", id_), ENOTSUP,
                     "af_xdp (DPDK 22.11) cannot set its queues up a second time: close the port and probe it again"};
    }
    const bool was_started = started();
    const PortConfig before = config_;
    if (auto ok = stop(); !ok) {
        return ok;
    }
    // After the stop: the new configuration, then queues on the pool last used.
    auto apply = [&](const PortConfig& target) -> Result<void> {
        if (reconfigure) {
            if (auto ok = configure_device(target); !ok) {
                return ok;
            }
        } else {
            PortConfig adjusted = target;
            if (const int ret = rte_eth_dev_adjust_nb_rx_tx_desc(id_, &adjusted.rx_descriptors,
                                                                 &adjusted.tx_descriptors);
                ret < 0) {
                return negative_errno_error(call_text("rte_eth_dev_adjust_nb_rx_tx_desc", id_), ret);
            }
            config_ = adjusted;
            stage_ = Stage::configured;
        }
        if (auto ok = setup_queues(pool_); !ok) {
            return ok;
        }
        return was_started ? start() : Result<void>{};
    };
    auto changed = apply(wanted);
    if (changed || !reconfigure) {
        return changed;
    }
    // The driver refused the new queue counts after the stop. A refused
    // rte_eth_dev_configure leaves the port unconfigured (ethdev clears
    // dev_configured and rolls back only dev_conf and the MTU, so
    // rte_eth_dev_start fails with EINVAL): configure the old counts again,
    // set their queues up and restart, and report what was refused.
    if (auto restored = apply(before); !restored) {
        Error error = changed.error();
        error.message += "; restoring " + std::to_string(before.rx_queues) + "/" + std::to_string(before.tx_queues) +
                         " queues failed too: " + restored.error().to_string();
        return error;
    }
    return changed;
}

Result<void> Port::change_descriptors(std::uint16_t rx_descriptors, std::uint16_t tx_descriptors)
{
    PortConfig wanted = config_;
    wanted.rx_descriptors = rx_descriptors;
    wanted.tx_descriptors = tx_descriptors;
    return set_up_again(wanted, false);
}

Result<void> Port::change_queues(std::uint16_t rx_queues, std::uint16_t tx_queues)
{
    if (auto ok = require(Stage::queues_ready, "rte_eth_dev_configure"); !ok) {
        return ok;
    }
    const std::string call = "rte_eth_dev_configure(port=" + std::to_string(id_) + ", rx_queues=" +
                             std::to_string(rx_queues) + ", tx_queues=" + std::to_string(tx_queues) + ")";
    if (rx_queues == 0 || tx_queues == 0) {
        return Error{call, EINVAL, "a port needs at least one RX and one TX queue"};
    }
    // Checked before the stop, so that a count the device cannot have leaves
    // the port running as it was. ethdev itself would refuse it with EINVAL
    // ("nb_rx_queues=N > max"): the ring PMD reports as its maximum the
    // rings it was created with (rte_eth_ring.c eth_dev_info), since its
    // queue table holds exactly those; af_packet its qpairs, af_xdp its
    // queue_count.
    if (rings_ != nullptr && (rx_queues > rings_->queues() || tx_queues > rings_->queues())) {
        return Error{call, EINVAL,
                     "a ring pair has " + std::to_string(rings_->queues()) +
                         " rings each way, fixed when it was made: it cannot have more queues"};
    }
    auto device = info();
    if (!device) {
        return device.error();
    }
    if (rx_queues > device->max_rx_queues || tx_queues > device->max_tx_queues) {
        return Error{call, EINVAL,
                     "the driver allows at most " + std::to_string(device->max_rx_queues) + " RX and " +
                         std::to_string(device->max_tx_queues) + " TX queues"};
    }
    PortConfig wanted = config_;
    wanted.rx_queues = rx_queues;
    wanted.tx_queues = tx_queues;
    return set_up_again(wanted, true);
}

Result<void> Port::change_link_speeds(std::uint32_t link_speeds)
{
    PortConfig wanted = config_;
    wanted.link_speeds = link_speeds;
    return set_up_again(wanted, true);
}

Result<void> Port::change_offloads(std::uint64_t rx_offloads, std::uint64_t tx_offloads)
{
    PortConfig wanted = config_;
    wanted.rx_offloads = rx_offloads;
    wanted.tx_offloads = tx_offloads;
    return set_up_again(wanted, true);
}

Result<void> Port::set_link(bool up)
{
    if (auto ok = require(Stage::probed, up ? "rte_eth_dev_set_link_up" : "rte_eth_dev_set_link_down"); !ok) {
        return ok;
    }
    return in_netns(netns_, [&]() -> Result<void> {
        const int ret = up ? rte_eth_dev_set_link_up(id_) : rte_eth_dev_set_link_down(id_);
        if (ret < 0) {
            return negative_errno_error(call_text(up ? "rte_eth_dev_set_link_up" : "rte_eth_dev_set_link_down", id_),
                                        ret);
        }
        link_down_ = !up;
        return {};
    });
}

Result<void> Port::apply_promiscuous(bool on)
{
    const int ret = on ? rte_eth_promiscuous_enable(id_) : rte_eth_promiscuous_disable(id_);
    return ret < 0 ? negative_errno_error(
                         call_text(on ? "rte_eth_promiscuous_enable" : "rte_eth_promiscuous_disable", id_), ret)
                   : Result<void>{};
}

Result<void> Port::apply_all_multicast(bool on)
{
    const int ret = on ? rte_eth_allmulticast_enable(id_) : rte_eth_allmulticast_disable(id_);
    return ret < 0 ? negative_errno_error(
                         call_text(on ? "rte_eth_allmulticast_enable" : "rte_eth_allmulticast_disable", id_), ret)
                   : Result<void>{};
}

Result<void> Port::apply_multicast_macs(const std::vector<MacAddress>& macs)
{
    std::vector<rte_ether_addr> list(macs.size());
    for (std::size_t index = 0; index < macs.size(); ++index) {
        std::copy(macs[index].begin(), macs[index].end(), list[index].addr_bytes);
    }
    const int ret = rte_eth_dev_set_mc_addr_list(id_, list.empty() ? nullptr : list.data(),
                                                 static_cast<std::uint32_t>(list.size()));
    return ret < 0 ? negative_errno_error(call_text("rte_eth_dev_set_mc_addr_list", id_), ret) : Result<void>{};
}

Result<void> Port::set_promiscuous(bool on)
{
    if (auto ok = require(Stage::probed, "rte_eth_promiscuous_enable"); !ok) {
        return ok;
    }
    return in_netns(netns_, [&]() -> Result<void> {
        if (auto set = apply_promiscuous(on); !set) {
            return set;
        }
        promiscuous_ = on;
        return {};
    });
}

Result<void> Port::set_all_multicast(bool on)
{
    if (auto ok = require(Stage::probed, "rte_eth_allmulticast_enable"); !ok) {
        return ok;
    }
    return in_netns(netns_, [&]() -> Result<void> {
        if (auto set = apply_all_multicast(on); !set) {
            return set;
        }
        all_multicast_ = on;
        return {};
    });
}

Result<void> Port::set_multicast_macs(const std::vector<MacAddress>& macs)
{
    if (auto ok = require(Stage::probed, "rte_eth_dev_set_mc_addr_list"); !ok) {
        return ok;
    }
    return in_netns(netns_, [&]() -> Result<void> {
        if (auto set = apply_multicast_macs(macs); !set) {
            return set;
        }
        multicast_macs_ = macs;
        return {};
    });
}

Result<bool> Port::promiscuous() const
{
    const int ret = rte_eth_promiscuous_get(id_);
    if (ret < 0) {
        return negative_errno_error(call_text("rte_eth_promiscuous_get", id_), ret);
    }
    return ret == 1;
}

Result<bool> Port::all_multicast() const
{
    const int ret = rte_eth_allmulticast_get(id_);
    if (ret < 0) {
        return negative_errno_error(call_text("rte_eth_allmulticast_get", id_), ret);
    }
    return ret == 1;
}

Result<MacAddress> Port::mac() const
{
    rte_ether_addr address{};
    if (const int ret = rte_eth_macaddr_get(id_, &address); ret < 0) {
        return negative_errno_error(call_text("rte_eth_macaddr_get", id_), ret);
    }
    MacAddress mac{};
    std::copy(std::begin(address.addr_bytes), std::end(address.addr_bytes), mac.begin());
    return mac;
}

Result<void> Port::reset()
{
    if (auto ok = require(Stage::queues_ready, "rte_eth_dev_reset"); !ok) {
        return ok;
    }
    const bool was_started = started();
    if (auto ok = stop(); !ok) {
        return ok;
    }
    auto reset = in_netns(netns_, [&]() -> Result<int> { return rte_eth_dev_reset(id_); });
    if (!reset || reset.value() == -ENOTSUP) {
        // ethdev refuses before touching the device when the driver has no
        // reset (rte_ethdev.c: dev_reset is checked before the stop): the
        // port is as it was, only stopped.
        Error refused = reset ? negative_errno_error(call_text("rte_eth_dev_reset", id_), reset.value()) : reset.error();
        if (was_started) {
            if (auto started_again = start(); !started_again) {
                refused.message += "; starting the port again failed: " + started_again.error().to_string();
            }
        }
        return refused;
    }
    // Reset or not, the device may have been re-initialised (a failed
    // dev_init leaves it half set up): configure it, set up its queues and
    // start it again as it was, and report the reset's failure if any.
    stage_ = Stage::probed;
    auto set_up = [&]() -> Result<void> {
        if (auto ok = configure_device(config_); !ok) {
            return ok;
        }
        if (auto ok = setup_queues(pool_); !ok) {
            return ok;
        }
        return was_started ? start() : Result<void>{};
    };
    auto again = set_up();
    if (const int ret = reset.value(); ret < 0) {
        Error failed = negative_errno_error(call_text("rte_eth_dev_reset", id_), ret);
        if (!again) {
            failed.message += "; setting the port up again failed: " + again.error().to_string();
        }
        return failed;
    }
    return again;
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

int Port::socket() const noexcept
{
    return rte_eth_dev_socket_id(id_);
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
    out.rx_descriptors_align = std::max<std::uint16_t>(info.rx_desc_lim.nb_align, 1);
    out.tx_descriptors_align = std::max<std::uint16_t>(info.tx_desc_lim.nb_align, 1);
    out.speed_capa = info.speed_capa;
    out.rx_scatter = (info.rx_offload_capa & RTE_ETH_RX_OFFLOAD_SCATTER) != 0;
    out.rss_offloads = info.flow_type_rss_offloads;
    out.rx_offload_capa = info.rx_offload_capa;
    out.tx_offload_capa = info.tx_offload_capa;
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
    PortStats stats;
    stats.rx_packets = raw.ipackets;
    stats.tx_packets = raw.opackets;
    stats.rx_bytes = raw.ibytes;
    stats.tx_bytes = raw.obytes;
    stats.rx_missed = raw.imissed;
    stats.rx_errors = raw.ierrors;
    stats.tx_errors = raw.oerrors;
    stats.rx_no_mbuf = raw.rx_nombuf;
    // rte_eth_stats has RTE_ETHDEV_QUEUE_STAT_CNTRS per-queue slots; queues
    // past them are counted in the totals only. A driver that does not fill
    // them leaves zeros (rte_eth_stats_get clears the struct first).
    const auto rx_queues = std::min<std::size_t>(config_.rx_queues, RTE_ETHDEV_QUEUE_STAT_CNTRS);
    const auto tx_queues = std::min<std::size_t>(config_.tx_queues, RTE_ETHDEV_QUEUE_STAT_CNTRS);
    stats.rx_queue_packets.assign(raw.q_ipackets, raw.q_ipackets + rx_queues);
    stats.rx_queue_bytes.assign(raw.q_ibytes, raw.q_ibytes + rx_queues);
    stats.tx_queue_packets.assign(raw.q_opackets, raw.q_opackets + tx_queues);
    stats.tx_queue_bytes.assign(raw.q_obytes, raw.q_obytes + tx_queues);
    return stats;
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
