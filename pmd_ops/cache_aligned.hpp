#pragma once

#include <cstddef>
#include <new>
#include <vector>

namespace hammer::pmd_ops {

/// Bytes of a cache line on the CPUs DPDK builds for here (RTE_CACHE_LINE_SIZE
/// on x86); spelled out so that this header needs no DPDK one.
inline constexpr std::size_t cache_line = 64;

/// Gives each allocation whole cache lines of its own, so that data one lcore
/// writes (a queue task's sequence numbers or checkers) never shares a line
/// with another lcore's, which would bounce it between their caches on every
/// write (false sharing). The heap packs small vectors of different tasks
/// side by side otherwise.
template <typename T>
struct CacheAlignedAllocator {
    using value_type = T;

    CacheAlignedAllocator() = default;
    template <typename U>
    constexpr CacheAlignedAllocator(const CacheAlignedAllocator<U>&) noexcept
    {
    }

    [[nodiscard]] T* allocate(std::size_t count)
    {
        const std::size_t bytes = (count * sizeof(T) + cache_line - 1) / cache_line * cache_line;
        return static_cast<T*>(::operator new(bytes, std::align_val_t{cache_line}));
    }
    void deallocate(T* pointer, std::size_t) noexcept { ::operator delete(pointer, std::align_val_t{cache_line}); }

    template <typename U>
    friend constexpr bool operator==(const CacheAlignedAllocator&, const CacheAlignedAllocator<U>&) noexcept
    {
        return true;
    }
};

template <typename T>
using CacheAlignedVector = std::vector<T, CacheAlignedAllocator<T>>;

} // namespace hammer::pmd_ops
