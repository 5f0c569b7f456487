#include "pmd_ops/bench/bench_dpdk.hpp"

#include "pmd_ops/bench/bench_error.hpp"

#include <unistd.h>

namespace hammer::pmd_ops::bench {

BenchDpdk BenchDpdk::start(const BenchOptions& options)
{
    EalOptions eal_options;
    eal_options.program = "hammer-bench";
    eal_options.workers = options.lcores;
    eal_options.memory_mb = options.memory_mb;
    eal_options.use_hugepages = !options.no_huge;
    eal_options.file_prefix = "hammer-bench-" + std::to_string(::getpid());
    Eal eal = take(Eal::init(eal_options));
    std::unique_ptr<Engine> engine = take(Engine::launch(eal.worker_lcores(), eal.tsc_hz()));
    return BenchDpdk{std::move(eal), std::move(engine)};
}

BenchDpdk::BenchDpdk(Eal eal, std::unique_ptr<Engine> engine) noexcept
    : eal_{std::move(eal)}, engine_{std::move(engine)}
{
}

BenchDpdk::~BenchDpdk()
{
    // The engine joins its lcores before EAL goes (eal_'s destructor).
    engine_.reset();
}

std::string BenchDpdk::memory() const
{
    return eal_.memory_mode() == MemoryMode::hugepages ? "hugepages" : "no-huge";
}

} // namespace hammer::pmd_ops::bench
