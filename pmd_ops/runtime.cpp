#include "pmd_ops/runtime.hpp"

#include "pmd_ops/port_identity.hpp"

#include <rte_lcore.h>
#include <rte_memory.h>

#include <spdlog/fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>

namespace hammer::pmd_ops {
namespace {

/// Rings each way of a ring pair at least: room for queue_change_traffic's
/// default steps (1, 2, 4) whatever queues the run starts with.
constexpr std::uint16_t ring_pair_queues = 4;

} // namespace

std::shared_ptr<PmdRuntime> PmdRuntime::shared(const PmdOptions& options)
{
    // EAL is once per process, so is its owner. Held weakly: the runtime
    // goes when the last operation factory and backend holding it go.
    static std::mutex mutex;
    static std::weak_ptr<PmdRuntime> existing;
    std::lock_guard lock{mutex};
    auto runtime = existing.lock();
    if (!runtime) {
        runtime = std::make_shared<PmdRuntime>(options);
        existing = runtime;
    }
    return runtime;
}

PmdRuntime::PmdRuntime(PmdOptions options) : options_{std::move(options)} {}

PmdRuntime::~PmdRuntime()
{
    // DESIGN.md teardown order: join lcores → stop and close ports → free pools → EAL.
    engine_.reset();
    pairs_.clear();
    tx_pool_.reset();
    if (eal_) {
        static_cast<void>(eal_->cleanup());
    }
}

Result<void> PmdRuntime::start_dpdk()
{
    if (eal_) {
        return {};
    }
    EalOptions eal_options;
    eal_options.workers = options_.workers;
    eal_options.worker_cpus = options_.worker_cpus;
    eal_options.memory_mb = options_.memory_mb;
    eal_options.use_hugepages = options_.use_hugepages;
    eal_options.extra = options_.eal_arguments;
    auto eal = Eal::init(eal_options);
    if (!eal) {
        return eal.error();
    }
    auto engine = Engine::launch(eal->worker_lcores(), eal->tsc_hz());
    if (!engine) {
        return engine.error();
    }
    worker_lcores_ = eal->worker_lcores();
    const unsigned pairs = std::max(options_.pairs, 1U);
    const auto workers = static_cast<unsigned>(worker_lcores_.size());
    const bool enough = workers >= pairs;
    switch (options_.placement) {
    case Placement::shared: break;
    case Placement::dedicated:
        if (!enough) {
            spdlog::warn("pmd_ops: placement dedicated needs an lcore per pair: {} pairs, {} worker lcores; "
                         "the pairs share them instead",
                         pairs, workers);
        }
        [[fallthrough]];
    case Placement::automatic: lcores_per_pair_ = enough ? workers / pairs : 0; break;
    }
    spdlog::info("pmd_ops: {} worker lcores, {} placement{}, {} queues per port", workers,
                 lcores_per_pair_ != 0 ? "dedicated" : "shared",
                 lcores_per_pair_ != 0 ? fmt::format(" ({} per pair)", lcores_per_pair_) : std::string{},
                 options_.queues);
    // TX descriptors (and a ring pair's rings) of every pair's two ports
    // can hold the pool's mbufs at once; RX queues fill from each pair's own.
    PoolDemand shared = demand_per_pair();
    shared.ports = 2 * std::max(options_.pairs, 1U);
    shared.rx_descriptors = 0;
    auto tx_pool = Mempool::for_demand("hm_tx", shared, Mempool::standard_data_room, SOCKET_ID_ANY);
    if (!tx_pool) {
        return tx_pool.error();
    }
    eal_.emplace(std::move(eal).value());
    engine_ = std::move(engine).value();
    tx_pool_.emplace(std::move(tx_pool).value());
    tx_pool_shares_left_ = std::max(options_.pairs, 1U);
    return {};
}

PoolDemand PmdRuntime::demand_per_pair() const
{
    PoolDemand demand;
    demand.queues_per_port = std::max<unsigned>(options_.queues, 1);
    demand.rx_descriptors = options_.rx_descriptors;
    // A ring pair's rings hold mbufs the way TX descriptors do.
    demand.tx_descriptors = std::max<unsigned>(options_.tx_descriptors, options_.ring_size);
    demand.lcores = std::max<unsigned>(options_.workers, static_cast<unsigned>(options_.worker_cpus.size())) + 1;
    return demand;
}

Result<Engine*> PmdRuntime::engine()
{
    std::lock_guard lock{mutex_};
    if (auto started = start_dpdk(); !started) {
        return started.error();
    }
    return engine_.get();
}

Result<std::unique_ptr<PairPorts>> PmdRuntime::open_pair(const topology::Pair& pair)
{
    for (const auto* endpoint : {&pair.a, &pair.b}) {
        if (!endpoint->tp.dpdk) {
            return Error{"open " + pair.id, EINVAL, endpoint->name() + " has no attr.dpdk: no DPDK port to drive"};
        }
    }
    const auto& dpdk_a = *pair.a.tp.dpdk;
    const auto& dpdk_b = *pair.b.tp.dpdk;
    std::optional<Port> a;
    std::optional<Port> b;
    if (!dpdk_a.ring.empty() && !dpdk_b.ring.empty()) {
        // Rings for more queues than the run starts with: a ring pair's
        // rings are fixed at creation, and queue_change_traffic steps up to
        // ring_pair_queues.
        auto ring_ports = Port::ring_pair(dpdk_a.ring, dpdk_b.ring, options_.ring_size,
                                          std::max<std::uint16_t>(options_.queues, ring_pair_queues));
        if (!ring_ports) {
            return ring_ports.error();
        }
        a.emplace(std::move(ring_ports->first));
        b.emplace(std::move(ring_ports->second));
    } else {
        // A kernel-backed PMD (af_packet, af_xdp, tap) finds its interface
        // in the namespace the topology names for the termination point.
        const auto netns_of = [](const topology::Endpoint& endpoint) {
            if (!endpoint.tp.dpdk->netns.empty()) {
                return endpoint.tp.dpdk->netns;
            }
            return endpoint.tp.kernel ? endpoint.tp.kernel->netns : std::string{};
        };
        auto probed_a = Port::probe(dpdk_a.devargs, netns_of(pair.a));
        if (!probed_a) {
            return probed_a.error();
        }
        a.emplace(std::move(probed_a).value());
        auto probed_b = Port::probe(dpdk_b.devargs, netns_of(pair.b));
        if (!probed_b) {
            return probed_b.error();
        }
        b.emplace(std::move(probed_b).value());
    }
    static std::atomic<unsigned> next_pool{0};
    // Sized for TX as well: a pair beyond the shared pool's shares sends
    // from it, and af_xdp copies frames sent from other pools into mbufs of
    // its RX pool. On the device's NUMA socket, as its queues are.
    const int socket = a->socket();
    auto pool = Mempool::for_demand("hm_pool" + std::to_string(next_pool++), demand_per_pair(),
                                    Mempool::standard_data_room, socket);
    if (!pool) {
        return pool.error();
    }
    // A driver that copies each received frame into one mbuf may refuse RX
    // queues whose mbufs are shorter than its longest frame, and some size
    // that frame from devargs without reporting it (af_packet with
    // framesz=10240 for jumbo frames: ENOMEM, "will not fit in mbuf").
    // Such a port gets its RX mbufs from the jumbo pool.
    std::optional<Mempool> jumbo;
    // As many queues as asked, or as the device with fewer has: a pair's
    // two ports carry the same queues (queue q of a sends to queue q of b).
    std::uint16_t queues = std::max<std::uint16_t>(options_.queues, 1);
    for (const Port* port : {&*a, &*b}) {
        auto info = port->info();
        if (!info) {
            return info.error();
        }
        const std::uint16_t most = std::min(info->max_rx_queues, info->max_tx_queues);
        if (most != 0 && most < queues) {
            spdlog::warn("pmd_ops: {} has at most {} queues; {} runs on {} instead of {}", port->name(), most,
                         pair.id, most, queues);
            queues = most;
        }
    }
    const PortConfig config{queues, queues, options_.rx_descriptors, options_.tx_descriptors, 0};
    for (Port* port : {&*a, &*b}) {
        if (auto ok = port->configure(config); !ok) {
            return ok.error();
        }
        auto queues = port->setup_queues(pool->get());
        if (!queues && queues.error().code == ENOMEM) {
            if (!jumbo) {
                auto made = make_jumbo_pool(socket);
                if (!made) {
                    return made.error();
                }
                jumbo.emplace(std::move(made).value());
            }
            queues = port->setup_queues(jumbo->get());
        }
        if (!queues) {
            return queues.error();
        }
        if (auto ok = port->start(); !ok) {
            return ok.error();
        }
    }
    for (Port* port : {&*a, &*b}) {
        auto link = port->wait_link_up(options_.link_up_timeout);
        if (!link) {
            return link.error();
        }
        if (!link->up) {
            return Error{"wait for link up(" + port->name() + ")", ETIMEDOUT,
                         "link not up after " + std::to_string(options_.link_up_timeout.count()) + " ms"};
        }
    }
    const auto mtu_a = a->mtu();
    const auto mtu_b = b->mtu();
    return std::make_unique<PairPorts>(PairPorts{pair.id, pair.a.name(), pair.b.name(), std::move(pool).value(),
                                                 std::move(jumbo), std::move(*a), std::move(*b),
                                                 mtu_a ? mtu_a.value() : std::uint16_t{0},
                                                 mtu_b ? mtu_b.value() : std::uint16_t{0}, nullptr, queues, {}, {}});
}

Result<PairPorts*> PmdRuntime::acquire(const topology::Pair& pair)
{
    std::lock_guard lock{mutex_};
    if (auto started = start_dpdk(); !started) {
        return started.error();
    }
    if (auto found = pairs_.find(pair.id); found != pairs_.end()) {
        return found->second.get();
    }
    auto opened = open_pair(pair);
    if (!opened) {
        return opened.error();
    }
    PairPorts* ports = opened.value().get();
    ports->lcores = lcores_for(pair.id, ports->a.socket());
    ports->numa_warning = numa_warning(*ports);
    if (!ports->numa_warning.empty()) {
        spdlog::warn("pmd_ops: {}: {}", pair.id, ports->numa_warning);
    }
    if (tx_pool_shares_left_ > 0) {
        --tx_pool_shares_left_;
        ports->shared_tx = &*tx_pool_;
    }
    pairs_.emplace(pair.id, std::move(opened).value());
    pair_of_endpoint_[pair.a.name()] = pair.id;
    pair_of_endpoint_[pair.b.name()] = pair.id;
    // Read at every probe, not once: a port made anew (recovery) is on the
    // same device, but an endpoint name given to another device later in
    // this process (a test's next topology) must not keep the first one's.
    identities_.insert_or_assign(pair.a.name(), read_port_identity(ports->a));
    identities_.insert_or_assign(pair.b.name(), read_port_identity(ports->b));
    spdlog::info("pmd_ops: {} ready: {} (port {}) and {} (port {}), {} queues, lcores {}", pair.id, ports->a.name(),
                 ports->a.id(), ports->b.name(), ports->b.id(), ports->queues,
                 ports->lcores.empty() ? std::string{"shared"} : fmt::format("{}", fmt::join(ports->lcores, ",")));
    return ports;
}

std::vector<unsigned> PmdRuntime::lcores_for(const std::string& pair_id, int socket)
{
    if (lcores_per_pair_ == 0) {
        return {};
    }
    if (const auto found = lcores_of_pair_.find(pair_id); found != lcores_of_pair_.end()) {
        return found->second;
    }
    // Free workers on the device's socket first, then any free worker.
    std::vector<unsigned> group;
    for (const bool same_socket : {true, false}) {
        for (const unsigned lcore : worker_lcores_) {
            const bool local = socket < 0 || static_cast<int>(rte_lcore_to_socket_id(lcore)) == socket;
            if (group.size() < lcores_per_pair_ && local == same_socket && !taken_lcores_.contains(lcore)) {
                group.push_back(lcore);
                taken_lcores_.insert(lcore);
            }
        }
    }
    if (group.size() < lcores_per_pair_) {
        // More pairs than PmdOptions::pairs said, and no free workers left
        // for them: this one shares.
        for (const unsigned lcore : group) {
            taken_lcores_.erase(lcore);
        }
        return {};
    }
    lcores_of_pair_.emplace(pair_id, group);
    return group;
}

std::string PmdRuntime::numa_warning(const PairPorts& ports) const
{
    for (const Port* port : {&ports.a, &ports.b}) {
        const int socket = port->socket();
        if (socket < 0) {
            continue;
        }
        const bool served_locally = std::any_of(worker_lcores_.begin(), worker_lcores_.end(), [&](unsigned lcore) {
            return static_cast<int>(rte_lcore_to_socket_id(lcore)) == socket;
        });
        if (!served_locally) {
            return port->name() + " sits on NUMA socket " + std::to_string(socket) +
                   ", which has no worker lcore of this run: every frame crosses sockets";
        }
    }
    return {};
}

Result<Mempool> PmdRuntime::make_jumbo_pool(int socket) const
{
    static std::atomic<unsigned> next_pool{0};
    return Mempool::for_demand("hm_jumbo" + std::to_string(next_pool++), demand_per_pair(), Mempool::jumbo_data_room,
                               socket);
}

Result<Mempool*> PmdRuntime::jumbo_pool(PairPorts& ports)
{
    std::lock_guard lock{mutex_};
    if (!ports.jumbo) {
        auto pool = make_jumbo_pool(ports.a.socket());
        if (!pool) {
            return pool.error();
        }
        ports.jumbo.emplace(std::move(pool).value());
    }
    return &*ports.jumbo;
}

Port* PmdRuntime::find_port(const topology::Endpoint& endpoint, PairPorts** pair)
{
    std::lock_guard lock{mutex_};
    const auto pair_id = pair_of_endpoint_.find(endpoint.name());
    if (pair_id == pair_of_endpoint_.end()) {
        return nullptr;
    }
    const auto found = pairs_.find(pair_id->second);
    if (found == pairs_.end()) {
        return nullptr;
    }
    PairPorts& ports = *found->second;
    if (pair != nullptr) {
        *pair = &ports;
    }
    return endpoint.name() == ports.endpoint_a ? &ports.a : &ports.b;
}

std::optional<operations::DeviceIdentity> PmdRuntime::identity(const topology::Endpoint& endpoint)
{
    std::lock_guard lock{mutex_};
    const auto found = identities_.find(endpoint.name());
    if (found == identities_.end()) {
        return std::nullopt;
    }
    return found->second;
}

Result<void> PmdRuntime::release(const topology::Endpoint& endpoint)
{
    std::unique_ptr<PairPorts> ports;
    {
        std::lock_guard lock{mutex_};
        const auto pair_id = pair_of_endpoint_.find(endpoint.name());
        if (pair_id == pair_of_endpoint_.end()) {
            return {};
        }
        const auto found = pairs_.find(pair_id->second);
        if (found != pairs_.end()) {
            ports = std::move(found->second);
            pairs_.erase(found);
        }
    }
    if (!ports) {
        return {};
    }
    // Closed outside the lock: a memif or af_packet close may take a while.
    // Closing frees the TX mbufs the ports held, and a ring pair's rings are
    // drained as they go with the ports: only then is the share of the TX
    // pool free for the pair's next ports.
    auto closed_b = ports->b.close();
    auto closed_a = ports->a.close();
    const bool had_share = ports->shared_tx != nullptr;
    ports.reset();
    if (had_share) {
        std::lock_guard lock{mutex_};
        ++tx_pool_shares_left_;
    }
    return !closed_b ? closed_b : closed_a;
}

} // namespace hammer::pmd_ops
