#pragma once

#include "pmd_ops/frame.hpp"
#include "pmd_ops/result.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

struct rte_mempool;

namespace hammer::pmd_ops {

/// What configure() and setup_queues() ask of a port.
///
/// With more than one RX queue, configure() turns on RSS for IPv4/IPv6 and
/// UDP where the driver hashes those (see Port::rss()); a driver without RSS
/// (ring, memif, af_packet, af_xdp) feeds its queues its own way: one ring or
/// memif ring per queue, the kernel's fanout hash (af_packet), the kernel
/// queue each XSK socket is bound to (af_xdp).
struct PortConfig {
    std::uint16_t rx_queues = 1;
    std::uint16_t tx_queues = 1;
    std::uint16_t rx_descriptors = 1024; ///< adjusted to the driver's limits (see Port::config())
    std::uint16_t tx_descriptors = 1024;
    std::uint16_t mtu = 0;               ///< 0: leave the device's MTU
    /// rte_eth_conf.link_speeds: RTE_ETH_LINK_SPEED_AUTONEG (0, every speed
    /// the driver has), speed bits to advertise, or RTE_ETH_LINK_SPEED_FIXED
    /// with one speed bit. Kept by every later reconfiguration.
    std::uint32_t link_speeds = 0;
    /// RTE_ETH_RX_OFFLOAD_* / RTE_ETH_TX_OFFLOAD_* bits asked for beyond
    /// those configure() takes by itself (scatter, multi-segment TX): what
    /// offload_check turns on. Kept by every later reconfiguration.
    /// RTE_ETH_RX_OFFLOAD_RSS_HASH also turns RSS on with a single RX queue,
    /// as ethdev refuses the offload without it.
    std::uint64_t rx_offloads = 0;
    std::uint64_t tx_offloads = 0;
};

/// What the driver says it can do (rte_eth_dev_info_get).
struct PortInfo {
    std::string driver;
    std::string device;
    std::uint16_t min_mtu = 0;
    std::uint16_t max_mtu = 0;
    std::uint32_t max_rx_frame = 0;
    std::uint16_t max_rx_queues = 0;
    std::uint16_t max_tx_queues = 0;
    std::uint16_t rx_descriptors_min = 0;
    std::uint16_t rx_descriptors_max = 0;
    std::uint16_t tx_descriptors_min = 0;
    std::uint16_t tx_descriptors_max = 0;
    std::uint16_t rx_descriptors_align = 1; ///< counts the driver takes are multiples of this
    std::uint16_t tx_descriptors_align = 1;
    std::uint32_t speed_capa = 0; ///< RTE_ETH_LINK_SPEED_* bits
    bool rx_scatter = false;      ///< can spread a received frame over chained mbufs
    /// RTE_ETH_RSS_* hash types the driver can spread RX by
    /// (flow_type_rss_offloads); 0: no RSS.
    std::uint64_t rss_offloads = 0;
    std::uint64_t rx_offload_capa = 0; ///< RTE_ETH_RX_OFFLOAD_* bits the port offers
    std::uint64_t tx_offload_capa = 0; ///< RTE_ETH_TX_OFFLOAD_* bits the port offers
    std::string mac;              ///< "02:00:00:00:00:01"
};

struct LinkStatus {
    bool up = false;
    std::uint32_t speed_mbps = 0; ///< 0: unknown
    bool full_duplex = false;
    bool autoneg = false;
};

/// The basic ethdev counters (rte_eth_stats), device totals since start or reset.
struct PortStats {
    std::uint64_t rx_packets = 0;
    std::uint64_t tx_packets = 0;
    std::uint64_t rx_bytes = 0;
    std::uint64_t tx_bytes = 0;
    std::uint64_t rx_missed = 0; ///< dropped by the device: RX ring full
    std::uint64_t rx_errors = 0;
    std::uint64_t tx_errors = 0;
    std::uint64_t rx_no_mbuf = 0; ///< RX allocation failures
    /// Per queue (rte_eth_stats q_ipackets, q_opackets, q_ibytes, q_obytes):
    /// one entry per configured queue, at most RTE_ETHDEV_QUEUE_STAT_CNTRS
    /// (16 in Debian's build). A driver that does not fill them leaves the
    /// zeros rte_eth_stats_get starts from, so all-zero queues beside nonzero
    /// totals mean "not counted per queue", not "nothing on any queue". The
    /// virtual drivers here (ring, memif, af_packet, af_xdp, tap) fill them
    /// and make the totals their sums.
    std::vector<std::uint64_t> rx_queue_packets;
    std::vector<std::uint64_t> tx_queue_packets;
    std::vector<std::uint64_t> rx_queue_bytes;
    std::vector<std::uint64_t> tx_queue_bytes;
};

struct Xstat {
    std::string name;
    std::uint64_t value = 0;
};

struct RingLink;

/// One ethdev port, from probe to close. Setup is staged the way DPDK's
/// guide describes it (Poll Mode Driver, "Device Configuration"): configure
/// → queue setup → start; stop and queue setup again to change descriptor
/// counts. Calls out of order fail with EINVAL instead of reaching the driver.
///
/// Every control call runs in the port's network namespace, if it has one
/// (see NetnsScope). Polling is not a Port call: the engine polls by id.
class Port {
public:
    /// Probes a device by its devargs (rte_dev_probe: "net_memif0,role=server,...",
    /// "net_af_packet0,iface=veth0", a PCI address) inside `netns` (empty: ours).
    [[nodiscard]] static Result<Port> probe(const std::string& devargs, const std::string& netns = {});

