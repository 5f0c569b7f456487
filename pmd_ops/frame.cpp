#include "pmd_ops/frame.hpp"

#include <algorithm>
#include <random>
#include <stdexcept>
#include <string>

namespace hammer::pmd_ops {
namespace {

void put16(std::uint8_t* at, std::uint16_t value)
{
    at[0] = static_cast<std::uint8_t>(value >> 8);
    at[1] = static_cast<std::uint8_t>(value & 0xff);
}

// 239.72.77.1: administratively scoped (RFC 2365), so it never leaves a
// site; its MAC is 01:00:5e followed by the low 23 bits (RFC 1112 §6.4).
constexpr std::array<std::uint8_t, 4> multicast_ip{239, 72, 77, 1};
constexpr MacAddress multicast_mac{0x01, 0x00, 0x5e, 72, 77, 1};
constexpr MacAddress broadcast_mac{0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
// 198.18.0.0/15 is set aside for benchmarking interconnect devices (RFC
// 2544 §C.2.2). Sources count up from 198.18.0.1, one per flow: 65536 flows
// end at 198.19.0.0, below the destination.
constexpr std::uint32_t first_source_ip = 198U << 24 | 18U << 16 | 1U;
constexpr std::array<std::uint8_t, 4> unicast_ip{198, 19, 0, 1};
constexpr std::array<std::uint8_t, 4> broadcast_ip{255, 255, 255, 255};

// IPv6: 2001:2::/48 is set aside for benchmarking (RFC 5180 §5). Sources
// 2001:2:0:1::1:<flow>, destination 2001:2:0:2::1; multicast ff05::4d48
// (site-local scope, RFC 4291 §2.7; MAC 33:33 and its low 32 bits, RFC 2464
// §7); IPv6 has no broadcast, so the broadcast class goes to all nodes,
// ff02::1, in a broadcast frame.
using Ipv6Address = std::array<std::uint8_t, 16>;
constexpr Ipv6Address first_source_ipv6{0x20, 0x01, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0};
constexpr Ipv6Address unicast_ipv6{0x20, 0x01, 0, 2, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1};
constexpr Ipv6Address multicast_ipv6{0xff, 0x05, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x4d, 0x48};
constexpr MacAddress multicast_ipv6_mac{0x33, 0x33, 0, 0, 0x4d, 0x48};
constexpr Ipv6Address all_nodes_ipv6{0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

std::uint16_t fold(std::uint32_t sum) noexcept
{
    while (sum >> 16 != 0) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return static_cast<std::uint16_t>(sum);
}

/// The tags in front of the IP header: an S-tag then a C-tag (QinQ), a C-tag, or none.
std::size_t tag_count(const FrameSpec& spec) noexcept
{
    return spec.outer_vlan != 0 ? 2 : spec.vlan != 0 ? 1 : 0;
}

} // namespace

std::uint32_t ones_sum(const std::uint8_t* data, std::size_t length, std::uint32_t sum) noexcept
{
    for (std::size_t i = 0; i + 1 < length; i += 2) {
        sum += static_cast<std::uint32_t>(data[i] << 8 | data[i + 1]);
    }
    if (length % 2 != 0) {
        sum += static_cast<std::uint32_t>(data[length - 1] << 8);
    }
    return sum;
}

std::uint16_t internet_checksum(const std::uint8_t* data, std::size_t length) noexcept
{
    return static_cast<std::uint16_t>(~fold(ones_sum(data, length)) & 0xffff);
}

FrameOffsets frame_offsets(const FrameSpec& spec) noexcept
{
    namespace layout = frame_layout;
    FrameOffsets offsets;
    offsets.ip = static_cast<std::uint16_t>(layout::ip + layout::vlan_tag_size * tag_count(spec));
    const bool v6 = spec.ip_version == IpVersion::v6;
    offsets.udp = static_cast<std::uint16_t>(offsets.ip + (v6 ? layout::ipv6_header_size : layout::ipv4_header_size));
    offsets.stamp = static_cast<std::uint16_t>(offsets.udp + layout::udp_header_size);
    offsets.pattern = static_cast<std::uint16_t>(offsets.stamp + layout::stamp_size);
    offsets.udp_checksum = v6 ? static_cast<std::uint16_t>(offsets.udp + 6) : 0;
    offsets.min_size = std::max(layout::min_size, offsets.pattern);
    return offsets;
}

void set_udp_checksum(const FrameSpec& spec, std::uint8_t* frame, std::uint32_t pattern_sum) noexcept
{
    const FrameOffsets offsets = frame_offsets(spec);
    if (offsets.udp_checksum == 0) {
        return;
    }
    // RFC 8200 §8.1: the pseudo-header (addresses, upper-layer length, next
    // header), then the UDP header with a zero checksum and the data.
    const std::uint16_t udp_length = static_cast<std::uint16_t>(spec.size - offsets.udp);
    std::uint32_t sum = ones_sum(frame + offsets.ip + 8, 32, pattern_sum);
    sum += udp_length + 17U;
    frame[offsets.udp_checksum] = 0;
    frame[offsets.udp_checksum + 1] = 0;
    sum = ones_sum(frame + offsets.udp, frame_layout::udp_header_size + frame_layout::stamp_size, sum);
    const auto checksum = static_cast<std::uint16_t>(~fold(sum) & 0xffff);
    put16(frame + offsets.udp_checksum, checksum == 0 ? 0xffff : checksum);
}

void build_headers(const FrameSpec& spec, std::uint8_t* bytes)
{
    namespace layout = frame_layout;
    const FrameOffsets offsets = frame_offsets(spec);
    if (spec.size < offsets.min_size || spec.size > layout::max_size) {
        throw std::invalid_argument("frame size " + std::to_string(spec.size) + " outside " +
                                    std::to_string(offsets.min_size) + ".." + std::to_string(layout::max_size) +
                                    (offsets.min_size > layout::min_size
                                         ? " (the shortest frame that carries these headers and the stamp)"
                                         : ""));
    }
    if (spec.vlan > 4094 || spec.outer_vlan > 4094 || (spec.outer_vlan != 0 && spec.vlan == 0)) {
        throw std::invalid_argument("VLAN ids 1..4094, and QinQ needs an inner VLAN");
    }
    std::memset(bytes, 0, offsets.stamp);

    const bool v6 = spec.ip_version == IpVersion::v6;
    const MacAddress& multicast_destination = v6 ? multicast_ipv6_mac : multicast_mac;
    const MacAddress& destination = spec.frame_class == FrameClass::broadcast   ? broadcast_mac
                                    : spec.frame_class == FrameClass::multicast ? multicast_destination
                                                                                : spec.unicast_destination;
    std::memcpy(bytes, destination.data(), 6);
    std::memcpy(bytes + 6, spec.source.data(), 6);
    std::uint8_t* type = bytes + layout::ethertype;
    if (spec.outer_vlan != 0) {
        put16(type, layout::tpid_service);
        put16(type + 2, spec.outer_vlan);
        type += layout::vlan_tag_size;
    }
    if (spec.vlan != 0) {
        put16(type, layout::tpid_customer);
        put16(type + 2, spec.vlan); // priority 0, DEI 0
        type += layout::vlan_tag_size;
    }
    put16(type, v6 ? layout::ethertype_ipv6 : layout::ethertype_ipv4);

    std::uint8_t* const udp = bytes + offsets.udp;
    put16(udp, spec.flow);
    put16(udp + 2, layout::udp_port);
    put16(udp + 4, static_cast<std::uint16_t>(spec.size - offsets.udp));
    std::uint8_t* const ip = bytes + offsets.ip;
    if (v6) {
        const Ipv6Address& destination_ip = spec.frame_class == FrameClass::broadcast   ? all_nodes_ipv6
                                            : spec.frame_class == FrameClass::multicast ? multicast_ipv6
                                                                                        : unicast_ipv6;
        ip[0] = 0x60; // version 6, traffic class 0, flow label 0
        put16(ip + 4, static_cast<std::uint16_t>(spec.size - offsets.udp));
        ip[6] = 17; // UDP
        ip[7] = 64; // hop limit
        std::memcpy(ip + 8, first_source_ipv6.data(), 16);
        put16(ip + 8 + 14, spec.flow);
        std::memcpy(ip + 24, destination_ip.data(), 16);
        return; // the UDP checksum covers the payload: set_udp_checksum
    }
    const auto& destination_ip = spec.frame_class == FrameClass::broadcast   ? broadcast_ip
                                 : spec.frame_class == FrameClass::multicast ? multicast_ip
                                                                             : unicast_ip;
    ip[0] = 0x45; // version 4, 5 words of header
    put16(ip + 2, static_cast<std::uint16_t>(spec.size - offsets.ip));
    put16(ip + 6, 0x4000); // don't fragment
    ip[8] = 64;            // TTL
    ip[9] = 17;            // UDP
    const std::uint32_t source_ip = first_source_ip + spec.flow;
    put16(ip + 12, static_cast<std::uint16_t>(source_ip >> 16));
    put16(ip + 14, static_cast<std::uint16_t>(source_ip & 0xffff));
    std::memcpy(ip + 16, destination_ip.data(), 4);
    put16(ip + 10, internet_checksum(ip, 20));
    // UDP checksum 0: "no checksum", allowed over IPv4 (RFC 768). The stamp
    // changes per frame and a checksum would have to follow it on the hot path.
}

std::vector<std::uint8_t> build_frame(const FrameSpec& spec)
{
    namespace layout = frame_layout;
    std::vector<std::uint8_t> frame(spec.size);
    build_headers(spec, frame.data());
    std::uint8_t* const bytes = frame.data();
    std::mt19937_64 random{spec.seed ^ spec.flow};
    const std::size_t pattern = frame_offsets(spec).pattern;
    for (std::size_t i = pattern; i < frame.size(); ++i) {
        switch (spec.pattern) {
        case PayloadPattern::fixed: bytes[i] = 0xa5; break;
        case PayloadPattern::incrementing: bytes[i] = static_cast<std::uint8_t>(i); break;
        case PayloadPattern::random: bytes[i] = static_cast<std::uint8_t>(random()); break;
        }
    }
    set_udp_checksum(spec, bytes, ones_sum(bytes + pattern, frame.size() - pattern));
    return frame;
}

} // namespace hammer::pmd_ops
