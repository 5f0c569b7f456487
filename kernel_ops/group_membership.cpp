#include "kernel_ops/group_membership.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>

namespace hammer::kernel_ops {

Result<GroupMembership> GroupMembership::join(std::string_view netns, int ifindex, const topology::IpAddress& group)
{
    const std::string operation = "join multicast group " + group.text;
    auto visit = NetnsVisit::enter(netns);
    if (!visit) {
        return visit.error();
    }
    const int fd = ::socket(group.ipv6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    const int socket_errno = errno;
    auto socket = FileDescriptor::adopt(fd);
    if (auto left = visit.value().leave(); !left) {
        return left.error();
    }
    if (fd < 0) {
        return NlError{socket_errno, operation, "cannot open a UDP socket"};
    }
    int joined = 0;
    if (group.ipv6) {
        ipv6_mreq request{};
        request.ipv6mr_interface = static_cast<unsigned>(ifindex);
        if (inet_pton(AF_INET6, group.text.c_str(), &request.ipv6mr_multiaddr) != 1) {
            return NlError{EINVAL, operation, "not an IPv6 address"};
        }
        joined = ::setsockopt(fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &request, sizeof(request));
    } else {
        ip_mreqn request{};
        request.imr_ifindex = ifindex;
        if (inet_pton(AF_INET, group.text.c_str(), &request.imr_multiaddr) != 1) {
            return NlError{EINVAL, operation, "not an IPv4 address"};
        }
        joined = ::setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &request, sizeof(request));
    }
    if (joined != 0) {
        return NlError{errno, operation, ""};
    }
    return GroupMembership{std::move(socket), group};
}

} // namespace hammer::kernel_ops
