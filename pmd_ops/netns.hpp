#pragma once

#include "pmd_ops/result.hpp"

#include <string>

namespace hammer::pmd_ops {

/// Moves the calling thread into a named network namespace (/run/netns/NAME,
/// as `ip netns` makes them) until destroyed, then back to where it was.
/// setns(2) with CLONE_NEWNET changes only the calling thread, so other
/// threads of the process are not disturbed.
///
/// Why pmd_ops needs it: af_packet, af_xdp and tap find their kernel
/// interface by name in the namespace of the thread that probes or configures
/// the port (af_packet binds at probe, af_xdp creates its XSK socket at queue
/// setup, MTU and promiscuous changes go through ioctl by name). Sockets keep
/// the namespace they were made in, so polling needs no switch.
class NetnsScope {
public:
    /// Enters `name`; an empty name enters nothing (a no-op scope).
    [[nodiscard]] static Result<NetnsScope> enter(const std::string& name);

    NetnsScope(NetnsScope&& other) noexcept;
    NetnsScope& operator=(NetnsScope&&) = delete;
    NetnsScope(const NetnsScope&) = delete;
    NetnsScope& operator=(const NetnsScope&) = delete;
    ~NetnsScope(); ///< returns to the original namespace; never throws

private:
    explicit NetnsScope(int original_fd) noexcept : original_fd_{original_fd} {}

    int original_fd_ = -1; ///< the namespace to return to; -1: nothing to undo
};

} // namespace hammer::pmd_ops
