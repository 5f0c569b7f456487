#pragma once

// DPDK hands mbufs from thread to thread through rings, descriptor rings and
// mempools whose barriers ThreadSanitizer cannot see: Debian's DPDK is not
// built with it. Under TSan, whoever gives mbufs to DPDK (to send or to free)
// releases them, and whoever takes mbufs from DPDK (received or allocated)
// acquires them, so the hand-over DPDK already orders is visible. Without
// TSan both are empty and vanish.

#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#endif

struct rte_mbuf;

namespace hammer::pmd_ops {

inline void give_to_dpdk([[maybe_unused]] rte_mbuf* const* mbufs, [[maybe_unused]] unsigned count) noexcept
{
#if defined(__SANITIZE_THREAD__)
    for (unsigned i = 0; i < count; ++i) {
        __tsan_release(mbufs[i]);
    }
#endif
}

inline void take_from_dpdk([[maybe_unused]] rte_mbuf* const* mbufs, [[maybe_unused]] unsigned count) noexcept
{
#if defined(__SANITIZE_THREAD__)
    for (unsigned i = 0; i < count; ++i) {
        __tsan_acquire(mbufs[i]);
    }
#endif
}

} // namespace hammer::pmd_ops
