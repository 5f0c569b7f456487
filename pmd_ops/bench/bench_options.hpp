#pragma once

#include <cstdint>
#include <string>

namespace hammer::pmd_ops::bench {

/// What every bench case shares: how DPDK starts and how long it measures.
/// The defaults are the full run of scripts/bench.sh; --quick shortens them.
struct BenchOptions {
    double warmup_s = 1.0;   ///< traffic runs this long before the measured window opens
    double duration_s = 3.0; ///< the measured window
    std::uint16_t size = 64; ///< frame bytes without FCS
    bool no_huge = false;    ///< --no-huge even when hugepages are free
    unsigned memory_mb = 512;
    std::uint16_t descriptors = 1024; ///< RX and TX descriptors per port, as pmd_ops' runtime sets up
    /// Worker lcores EAL starts (EalOptions::workers: pinned from the last
    /// CPU down, wrapping when there are more than CPUs). txonly runs a port
    /// per lcore, pair a queue per lcore, scale spreads its pairs over them.
    unsigned lcores = 1;
    bool verbose = false;
};

/// A kernel-visible pair of interfaces (the two ends of a veth) in a namespace.
struct VethPair {
    std::string a;
    std::string b;
};

} // namespace hammer::pmd_ops::bench