    /// Two in-process ports joined back to back (rte_eth_from_rings): what
    /// `a` sends, `b` receives, and the reverse. `queues` rings each way
    /// (1 to RTE_PMD_RING_MAX_RX_RINGS, 16): what `a` sends on TX queue q,
    /// `b` receives on RX queue q, and the reverse. Each ring holds
    /// `ring_size` (a power of two) mbufs; the ring PMD ignores descriptor
    /// counts. The rings are fixed here: the ports can later be configured
    /// with fewer queues, never more.
    [[nodiscard]] static Result<std::pair<Port, Port>> ring_pair(const std::string& name_a, const std::string& name_b,
                                                                 unsigned ring_size, std::uint16_t queues = 1);

    Port(Port&& other) noexcept;
    Port& operator=(Port&&) = delete;
    Port(const Port&) = delete;
    Port& operator=(const Port&) = delete;
    ~Port(); ///< stop and close when not done yet; never throws

    /// Stage 1: rte_eth_dev_configure (queues, MTU, offloads the frames need;
    /// RSS over IP and UDP when there are several RX queues and the driver has it).
    Result<void> configure(const PortConfig& config);
    /// Stage 2: every RX and TX queue, RX buffers from `pool` (which must outlive the port).
    Result<void> setup_queues(rte_mempool* pool);
    /// Stage 3: rte_eth_dev_start, then the receive modes in force:
    /// promiscuous on (frames carry hammer's own MACs) unless
    /// set_promiscuous(false) asked otherwise, and what set_all_multicast()
    /// and set_multicast_macs() asked.
    Result<void> start();
    Result<void> stop();
    /// Stops if started, closes, and removes a virtual device so that its
    /// name can be probed again (recovery re-creates ports).
    Result<void> close();

    /// Stop → queue setup with new descriptor counts → start. The caller
    /// makes sure no lcore polls the port meanwhile (Engine::quiesce).
    Result<void> change_descriptors(std::uint16_t rx_descriptors, std::uint16_t tx_descriptors);

    /// Stop → rte_eth_dev_configure with the new queue counts (the rest as
    /// configure() set it, RSS decided again) → queue setup on rx_pool() →
    /// start if it was started. The caller makes sure no lcore polls the
    /// port meanwhile. Counts above what the driver allows (a ring pair:
    /// its rings each way; af_packet: qpairs; af_xdp: queue_count) fail
    /// with EINVAL before the port is touched; af_xdp, which can set its
    /// queues up only once, with ENOTSUP (so does change_descriptors). When
    /// the driver refuses the new counts after the stop, the old ones are
    /// set up again (and the port restarted if it was started) and the
    /// driver's error returned. af_packet keeps all `qpairs` sockets in its
    /// fanout group whatever the count: with fewer queues than qpairs, the
    /// frames the kernel hashes to a socket whose queue is not set up are
    /// never read.
    Result<void> change_queues(std::uint16_t rx_queues, std::uint16_t tx_queues);

    /// Stop → rte_eth_dev_configure with `link_speeds` (rte_eth_conf.link_speeds,
    /// see PortConfig) → queue setup on rx_pool() → start if it was started.
    /// The caller makes sure no lcore polls the port meanwhile. A driver
    /// that refuses it gets the old configuration back, as change_queues.
    Result<void> change_link_speeds(std::uint32_t link_speeds);

    /// Stop → rte_eth_dev_configure with `rx_offloads` and `tx_offloads`
    /// (PortConfig's) → queue setup on rx_pool() → start if it was started.
    /// Offloads are port configuration in ethdev: there is no changing them
    /// on a started port. The caller makes sure no lcore polls the port
    /// meanwhile. A driver that refuses them gets the old configuration
    /// back, as change_queues.
    Result<void> change_offloads(std::uint64_t rx_offloads, std::uint64_t tx_offloads);

