#include "pmd_ops/mempool.hpp"

#include "pmd_ops/dpdk_error.hpp"

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_mbuf.h>
#include <rte_mbuf_pool_ops.h>
#include <rte_mempool.h>

#include <utility>

namespace hammer::pmd_ops {

unsigned pool_size(const PoolDemand& demand, unsigned cache)
{
    const unsigned queues = demand.ports * demand.queues_per_port;
    // Descriptors: a PMD fills its whole RX ring with mbufs at queue setup and
    // holds TX mbufs until it reclaims them, so both rings can be full at once.
    const unsigned descriptors = queues * (demand.rx_descriptors + demand.tx_descriptors);
    // In flight on the lcores: one burst being built and one received per queue.
    const unsigned in_flight = queues * 2 * demand.burst;
    // Each lcore cache can hold up to 1.5x its size (rte_mempool.h, "flushthresh").
    const unsigned caches = demand.lcores * (cache + cache / 2);
    return descriptors + in_flight + caches;
}

namespace {

/// Mempool flags for mbufs. By default DPDK keeps each object inside one
/// page so its IOVA range is contiguous; with 4 KiB pages (--no-huge) that
/// leaves one 2.3 KiB mbuf per page and gaps after every object. When IOVA is
/// the virtual address, contiguous virtual memory is contiguous IOVA, so the
/// objects can be packed. This matters beyond density: DPDK 22.11's af_xdp
/// registers its umem as populated_size x object size from the pool's first
/// address, so with gaps the later mbufs lie outside the umem and the kernel
/// drops every frame sent from them (docs/pmd-ops.md, "Limits").
unsigned mbuf_pool_flags()
{
    return rte_eal_iova_mode() == RTE_IOVA_VA ? RTE_MEMPOOL_F_NO_IOVA_CONTIG : 0U;
}

/// rte_pktmbuf_pool_create with mbuf_pool_flags(): the same steps it takes,
/// since it accepts no flags.
rte_mempool* create_mbuf_pool(const std::string& name, unsigned count, unsigned cache, std::uint16_t data_room,
                              int socket)
{
    const unsigned element_size = sizeof(rte_mbuf) + data_room;
    rte_mempool* pool = rte_mempool_create_empty(name.c_str(), count, element_size, cache,
                                                 sizeof(rte_pktmbuf_pool_private), socket, mbuf_pool_flags());
    if (pool == nullptr) {
        return nullptr;
    }
    rte_pktmbuf_pool_private private_data{};
    private_data.mbuf_data_room_size = data_room;
    if (const int rc = rte_mempool_set_ops_byname(pool, rte_mbuf_best_mempool_ops(), nullptr); rc != 0) {
        rte_mempool_free(pool);
        rte_errno = -rc;
        return nullptr;
    }
    rte_pktmbuf_pool_init(pool, &private_data);
    if (const int rc = rte_mempool_populate_default(pool); rc < 0) {
        rte_mempool_free(pool);
        rte_errno = -rc;
        return nullptr;
    }
    rte_mempool_obj_iter(pool, rte_pktmbuf_init, nullptr);
    return pool;
}

} // namespace

Result<Mempool> Mempool::create(const std::string& name, unsigned count, unsigned cache, std::uint16_t data_room,
                                int socket)
{
    rte_mempool* pool = create_mbuf_pool(name, count, cache, data_room, socket);
    if (pool == nullptr) {
        return rte_errno_error("rte_mempool_create_empty/populate(" + name + ", n=" + std::to_string(count) +
                               ", data_room=" + std::to_string(data_room) + ")");
    }
    return Mempool{pool, count, data_room};
}

Result<Mempool> Mempool::for_demand(const std::string& name, const PoolDemand& demand, std::uint16_t data_room,
                                    int socket)
{
    return create(name, pool_size(demand, default_cache), default_cache, data_room, socket);
}

Mempool::Mempool(Mempool&& other) noexcept
    : pool_{std::exchange(other.pool_, nullptr)}, size_{other.size_}, data_room_{other.data_room_}
{
}

Mempool& Mempool::operator=(Mempool&& other) noexcept
{
    if (this != &other) {
        rte_mempool_free(pool_);
        pool_ = std::exchange(other.pool_, nullptr);
        size_ = other.size_;
        data_room_ = other.data_room_;
    }
    return *this;
}

Mempool::~Mempool()
{
    rte_mempool_free(pool_);
}

unsigned Mempool::available() const noexcept
{
    return pool_ == nullptr ? 0 : rte_mempool_avail_count(pool_);
}

} // namespace hammer::pmd_ops
