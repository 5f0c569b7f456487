#include "kernel_ops/echo.hpp"

#include "kernel_ops/netns.hpp"

#include <arpa/inet.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <vector>

namespace hammer::kernel_ops {
namespace {

using Clock = std::chrono::steady_clock;

/// RFC 1071 Internet checksum. ICMPv6's covers a pseudo-header the kernel
/// fills in itself on raw ICMPv6 sockets (RFC 3542 §3.1), so only ICMP needs this.
std::uint16_t internet_checksum(const unsigned char* data, std::size_t length)
{
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i + 1 < length; i += 2) {
        sum += static_cast<std::uint32_t>(data[i] << 8U | data[i + 1]);
    }
    if (length % 2 != 0) {
        sum += static_cast<std::uint32_t>(data[length - 1] << 8U);
    }
    while ((sum >> 16U) != 0) {
        sum = (sum & 0xffffU) + (sum >> 16U);
    }
    return htons(static_cast<std::uint16_t>(~sum));
}

/// Echo identifiers: one per request across all threads, so two pair
/// threads pinging in one namespace do not take each other's replies (a raw
/// socket sees every ICMP message of its namespace).
std::uint16_t next_identifier()
{
    static std::atomic<std::uint16_t> counter{static_cast<std::uint16_t>(::getpid())};
    return counter.fetch_add(1, std::memory_order_relaxed);
}

struct Target {
    sockaddr_storage address{};
    socklen_t length = 0;
};

/// The sequence number of the echo reply in `packet` that answers
/// `identifier` (an IPv4 raw socket hands over the IP header too, an IPv6
/// one does not); 0 for anything else.
std::uint16_t reply_sequence(const unsigned char* packet, std::size_t length, bool ipv6, std::uint16_t identifier)
{
    std::size_t offset = 0;
    if (!ipv6) {
        if (length < sizeof(ip)) {
            return 0;
        }
        offset = static_cast<std::size_t>(packet[0] & 0x0fU) * 4;
    }
    if (length < offset + 8) {
        return 0;
    }
    const unsigned char* icmp_header = packet + offset;
    const unsigned char reply_type = ipv6 ? ICMP6_ECHO_REPLY : ICMP_ECHOREPLY;
    std::uint16_t id = 0;
    std::uint16_t seq = 0;
    std::memcpy(&id, icmp_header + 4, 2);
    std::memcpy(&seq, icmp_header + 6, 2);
    return icmp_header[0] == reply_type && ntohs(id) == identifier ? ntohs(seq) : 0;
}

} // namespace

Result<std::chrono::microseconds> echo(std::string_view netns, std::string_view ifname, const std::string& address,
                                       bool ipv6, std::chrono::milliseconds timeout,
                                       std::chrono::milliseconds interval)
{
    const std::string operation = "ping " + address + " from " + std::string{ifname} +
                                  (netns.empty() ? "" : " (netns " + std::string{netns} + ")");
    Target target;
    if (ipv6) {
        auto* in6 = reinterpret_cast<sockaddr_in6*>(&target.address);
        in6->sin6_family = AF_INET6;
        target.length = sizeof(sockaddr_in6);
        if (inet_pton(AF_INET6, address.c_str(), &in6->sin6_addr) != 1) {
            return NlError{EINVAL, operation, "not an IPv6 address"};
        }
    } else {
        auto* in4 = reinterpret_cast<sockaddr_in*>(&target.address);
        in4->sin_family = AF_INET;
        target.length = sizeof(sockaddr_in);
        if (inet_pton(AF_INET, address.c_str(), &in4->sin_addr) != 1) {
            return NlError{EINVAL, operation, "not an IPv4 address"};
        }
    }
    // The socket is made in the interface's namespace and stays there.
    auto visit = NetnsVisit::enter(netns);
    if (!visit) {
        return visit.error();
    }
    const int protocol = ipv6 ? static_cast<int>(IPPROTO_ICMPV6) : static_cast<int>(IPPROTO_ICMP);
    const int fd = ::socket(ipv6 ? AF_INET6 : AF_INET, SOCK_RAW | SOCK_CLOEXEC, protocol);
    const int socket_errno = errno;
    if (auto left = visit.value().leave(); !left) {
        if (fd >= 0) {
            ::close(fd);
        }
        return left.error();
    }
    if (fd < 0) {
        return NlError{socket_errno, operation, "cannot open a raw ICMP socket"};
    }
    auto socket = FileDescriptor::adopt(fd);
    if (::setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, std::string{ifname}.c_str(),
                     static_cast<socklen_t>(ifname.size())) != 0) {
        return NlError{errno, operation, "cannot bind to the interface"};
    }

    const std::uint16_t identifier = next_identifier();
    const auto start = Clock::now();
    const auto deadline = start + timeout;
    std::vector<Clock::time_point> sent; // by sequence − 1: a late reply still counts
    for (std::uint16_t sequence = 1;; ++sequence) {
        std::array<unsigned char, 64> request{};
        request[0] = ipv6 ? ICMP6_ECHO_REQUEST : ICMP_ECHO;
        const std::uint16_t id_field = htons(identifier);
        const std::uint16_t seq_field = htons(sequence);
        std::memcpy(&request[4], &id_field, 2);
        std::memcpy(&request[6], &seq_field, 2);
        if (!ipv6) {
            const std::uint16_t checksum = internet_checksum(request.data(), request.size());
            std::memcpy(&request[2], &checksum, 2);
        }
        const auto sent_at = sent.emplace_back(Clock::now());
        if (::sendto(fd, request.data(), request.size(), 0, reinterpret_cast<const sockaddr*>(&target.address),
                     target.length) < 0) {
            return NlError{errno, operation, "cannot send the echo request"};
        }
        const auto next_request = std::min(sent_at + interval, deadline);
        for (auto now = Clock::now(); now < next_request; now = Clock::now()) {
            pollfd ready{fd, POLLIN, 0};
            const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next_request - now).count();
            if (::poll(&ready, 1, static_cast<int>(wait) + 1) <= 0) {
                continue;
            }
            std::array<unsigned char, 1500> reply{};
            const auto received = ::recv(fd, reply.data(), reply.size(), MSG_DONTWAIT);
            const std::size_t answered =
                received > 0 ? reply_sequence(reply.data(), static_cast<std::size_t>(received), ipv6, identifier) : 0;
            if (answered >= 1 && answered <= sent.size()) {
                return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - sent[answered - 1U]);
            }
        }
        if (Clock::now() >= deadline) {
            return NlError{ETIMEDOUT, operation,
                           "no echo reply in " + std::to_string(timeout.count()) + " ms (" +
                               std::to_string(sequence) + " requests)"};
        }
    }
}

} // namespace hammer::kernel_ops
