#include "pmd_ops/eal.hpp"

#include "pmd_ops/dpdk_error.hpp"
#include "pmd_ops/dpdk_log.hpp"
#include "pmd_ops/lcore_layout.hpp"

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_lcore.h>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <pthread.h>
#include <sched.h>
#include <thread>
#include <unistd.h>

namespace hammer::pmd_ops {
namespace {

/// Whether EAL arguments allow or block PCI devices (-a/--allow, -b/--block).
bool names_pci_devices(const std::vector<std::string>& arguments)
{
    return std::any_of(arguments.begin(), arguments.end(), [](const std::string& argument) {
        return argument.starts_with("-a") || argument.starts_with("-b") || argument.starts_with("--allow") ||
               argument.starts_with("--block");
    });
}

// rte_eal_init may run once per process; rte_eal_cleanup does not make a
// second init possible (DPDK Programmer's Guide, EAL, "Initialization and
// Core Launching"), so the guard is never reset.
std::atomic<bool> eal_initialised{false};

std::vector<unsigned> allowed_cpus()
{
    cpu_set_t set;
    CPU_ZERO(&set);
    std::vector<unsigned> cpus;
    if (sched_getaffinity(0, sizeof(set), &set) != 0) {
        return {0};
    }
    for (unsigned cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
        if (CPU_ISSET(cpu, &set)) {
            cpus.push_back(cpu);
        }
    }
    return cpus;
}

} // namespace

std::uint64_t free_hugepage_mb()
{
    std::uint64_t total_kb = 0;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator("/sys/kernel/mm/hugepages", error)) {
        // Directories are named "hugepages-2048kB".
        const std::string name = entry.path().filename().string();
        const auto dash = name.find('-');
        if (dash == std::string::npos) {
            continue;
        }
        const std::uint64_t page_kb = std::stoull(name.substr(dash + 1));
        std::ifstream free_file(entry.path() / "free_hugepages");
        std::uint64_t pages = 0;
        if (free_file >> pages) {
            total_kb += pages * page_kb;
        }
    }
    return total_kb / 1024;
}