    /// rte_eth_dev_set_link_up / _down: the port stays started, its link
    /// goes down (tap: the kernel interface goes down too). Remembered: a
    /// later start (a reconfiguration's restart) sets the link down again.
    Result<void> set_link(bool up);
    /// Whether set_link(false) left the link down.
    [[nodiscard]] bool link_set_down() const noexcept { return link_down_; }
    /// rte_eth_promiscuous_enable / _disable, kept by later starts. A driver
    /// without the mode (ring, memif, null) fails with ENOTSUP.
    Result<void> set_promiscuous(bool on);
    /// rte_eth_allmulticast_enable / _disable, kept by later starts.
    Result<void> set_all_multicast(bool on);
    /// rte_eth_dev_set_mc_addr_list: the multicast MACs the port takes
    /// besides its own (empty: none), kept by later starts.
    Result<void> set_multicast_macs(const std::vector<MacAddress>& macs);
    /// rte_eth_promiscuous_get / rte_eth_allmulticast_get: the device's own answer.
    [[nodiscard]] Result<bool> promiscuous() const;
    [[nodiscard]] Result<bool> all_multicast() const;
    /// What set_multicast_macs() last set: ethdev cannot read the list back.
    [[nodiscard]] const std::vector<MacAddress>& multicast_macs() const noexcept { return multicast_macs_; }
    /// The device's MAC address (rte_eth_macaddr_get).
    [[nodiscard]] Result<MacAddress> mac() const;

    /// Stop → rte_eth_dev_reset → the port set up as it was: configure with
    /// config(), queues on rx_pool(), start if it was started. rte_ethdev.h:
    /// a reset returns the device to its state after probe, without queues,
    /// "as if the port has been reset and not started", keeping its port id.
    /// A driver without a reset fails with ENOTSUP and the port is started
    /// again as it was. The caller makes sure no lcore polls the port.
    Result<void> reset();

    Result<void> set_mtu(std::uint16_t mtu);
    [[nodiscard]] Result<std::uint16_t> mtu() const;
    [[nodiscard]] Result<PortInfo> info() const;
    [[nodiscard]] Result<LinkStatus> link() const;
    /// Polls the link every 10 ms until it is up or `timeout` passes; the
    /// last status either way.
    [[nodiscard]] Result<LinkStatus> wait_link_up(std::chrono::milliseconds timeout) const;
    [[nodiscard]] Result<PortStats> stats() const;
    Result<void> reset_stats();
    [[nodiscard]] Result<std::vector<Xstat>> xstats() const;

    [[nodiscard]] std::uint16_t id() const noexcept { return id_; }
    /// The ethdev name ("net_memif0", "net_ring_a").
    [[nodiscard]] const std::string& name() const noexcept { return name_; }
    [[nodiscard]] const std::string& netns() const noexcept { return netns_; }
    /// The NUMA socket the device sits on (rte_eth_dev_socket_id); -1
    /// (SOCKET_ID_ANY) for virtual devices and where the platform does not say.
    [[nodiscard]] int socket() const noexcept;
    /// What was asked of the port, descriptor counts as the driver accepted them.
    [[nodiscard]] const PortConfig& config() const noexcept { return config_; }
    [[nodiscard]] bool started() const noexcept { return stage_ == Stage::started; }
    /// Whether the last configure (or change_queues) turned RSS on: several
    /// RX queues (or RTE_ETH_RX_OFFLOAD_RSS_HASH asked) and a driver that hashes IP or UDP.
    [[nodiscard]] bool rss() const noexcept { return rss_; }
    /// The pool the RX queues were last set up with.
    [[nodiscard]] rte_mempool* rx_pool() const noexcept { return pool_; }

private:
    enum class Stage { probed, configured, queues_ready, started, closed };

    Port(std::uint16_t id, std::string name, std::string netns, bool removable,
         std::shared_ptr<const RingLink> rings) noexcept;

    Result<void> require(Stage at_least, const char* call) const;
    /// The ethdev calls behind set_promiscuous() and its kin, in the
    /// caller's namespace, remembering nothing: start() uses them too.
    Result<void> apply_promiscuous(bool on);
    Result<void> apply_all_multicast(bool on);
    Result<void> apply_multicast_macs(const std::vector<MacAddress>& macs);
    /// rte_eth_dev_configure + descriptor adjustment for `wanted`, in the
    /// port's namespace; on success config_, rss_ and the stage follow.
    Result<void> configure_device(const PortConfig& wanted);
    /// The skeleton of every change on a set-up port: stop → (configure the
    /// device again when `reconfigure`, else adjust descriptors) → queue
    /// setup on pool_ → start if it was started.
    Result<void> set_up_again(const PortConfig& wanted, bool reconfigure);

    std::uint16_t id_ = 0;
    std::string name_;
    std::string netns_;
    bool removable_ = false; ///< a virtual device: removed from its bus on close
    std::shared_ptr<const RingLink> rings_; ///< ring pairs: the two rings both ports use; freed by the last
    rte_mempool* pool_ = nullptr;
    PortConfig config_;
    bool rss_ = false;
    bool link_down_ = false; ///< set_link(false) is in force
    bool promiscuous_ = true;                ///< what start() puts in force
    std::optional<bool> all_multicast_;      ///< nullopt: as the driver has it
    std::vector<MacAddress> multicast_macs_; ///< set again by start() when not empty
    Stage stage_ = Stage::probed;
};

} // namespace hammer::pmd_ops
