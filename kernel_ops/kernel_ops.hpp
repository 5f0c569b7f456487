#pragma once

// The kernel backend as the core sees it: plain types only, no netlink header,
// so src/ and its tests build without libnl.

#include "src/operations/endpoint_backend.hpp"

#include <chrono>
#include <filesystem>
#include <memory>

namespace hammer::kernel_ops {

/// What the run config allows the kernel backend to do.
struct KernelOptions {
    /// Let operations and restores touch an interface that carries a default
    /// route (IPv4 or IPv6, any table but local, in its namespace). Off: such
    /// an interface is refused with SKIP and a message naming the route.
    bool allow_default_route_iface = false;
    /// How long an operation that brings a link up waits for its carrier
    /// before the step is an ERROR: the run config's recovery.up_timeout.
    std::chrono::milliseconds up_timeout{20'000};
    /// Where sysfs is: a PF's SR-IOV controls (`sriov-numvfs`) are there.
    /// Tests point it at a tree of their own.
    std::filesystem::path sysfs_root{"/sys"};
};

/// The "kernel" endpoint backend: manages endpoints with attr.kernel;
/// snapshots and restores admin state, MTU, channels, rings and link modes.
[[nodiscard]] std::unique_ptr<hammer::operations::EndpointBackend> make_kernel_backend(const KernelOptions& options);

} // namespace hammer::kernel_ops