void Eal::block_realtime_signals() noexcept
{
    sigset_t set;
    sigemptyset(&set);
    for (int signal = SIGRTMIN; signal <= SIGRTMAX; ++signal) {
        sigaddset(&set, signal);
    }
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

void Eal::let_interrupt_thread_settle() noexcept
{
    // Closing a memif port leaves its socket's interrupt source for EAL's
    // interrupt thread to unregister later (a pending unregister), and
    // rte_eal_cleanup does not wait for that thread: cleaning up at once
    // after closing memif ports crashed it in rte_intr_fd_get 3 times in 20
    // runs (hammer-bench). DPDK offers nothing to wait on; 100 ms did not
    // crash in 30 runs.
    std::this_thread::sleep_for(std::chrono::milliseconds{100});
}

Result<Eal> Eal::init(const EalOptions& options)
{
    // The lcore layout is checked before the once-per-process guard is taken:
    // a CPU outside the affinity mask leaves EAL free to start with a corrected one.
    std::vector<std::string> arguments{options.program};
    if (lays_out_lcores(options.extra)) {
        // The user's -l/-c/--lcores after `--` win. EAL keeps the first of
        // them and ignores the rest, so a --lcores of ours would silently beat theirs.
        spdlog::info("the EAL arguments lay out the lcores: hammer's lcores setting is not used");
    } else {
        auto lcores = lcores_argument(allowed_cpus(), options.workers, options.worker_cpus);
        if (!lcores) {
            return lcores.error();
        }
        arguments.push_back(std::move(lcores.value()));
    }
    if (eal_initialised.exchange(true)) {
        return dpdk_error("rte_eal_init", EALREADY);
    }
    const std::string prefix =
        options.file_prefix.empty() ? "hammer-" + std::to_string(::getpid()) : options.file_prefix;
    const MemoryMode mode = options.use_hugepages && free_hugepage_mb() >= options.memory_mb ? MemoryMode::hugepages
                                                                                        : MemoryMode::no_huge;

    // The tap PMD logs an error at every port start and stop for want of a
    // secondary process to tell (hammer is one process with multi-process
    // messaging off); at the default level (critical) those stay quiet too.
    arguments.insert(arguments.end(), {"--file-prefix=" + prefix, eal_log_level()});
    if (mode == MemoryMode::hugepages) {
        // --in-memory leaves no rtemap_* files behind, even when killed.
        arguments.emplace_back("--in-memory");
    } else {
        // --in-memory cannot combine with --no-huge; --no-shconf keeps the
        // runtime directory empty instead. Without -m, --no-huge gets only 64 MiB.
        arguments.insert(arguments.end(), {"--no-huge", "--no-shconf", "-m", std::to_string(options.memory_mb)});
    }
    if (!names_pci_devices(options.extra)) {
        // Without an allow list EAL probes every PCI NIC of the machine, the
        // management NIC included: hammer touches only what it is told to.
        arguments.emplace_back("--no-pci");
    }
    arguments.insert(arguments.end(), options.extra.begin(), options.extra.end());

    std::vector<char*> argv;
    for (auto& argument : arguments) {
        argv.push_back(argument.data());
    }
    argv.push_back(nullptr);
    route_dpdk_log_to_logger();
    // rte_eal_init may permute argv; it works on a copy of the pointers.
    if (rte_eal_init(static_cast<int>(argv.size() - 1), argv.data()) < 0) {
        return rte_errno_error("rte_eal_init");
    }
    block_realtime_signals();

    std::vector<unsigned> workers;
    unsigned lcore = 0;
    RTE_LCORE_FOREACH_WORKER(lcore)
    {
        workers.push_back(lcore);
    }
    spdlog::info("DPDK EAL up: {} ({} worker lcores)",
                 mode == MemoryMode::hugepages ? "hugepages, --in-memory" : "no hugepages free, --no-huge",
                 workers.size());
    // The runtime directory is named by the file prefix in force (the user's
    // --file-prefix after `--` wins over hammer's), and telemetry's socket is in it.
    const std::filesystem::path runtime{rte_eal_get_runtime_dir()};
    spdlog::info("DPDK telemetry on {}: dpdk-telemetry.py -f {}", (runtime / "dpdk_telemetry.v2").string(),
                 runtime.filename().string());
    // A user's --file-prefix may be shared with another DPDK process: only hammer's own is cleaned up.
    const bool own_prefix = runtime.filename() == prefix;
    return Eal{mode, std::move(arguments), std::move(workers), rte_get_tsc_hz(),
               own_prefix ? runtime : std::filesystem::path{}};
}

Eal::Eal(MemoryMode memory_mode, std::vector<std::string> arguments, std::vector<unsigned> worker_lcores,
         std::uint64_t tsc_hz, std::filesystem::path runtime_dir)
    : memory_mode_{memory_mode}, arguments_{std::move(arguments)}, worker_lcores_{std::move(worker_lcores)},
      tsc_hz_{tsc_hz}, runtime_dir_{std::move(runtime_dir)}
{
}

Eal::Eal(Eal&& other) noexcept
    : memory_mode_{other.memory_mode_}, arguments_{std::move(other.arguments_)},
      worker_lcores_{std::move(other.worker_lcores_)}, tsc_hz_{other.tsc_hz_},
      runtime_dir_{std::move(other.runtime_dir_)}, owned_{other.owned_}
{
    other.owned_ = false;
}

Eal::~Eal()
{
    if (owned_) {
        release();
    }
}

int Eal::release() noexcept
{
    let_interrupt_thread_settle();
    const int ret = rte_eal_cleanup();
    if (!runtime_dir_.empty()) {
        // DPDK unlinks its telemetry socket only when the process ends (an
        // atexit handler in lib/telemetry) and never removes the directory:
        // every run would leave /var/run/dpdk/hammer-<pid> behind. The
        // directory is named by hammer's own prefix, so nothing else uses it,
        // and after cleanup neither does this process. remove() takes only an
        // empty directory.
        std::error_code ignored;
        std::filesystem::remove(runtime_dir_ / "dpdk_telemetry.v2", ignored);
        std::filesystem::remove(runtime_dir_, ignored);
    }
    return ret;
}

Result<void> Eal::cleanup()
{
    if (!owned_) {
        return {};
    }
    owned_ = false;
    if (const int ret = release(); ret < 0) {
        return negative_errno_error("rte_eal_cleanup", ret);
    }
    return {};
}

} // namespace hammer::pmd_ops
