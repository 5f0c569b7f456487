#pragma once

#include "kernel_ops/netns.hpp"
#include "kernel_ops/result.hpp"
#include "src/topology/interface_settings.hpp"

#include <string_view>

namespace hammer::kernel_ops {

/// One multicast group membership of an interface, held by hammer: a UDP
/// socket made in the interface's namespace that joined the group there
/// (IP_ADD_MEMBERSHIP, IPV6_JOIN_GROUP), as a receiving application would.
/// The kernel adds the group's MAC to the device's filter and answers IGMP /
/// MLD queries for it. Closing the socket leaves the group, and so does
/// hammer's exit however it ends: a membership cannot outlive the run.
///
/// (An address added with `autojoin` would be the other way, but an IPv6
/// one is flushed when its link goes down and its membership leaks: no
/// restore could take it back.)
class GroupMembership {
public:
    /// Joins `group` on the interface with index `ifindex` in /run/netns/NETNS.
    [[nodiscard]] static Result<GroupMembership> join(std::string_view netns, int ifindex,
                                                      const topology::IpAddress& group);

    [[nodiscard]] const topology::IpAddress& group() const noexcept { return group_; }

private:
    GroupMembership(FileDescriptor socket, topology::IpAddress group)
        : socket_{std::move(socket)}, group_{std::move(group)}
    {
    }

    FileDescriptor socket_;
    topology::IpAddress group_;
};

} // namespace hammer::kernel_ops
