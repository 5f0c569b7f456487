#pragma once

#include "pmd_ops/result.hpp"

#include <cstdint>
#include <string>

struct rte_mempool;

namespace hammer::pmd_ops {

/// What a pool must feed: every descriptor of every queue can hold an mbuf at
/// once, plus what the lcores keep in flight and in their per-lcore caches.
struct PoolDemand {
    unsigned ports = 2;
    unsigned queues_per_port = 1;
    unsigned rx_descriptors = 1024;
    unsigned tx_descriptors = 1024;
    unsigned lcores = 1;
    unsigned burst = 32;
};

/// The mbuf count for `demand`, with `cache` mbufs per lcore.
[[nodiscard]] unsigned pool_size(const PoolDemand& demand, unsigned cache);

/// An mbuf pool, packed when IOVA is VA (see mempool.cpp), freed with
/// rte_mempool_free.
class Mempool {
public:
    /// Per-lcore cache size used by for_demand: DPDK's guide asks for a
    /// cache at most CONFIG_RTE_MEMPOOL_CACHE_MAX_SIZE (512) and recommends a
    /// divisor of the pool size; 256 keeps bulk alloc/free off the shared ring.
    static constexpr unsigned default_cache = 256;
    /// Data room of a standard pool: 2048 B of frame plus the mbuf headroom.
    static constexpr std::uint16_t standard_data_room = 2048 + 128;
    /// Data room of the jumbo pool: af_packet needs its frame size (10240 for
    /// 9216-byte frames) plus its 96-byte tpacket header in one mbuf, plus headroom.
    static constexpr std::uint16_t jumbo_data_room = 10240 + 128 + 128;

    /// A pool of `count` mbufs with `data_room` bytes each (headroom included).
    [[nodiscard]] static Result<Mempool> create(const std::string& name, unsigned count, unsigned cache,
                                                std::uint16_t data_room, int socket);
    /// A pool sized by pool_size(demand, default_cache).
    [[nodiscard]] static Result<Mempool> for_demand(const std::string& name, const PoolDemand& demand,
                                                    std::uint16_t data_room, int socket);

    Mempool(Mempool&& other) noexcept;
    Mempool& operator=(Mempool&& other) noexcept;
    Mempool(const Mempool&) = delete;
    Mempool& operator=(const Mempool&) = delete;
    ~Mempool(); ///< rte_mempool_free

    [[nodiscard]] rte_mempool* get() const noexcept { return pool_; }
    [[nodiscard]] unsigned size() const noexcept { return size_; }
    [[nodiscard]] std::uint16_t data_room() const noexcept { return data_room_; }
    /// Mbufs currently in the pool (including lcore caches): fewer than size()
    /// after traffic means mbufs leaked or are still held by a queue.
    [[nodiscard]] unsigned available() const noexcept;

private:
    Mempool(rte_mempool* pool, unsigned size, std::uint16_t data_room) noexcept
        : pool_{pool}, size_{size}, data_room_{data_room}
    {
    }

    rte_mempool* pool_ = nullptr;
    unsigned size_ = 0;
    std::uint16_t data_room_ = 0;
};

} // namespace hammer::pmd_ops
