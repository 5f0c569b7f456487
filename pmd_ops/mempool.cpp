#include "pmd_ops/mempool.hpp"

#include "pmd_ops/dpdk_error.hpp"

#include <rte_mbuf.h>
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

Result<Mempool> Mempool::create(const std::string& name, unsigned count, unsigned cache, std::uint16_t data_room,
                                int socket)
{
    rte_mempool* pool = rte_pktmbuf_pool_create(name.c_str(), count, cache, 0, data_room, socket);
    if (pool == nullptr) {
        return rte_errno_error("rte_pktmbuf_pool_create(" + name + ", n=" + std::to_string(count) +
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
