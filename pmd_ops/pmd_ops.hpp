#pragma once

// The entry to pmd_ops for the rest of hammer. Includes no DPDK header: the
// core binds the traffic operations and the "dpdk" endpoint backend through
// these two calls and never sees an rte_ type.

#include "src/control/port_control.hpp"
#include "src/operations/endpoint_backend.hpp"
#include "src/operations/registry.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace hammer::pmd_ops {

/// How pairs get their worker lcores.
enum class Placement {
    automatic, ///< dedicated when every pair can have an lcore of its own, shared otherwise
    dedicated, ///< each pair gets lcores of its own (workers / pairs each); shared, with a log line, when too few
    shared,    ///< every job goes to the lcores serving the fewest jobs
};

/// How pmd_ops starts DPDK and sets up ports.
struct PmdOptions {
    unsigned workers = 1;          ///< worker lcores (pinned, polling); the rest of the CPUs stay with the control plane
    /// The CPU of each worker lcore, in order (then workers = its size);
    /// empty: the last `workers` CPUs of the process's affinity mask.
    std::vector<unsigned> worker_cpus;
    Placement placement = Placement::automatic;
    std::uint16_t queues = 1;      ///< RX and TX queues per port; each owned by one lcore
    unsigned memory_mb = 512;      ///< DPDK memory; hugepages when that much is free, else --no-huge
    bool use_hugepages = true;
    std::vector<std::string> eal_arguments; ///< appended to the EAL command line (hammer ... -- ARGS)
    std::uint16_t rx_descriptors = 1024;
    std::uint16_t tx_descriptors = 1024;
    unsigned ring_size = 1024;     ///< mbufs per ring of an in-process ring pair (a power of two)
    unsigned pairs = 1;            ///< pairs the shared TX pool is sized for; later ones send from their own pool
    std::chrono::milliseconds link_up_timeout{5000};
};

/// Binds the traffic operations of the catalog that pmd_ops implements
/// (traffic_mix, jumbo_frame, payload_baseline, ring_change_traffic,
/// queue_change_traffic, link_speed_test, link_flap_traffic, throughput_search,
/// mrr) into
/// `registry`; link_flap_traffic flaps through `control`. DPDK starts when
/// the first of them sets up, not here, so listing operations needs no root
/// and no hugepages.
///
/// EAL exists once per process, so every call shares one runtime: the
/// options of the first call (of this or make_dpdk_backend) are the ones used.
void register_pmd_operations(operations::OperationRegistry& registry, const PmdOptions& options,
                             const control::ControlBackends& control);

/// The "dpdk" endpoint backend: snapshots what pmd_ops changes on a port
/// (MTU, queue and descriptor counts, the link hammer may set down), puts it
/// back, and re-creates a broken port.
[[nodiscard]] std::unique_ptr<operations::EndpointBackend> make_dpdk_backend(const PmdOptions& options);

/// The DPDK this build runs on, as rte_version() names it ("DPDK 22.11.4"):
/// read without starting EAL.
[[nodiscard]] std::string dpdk_version();

/// The ethdev backend of the port-control interface (ControlBackends::ethdev):
/// opens an endpoint with attr.dpdk as the runtime's port of the step's
/// pair, probed and started on first use, and drives it through the ethdev
/// API as testpmd would. Shares the runtime of the calls above.
[[nodiscard]] std::shared_ptr<control::PortOpener> make_ethdev_port_opener(const PmdOptions& options);

/// Starts the run config's background_traffic on a pair's ports for the
/// control operations (ControlBackends::traffic). Shares the runtime too.
[[nodiscard]] std::shared_ptr<operations::TrafficSource> make_traffic_source(const PmdOptions& options);

} // namespace hammer::pmd_ops
