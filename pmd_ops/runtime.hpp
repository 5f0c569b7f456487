#pragma once

#include "pmd_ops/eal.hpp"
#include "pmd_ops/engine.hpp"
#include "pmd_ops/mempool.hpp"
#include "pmd_ops/pmd_ops.hpp"
#include "pmd_ops/port.hpp"
#include "src/topology/pairing.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace hammer::pmd_ops {

/// The ports of one pair, started, with the pool their RX queues use. Only
/// the pair's own thread uses them while the run lasts.
struct PairPorts {
    std::string pair_id;
    std::string endpoint_a; ///< Endpoint::name() of the pair's a side
    std::string endpoint_b;
    Mempool pool;                ///< standard frames, sized for the two ports
    std::optional<Mempool> jumbo; ///< made when a port's RX or an operation first needs jumbo mbufs
    Port a;
    Port b;
    std::uint16_t initial_mtu_a = 0; ///< as found at probe, for restore
    std::uint16_t initial_mtu_b = 0;
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
    /// Closes the ports of the pair holding `endpoint`; the next acquire makes them anew.
    Result<void> release(const topology::Endpoint& endpoint);

    [[nodiscard]] const PmdOptions& options() const noexcept { return options_; }

private:
    Result<void> start_dpdk(); ///< with mutex_ held
    Result<std::unique_ptr<PairPorts>> open_pair(const topology::Pair& pair);
    [[nodiscard]] Result<Mempool> make_jumbo_pool() const;

    PmdOptions options_;
    std::mutex mutex_;
    std::optional<Eal> eal_;
    std::unique_ptr<Engine> engine_;
    std::map<std::string, std::unique_ptr<PairPorts>, std::less<>> pairs_; ///< by pair id
    std::map<std::string, std::string, std::less<>> pair_of_endpoint_;     ///< endpoint name → pair id
};

} // namespace hammer::pmd_ops
