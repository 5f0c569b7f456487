#pragma once

#include "pmd_ops/bench/bench_options.hpp"
#include "pmd_ops/eal.hpp"
#include "pmd_ops/engine.hpp"

#include <memory>
#include <string>
#include <vector>

namespace hammer::pmd_ops::bench {

/// EAL and the engine of one bench process, started the way `hammer run`
/// starts them (pmd_ops::Eal): BenchOptions::lcores worker lcores pinned from
/// the last CPU down (one by default), the main lcore on the CPUs no worker
/// has, or floating over all of them when none is left. scripts/bench.sh
/// gives testpmd the same --lcores. One per process: DPDK cannot initialise twice.
class BenchDpdk {
public:
    /// Initialises EAL (throws BenchError when it does not come up) and
    /// launches the engine on its worker lcores.
    [[nodiscard]] static BenchDpdk start(const BenchOptions& options);

    BenchDpdk(BenchDpdk&&) noexcept = default;
    BenchDpdk& operator=(BenchDpdk&&) = delete;
    BenchDpdk(const BenchDpdk&) = delete;
    BenchDpdk& operator=(const BenchDpdk&) = delete;
    ~BenchDpdk(); ///< joins the lcores (engine first), then EAL cleanup

    [[nodiscard]] Engine& engine() noexcept { return *engine_; }
    [[nodiscard]] std::uint64_t tsc_hz() const noexcept { return eal_.tsc_hz(); }
    [[nodiscard]] unsigned lcores() const noexcept { return static_cast<unsigned>(eal_.worker_lcores().size()); }
    /// The worker lcore ids, in launch order: where a case pins its jobs (TrafficProfile::lcores).
    [[nodiscard]] const std::vector<unsigned>& worker_lcores() const noexcept { return eal_.worker_lcores(); }
    /// "hugepages" or "no-huge": what EAL got, so bench.sh can start testpmd alike.
    [[nodiscard]] std::string memory() const;

private:
    BenchDpdk(Eal eal, std::unique_ptr<Engine> engine) noexcept;

    // Declared in teardown order reversed: the engine joins its lcores before EAL goes.
    Eal eal_;
    std::unique_ptr<Engine> engine_;
};

} // namespace hammer::pmd_ops::bench
