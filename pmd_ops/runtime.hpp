#pragma once

#include "pmd_ops/eal.hpp"
#include "pmd_ops/engine.hpp"
#include "pmd_ops/mempool.hpp"
#include "pmd_ops/pmd_ops.hpp"
#include "pmd_ops/port.hpp"
#include "src/operations/device_identity.hpp"
#include "src/topology/pairing.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

namespace hammer::pmd_ops {

/// The ports of one pair, started, with the pools they use. Only the pair's
/// own thread uses them while the run lasts.
struct PairPorts {
    std::string pair_id;
    std::string endpoint_a; ///< Endpoint::name() of the pair's a side
    std::string endpoint_b;
    Mempool pool;                ///< standard frames for RX, and for TX when shared_tx is null
    std::optional<Mempool> jumbo; ///< made when a port's RX or an operation first needs jumbo mbufs
    Port a;
    Port b;
    std::uint16_t initial_mtu_a = 0; ///< as found at probe, for restore
    std::uint16_t initial_mtu_b = 0;
    Mempool* shared_tx = nullptr; ///< the runtime's TX pool, when the pair has a share of it
    std::uint16_t queues = 1;     ///< RX and TX queues of each port: PmdOptions::queues, or fewer where a device has fewer
    std::vector<unsigned> lcores; ///< the pair's own lcores (dedicated placement); empty: shared
    std::string numa_warning;     ///< a port on a NUMA socket without a worker lcore of the run
    /// The background traffic the pair carries while a control step runs
    /// (background_traffic), null otherwise: an ethdev change that stops
    /// the ports holds it first and resumes it after.
    TrafficRun* background = nullptr;
    std::uint16_t background_queues = 0; ///< the queues per direction it was built for

    /// Where standard frames are sent from.
    [[nodiscard]] rte_mempool* tx_pool() const noexcept { return shared_tx != nullptr ? shared_tx->get() : pool.get(); }
};

/// What DPDK is for this process: EAL, the engine, and every pair's ports,
/// all made on first use. Thread-safe: pair threads acquire their own pairs.
class PmdRuntime {
public:
    /// The process's runtime, made with `options` on the first call.
    [[nodiscard]] static std::shared_ptr<PmdRuntime> shared(const PmdOptions& options);

    explicit PmdRuntime(PmdOptions options);
    PmdRuntime(const PmdRuntime&) = delete;
    PmdRuntime& operator=(const PmdRuntime&) = delete;
    ~PmdRuntime(); ///< teardown in order: engine (joins lcores), ports, pools, EAL

    /// The pair's ports, probed, configured and started on the first call.
    [[nodiscard]] Result<PairPorts*> acquire(const topology::Pair& pair);
    /// The pair's jumbo pool, made on first use.
    [[nodiscard]] Result<Mempool*> jumbo_pool(PairPorts& ports);
    [[nodiscard]] Result<Engine*> engine();
    /// The ports holding `endpoint`, if they exist yet, with which side it is.
    [[nodiscard]] Port* find_port(const topology::Endpoint& endpoint, PairPorts** pair = nullptr);
    /// The device of the endpoint's port as read when it was first probed,
    /// nullopt before that. Kept when the port is released, read again when it is made anew.
    [[nodiscard]] std::optional<operations::DeviceIdentity> identity(const topology::Endpoint& endpoint);
    /// Closes the ports of the pair holding `endpoint`; the next acquire makes them anew.
    Result<void> release(const topology::Endpoint& endpoint);

    [[nodiscard]] const PmdOptions& options() const noexcept { return options_; }

private:
    Result<void> start_dpdk(); ///< with mutex_ held
    Result<std::unique_ptr<PairPorts>> open_pair(const topology::Pair& pair);
    [[nodiscard]] Result<Mempool> make_jumbo_pool(int socket) const;
    [[nodiscard]] PoolDemand demand_per_pair() const;
    /// The lcores of the pair `pair_id` under the placement, on the NUMA
    /// `socket` of its ports where there are enough; empty: shared. With mutex_ held.
    [[nodiscard]] std::vector<unsigned> lcores_for(const std::string& pair_id, int socket);
    /// Why the pair's traffic crosses NUMA sockets; empty when it does not.
    [[nodiscard]] std::string numa_warning(const PairPorts& ports) const;

    PmdOptions options_;
    std::mutex mutex_;
    std::optional<Eal> eal_;
    std::unique_ptr<Engine> engine_;
    /// One pool every pair sends standard frames from, as testpmd has one
    /// per socket: an lcore serving many pairs then cycles the same few
    /// mbufs through its pool cache instead of a set per pair, which kept 64
    /// pairs on one lcore at 0.8x the rate of one (docs/BENCHMARKS.md).
    std::optional<Mempool> tx_pool_;
    unsigned tx_pool_shares_left_ = 0; ///< pairs that may still take a share of tx_pool_
    std::map<std::string, std::unique_ptr<PairPorts>, std::less<>> pairs_; ///< by pair id
    std::map<std::string, std::string, std::less<>> pair_of_endpoint_;     ///< endpoint name → pair id
    std::map<std::string, operations::DeviceIdentity, std::less<>> identities_; ///< endpoint name → its device
    /// Dedicated placement: each pair's group of lcores, kept across
    /// release and acquire (recovery) so a pair keeps its lcores.
    std::map<std::string, std::vector<unsigned>, std::less<>> lcores_of_pair_;
    std::set<unsigned> taken_lcores_;
    std::vector<unsigned> worker_lcores_;
    unsigned lcores_per_pair_ = 0; ///< 0: shared placement
};

} // namespace hammer::pmd_ops
