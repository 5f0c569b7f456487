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

} // namespace

std::uint16_t internet_checksum(const std::uint8_t* data, std::size_t length) noexcept
{
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i + 1 < length; i += 2) {
        sum += static_cast<std::uint32_t>(data[i] << 8 | data[i + 1]);
    }
    if (length % 2 != 0) {
        sum += static_cast<std::uint32_t>(data[length - 1] << 8);
    }
    while (sum >> 16 != 0) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return static_cast<std::uint16_t>(~sum & 0xffff);
}

void build_headers(const FrameSpec& spec, std::uint8_t* bytes)
{
    namespace layout = frame_layout;
    if (spec.size < layout::min_size || spec.size > layout::max_size) {
        throw std::invalid_argument("frame size " + std::to_string(spec.size) + " outside " +
                                    std::to_string(layout::min_size) + ".." + std::to_string(layout::max_size));
    }
    std::memset(bytes, 0, layout::stamp);

    const MacAddress& destination = spec.frame_class == FrameClass::broadcast   ? broadcast_mac
                                    : spec.frame_class == FrameClass::multicast ? multicast_mac
                                                                                : spec.unicast_destination;
    const auto& destination_ip = spec.frame_class == FrameClass::broadcast   ? broadcast_ip
                                 : spec.frame_class == FrameClass::multicast ? multicast_ip
                                                                             : unicast_ip;
    std::memcpy(bytes, destination.data(), 6);
    std::memcpy(bytes + 6, spec.source.data(), 6);
    put16(bytes + layout::ethertype, 0x0800);

    std::uint8_t* const ip = bytes + layout::ip;
    ip[0] = 0x45; // version 4, 5 words of header
    put16(ip + 2, static_cast<std::uint16_t>(spec.size - layout::ip));
    put16(ip + 6, 0x4000); // don't fragment
    ip[8] = 64;            // TTL
    ip[9] = 17;            // UDP
    const std::uint32_t source_ip = first_source_ip + spec.flow;
    put16(ip + 12, static_cast<std::uint16_t>(source_ip >> 16));
    put16(ip + 14, static_cast<std::uint16_t>(source_ip & 0xffff));
    std::memcpy(ip + 16, destination_ip.data(), 4);
    put16(ip + 10, internet_checksum(ip, 20));

    std::uint8_t* const udp = bytes + layout::udp;
    put16(udp, spec.flow);
    put16(udp + 2, layout::udp_port);
    put16(udp + 4, static_cast<std::uint16_t>(spec.size - layout::udp));
    // UDP checksum 0: "no checksum", allowed over IPv4 (RFC 768). The stamp
    // changes per frame and a checksum would have to follow it on the hot path.
}

std::vector<std::uint8_t> build_frame(const FrameSpec& spec)
{
    namespace layout = frame_layout;
    std::vector<std::uint8_t> frame(std::max<std::size_t>(spec.size, layout::stamp));
    build_headers(spec, frame.data());
    std::uint8_t* const bytes = frame.data();
    std::mt19937_64 random{spec.seed ^ spec.flow};
    for (std::size_t i = layout::pattern; i < frame.size(); ++i) {
        switch (spec.pattern) {
        case PayloadPattern::fixed: bytes[i] = 0xa5; break;
        case PayloadPattern::incrementing: bytes[i] = static_cast<std::uint8_t>(i); break;
        case PayloadPattern::random: bytes[i] = static_cast<std::uint8_t>(random()); break;
        }
    }
    return frame;
}

} // namespace hammer::pmd_ops
