#pragma once

#include "pmd_ops/result.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace hammer::pmd_ops {

/// How DPDK is started. EAL arguments that hammer does not derive itself go
/// in `extra` (what follows `--` on hammer's command line). When `extra` lays
/// out the lcores itself (-l, -c, --lcores), hammer adds no --lcores and
/// `workers` and `worker_cpus` are not used.
struct EalOptions {
    std::string program = "hammer";
    unsigned workers = 1;       ///< worker lcores, each pinned to one CPU of the process's affinity mask
    /// The CPU of each worker lcore, in order (then `workers` is its size);
    /// each must be in the affinity mask. Empty: the last `workers` CPUs of it.
    std::vector<unsigned> worker_cpus;
    unsigned memory_mb = 512;   ///< memory to reserve; without enough free hugepages, taken with --no-huge -m
    bool use_hugepages = true;  ///< false: --no-huge even when hugepages are free
    std::string file_prefix;    ///< empty: "hammer-<pid>", so runs side by side never share runtime files
    std::vector<std::string> extra;
};

/// Where DPDK's memory came from.
enum class MemoryMode {
    hugepages, ///< --in-memory: hugepages, no files left behind
    no_huge,   ///< --no-huge: anonymous 4 KiB pages (small mbufs are ~2.6x slower)
};

/// The Environment Abstraction Layer, initialised once per process. DPDK
/// cannot initialise EAL a second time, even after rte_eal_cleanup, so a
/// second Eal::init in one process fails with EALREADY.
class Eal {
public:
    /// Initialises EAL, then blocks real-time signals in the calling thread
    /// (threads it starts afterwards inherit that), because the tap PMD raises
    /// one per received packet and would interrupt the control plane's sleeps.
    /// Call it before starting the threads that run pairs.
    [[nodiscard]] static Result<Eal> init(const EalOptions& options);

    Eal(Eal&& other) noexcept;
    Eal& operator=(Eal&& other) = delete;
    Eal(const Eal&) = delete;
    Eal& operator=(const Eal&) = delete;
    ~Eal(); ///< rte_eal_cleanup when not done yet; never throws

    /// rte_eal_cleanup: releases DPDK's memory. Every port and pool must be gone.
    Result<void> cleanup();

    [[nodiscard]] MemoryMode memory_mode() const noexcept { return memory_mode_; }
    /// The argument vector given to rte_eal_init, for the log and the run document.
    [[nodiscard]] const std::vector<std::string>& arguments() const noexcept { return arguments_; }
    /// The worker lcore ids, in launch order.
    [[nodiscard]] const std::vector<unsigned>& worker_lcores() const noexcept { return worker_lcores_; }
    /// TSC cycles per second, for rate pacing and latency.
    [[nodiscard]] std::uint64_t tsc_hz() const noexcept { return tsc_hz_; }

    /// Blocks SIGRTMIN..SIGRTMAX in the calling thread; for threads that were
    /// started before Eal::init.
    static void block_realtime_signals() noexcept;

private:
    Eal(MemoryMode memory_mode, std::vector<std::string> arguments, std::vector<unsigned> worker_lcores,
        std::uint64_t tsc_hz, std::filesystem::path runtime_dir);
    /// Waits for EAL's interrupt thread to finish what closed ports left it.
    static void let_interrupt_thread_settle() noexcept;
    /// rte_eal_cleanup, then removes hammer's own runtime directory.
    int release() noexcept;

    MemoryMode memory_mode_;
    std::vector<std::string> arguments_;
    std::vector<unsigned> worker_lcores_;
    std::uint64_t tsc_hz_ = 0;
    /// /var/run/dpdk/<hammer's file prefix>, removed at cleanup; empty when
    /// the user's --file-prefix is in force.
    std::filesystem::path runtime_dir_;
    bool owned_ = true;
};

/// Free hugepage memory in MiB, summed over every hugepage size the kernel offers.
[[nodiscard]] std::uint64_t free_hugepage_mb();

} // namespace hammer::pmd_ops
