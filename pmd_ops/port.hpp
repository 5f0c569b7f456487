#pragma once

#include "pmd_ops/result.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

struct rte_mempool;

namespace hammer::pmd_ops {

/// What configure() and setup_queues() ask of a port.
struct PortConfig {
    std::uint16_t rx_queues = 1;
    std::uint16_t tx_queues = 1;
    std::uint16_t rx_descriptors = 1024; ///< adjusted to the driver's limits (see Port::config())
    std::uint16_t tx_descriptors = 1024;
    std::uint16_t mtu = 0;               ///< 0: leave the device's MTU
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
    std::uint32_t speed_capa = 0; ///< RTE_ETH_LINK_SPEED_* bits
    bool rx_scatter = false;      ///< can spread a received frame over chained mbufs
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
    /// `a` sends, `b` receives, and the reverse. Each ring holds `ring_size`
    /// (a power of two) mbufs; the ring PMD ignores descriptor counts.
    [[nodiscard]] static Result<std::pair<Port, Port>> ring_pair(const std::string& name_a, const std::string& name_b,
                                                                 unsigned ring_size);

    Port(Port&& other) noexcept;
    Port& operator=(Port&&) = delete;
    Port(const Port&) = delete;
    Port& operator=(const Port&) = delete;
    ~Port(); ///< stop and close when not done yet; never throws

    /// Stage 1: rte_eth_dev_configure (queues, MTU, offloads the frames need).
    Result<void> configure(const PortConfig& config);
    /// Stage 2: every RX and TX queue, RX buffers from `pool` (which must outlive the port).
    Result<void> setup_queues(rte_mempool* pool);
    /// Stage 3: rte_eth_dev_start, promiscuous on (frames carry hammer's own MACs).
    Result<void> start();
    Result<void> stop();
    /// Stops if started, closes, and removes a virtual device so that its
    /// name can be probed again (recovery re-creates ports).
    Result<void> close();

    /// Stop → queue setup with new descriptor counts → start. The caller
    /// makes sure no lcore polls the port meanwhile (Engine::quiesce).
    Result<void> change_descriptors(std::uint16_t rx_descriptors, std::uint16_t tx_descriptors);

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
    /// What was asked of the port, descriptor counts as the driver accepted them.
    [[nodiscard]] const PortConfig& config() const noexcept { return config_; }
    [[nodiscard]] bool started() const noexcept { return stage_ == Stage::started; }
    /// The pool the RX queues were last set up with.
    [[nodiscard]] rte_mempool* rx_pool() const noexcept { return pool_; }

private:
    enum class Stage { probed, configured, queues_ready, started, closed };

    Port(std::uint16_t id, std::string name, std::string netns, bool removable,
         std::shared_ptr<const RingLink> rings) noexcept;

    Result<void> require(Stage at_least, const char* call) const;

    std::uint16_t id_ = 0;
    std::string name_;
    std::string netns_;
    bool removable_ = false; ///< a virtual device: removed from its bus on close
    std::shared_ptr<const RingLink> rings_; ///< ring pairs: the two rings both ports use; freed by the last
    rte_mempool* pool_ = nullptr;
    PortConfig config_;
    Stage stage_ = Stage::probed;
};

} // namespace hammer::pmd_ops
