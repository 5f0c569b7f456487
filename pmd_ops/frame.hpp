#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace hammer::pmd_ops {

/// Which destination a frame is addressed to.
enum class FrameClass : std::uint8_t { unicast, multicast, broadcast };
inline constexpr unsigned frame_class_count = 3;

/// What the payload after the stamp holds. Every frame of a flow carries the
/// same bytes, so the receiver compares against the flow's template.
enum class PayloadPattern : std::uint8_t {
    fixed,        ///< 0xa5 throughout
    incrementing, ///< byte i holds i mod 256 (i counted from the frame start)
    random,       ///< bytes from a generator seeded per flow
};

using MacAddress = std::array<std::uint8_t, 6>;

/// The IP header of a test frame.
enum class IpVersion : std::uint8_t { v4 = 4, v6 = 6 };

/// hammer's test frames: Ethernet II, up to two VLAN tags, IPv4 (no
/// options) or IPv6 (no extension headers), UDP, then the stamp and the
/// pattern. The flow id is the UDP source port, so the stamp fits the 18
/// bytes a 60-byte untagged IPv4 frame leaves after the headers
/// (60 - 14 - 20 - 8). The constants are that frame's offsets; frame_offsets
/// gives any frame's.
namespace frame_layout {
inline constexpr std::size_t ethertype = 12;
inline constexpr std::size_t ip = 14;
inline constexpr std::size_t ip_protocol = ip + 9;
inline constexpr std::size_t udp = ip + 20;
inline constexpr std::size_t udp_source_port = udp;
inline constexpr std::size_t udp_destination_port = udp + 2;
inline constexpr std::size_t stamp = udp + 8;
inline constexpr std::size_t stamp_size = 2 + 8 + 8; ///< tag, sequence, TSC
inline constexpr std::size_t pattern = stamp + stamp_size;
inline constexpr std::uint16_t udp_port = 0x4d48; ///< "HM": the destination port of every test frame
inline constexpr std::uint16_t min_size = 60;     ///< the shortest Ethernet frame without FCS
inline constexpr std::uint16_t max_size = 9216;   ///< the largest jumbo frame NICs commonly accept
inline constexpr std::uint16_t ethertype_ipv4 = 0x0800;
inline constexpr std::uint16_t ethertype_ipv6 = 0x86dd;
inline constexpr std::uint16_t tpid_customer = 0x8100; ///< IEEE 802.1Q C-tag
inline constexpr std::uint16_t tpid_service = 0x88a8;  ///< IEEE 802.1ad S-tag, the outer tag of QinQ
inline constexpr std::size_t vlan_tag_size = 4;
inline constexpr std::size_t ipv4_header_size = 20;
inline constexpr std::size_t ipv6_header_size = 40;
inline constexpr std::size_t udp_header_size = 8;
} // namespace frame_layout

/// One flow's frame, as the TX side sends it and the RX side expects it.
/// The flow number is the UDP source port and picks the IPv4 source address
/// (198.18.0.1 + flow), so a device hashing on either spreads the flows.
struct FrameSpec {
    FrameClass frame_class = FrameClass::unicast;
    std::uint16_t size = 64;                 ///< bytes without FCS, 60..9216
    std::uint16_t flow = 0;                  ///< UDP source port
    PayloadPattern pattern = PayloadPattern::incrementing;
    std::uint64_t seed = 0;                  ///< for PayloadPattern::random
    MacAddress source{0x02, 0x48, 0x4d, 0x00, 0x00, 0x01};
    MacAddress unicast_destination{0x02, 0x48, 0x4d, 0x00, 0x00, 0x02};
    std::uint16_t vlan = 0;       ///< 802.1Q VLAN id (C-tag, TPID 0x8100), 1..4094; 0: untagged
    std::uint16_t outer_vlan = 0; ///< 802.1ad S-tag id (TPID 0x88a8) before the C-tag (QinQ); 0: none
    IpVersion ip_version = IpVersion::v4;
};

/// Where a frame's parts start, by its tags and IP version.
struct FrameOffsets {
    std::uint16_t ip = frame_layout::ip;
    std::uint16_t udp = frame_layout::udp;
    std::uint16_t stamp = frame_layout::stamp;
    std::uint16_t pattern = frame_layout::pattern;
    /// The UDP checksum, which IPv6 requires (RFC 8200 §8.1) and TX keeps
    /// up to date with the stamp; 0 over IPv4, where UDP sends none (RFC 768).
    std::uint16_t udp_checksum = 0;
    /// The shortest frame of this shape: headers and stamp, at least 60 bytes.
    std::uint16_t min_size = frame_layout::min_size;
};

[[nodiscard]] FrameOffsets frame_offsets(const FrameSpec& spec) noexcept;

/// The frame's bytes with a zero stamp (and, over IPv6, the UDP checksum
/// of that frame). Throws std::invalid_argument for a size outside
/// frame_offsets(spec).min_size..9216. Called at setup, never on the hot path.
[[nodiscard]] std::vector<std::uint8_t> build_frame(const FrameSpec& spec);

/// The frame's first frame_offsets(spec).stamp bytes (Ethernet, tags, IP,
/// UDP) into `bytes`: what differs between the flows of one kind. Over IPv6
/// the UDP checksum is left 0: set_udp_checksum fills it in. Throws as build_frame.
void build_headers(const FrameSpec& spec, std::uint8_t* bytes);

/// The RFC 1071 sum of `length` bytes (an even number, but for the last
/// call), added to `sum`: not folded, not inverted.
[[nodiscard]] std::uint32_t ones_sum(const std::uint8_t* data, std::size_t length, std::uint32_t sum = 0) noexcept;

/// Fills in the IPv6 UDP checksum of `frame`, whose headers build_headers
/// wrote and whose bytes from the pattern on sum (ones_sum) to
/// `pattern_sum`; the stamp counts as zero. Nothing over IPv4.
void set_udp_checksum(const FrameSpec& spec, std::uint8_t* frame, std::uint32_t pattern_sum) noexcept;

/// What TX writes into each frame: which job it belongs to, its place in the
/// flow, and when it left (TSC).
struct Stamp {
    std::uint16_t tag = 0;
    std::uint64_t sequence = 0;
    std::uint64_t tsc = 0;
};

// `at` is the stamp's first byte, at an odd offset (42 in an untagged
// IPv4 frame): memcpy is how C++ writes unaligned values without undefined
// behaviour, and compiles to plain moves on x86.
inline void write_stamp(std::uint8_t* at, const Stamp& stamp) noexcept
{
    std::memcpy(at, &stamp.tag, 2);
    std::memcpy(at + 2, &stamp.sequence, 8);
    std::memcpy(at + 10, &stamp.tsc, 8);
}

[[nodiscard]] inline Stamp read_stamp(const std::uint8_t* at) noexcept
{
    Stamp stamp;
    std::memcpy(&stamp.tag, at, 2);
    std::memcpy(&stamp.sequence, at + 2, 8);
    std::memcpy(&stamp.tsc, at + 10, 8);
    return stamp;
}

/// After write_stamp into a frame whose UDP checksum was right for a zero
/// stamp: the checksum for the stamp written (RFC 1624's incremental
/// update, from zero words to the stamp's nine).
inline void update_udp_checksum(std::uint8_t* checksum, const std::uint8_t* stamp) noexcept
{
    std::uint32_t sum = static_cast<std::uint16_t>(~(checksum[0] << 8 | checksum[1]));
    for (std::size_t i = 0; i < frame_layout::stamp_size; i += 2) {
        sum += static_cast<std::uint32_t>(stamp[i] << 8 | stamp[i + 1]);
    }
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    const auto folded = static_cast<std::uint16_t>(~sum);
    // A computed 0 is sent as all ones: 0 would mean "no checksum" (RFC 768).
    const std::uint16_t sent = folded == 0 ? 0xffff : folded;
    checksum[0] = static_cast<std::uint8_t>(sent >> 8);
    checksum[1] = static_cast<std::uint8_t>(sent & 0xff);
}

/// Where the UDP header of a hammer test frame starts in `frame` (its first
/// `length` contiguous bytes), or 0 when it is none: up to two VLAN tags
/// (0x88a8 or 0x8100, then 0x8100), IPv4 without options or IPv6 without
/// extension headers, UDP to hammer's port, room for the stamp. Anything
/// else on the wire (ARP, neighbour discovery) is foreign, not checked.
[[nodiscard]] inline std::size_t test_frame_udp(const std::uint8_t* frame, std::size_t length) noexcept
{
    namespace layout = frame_layout;
    if (length < layout::min_size) {
        return 0;
    }
    std::size_t type_at = layout::ethertype;
    for (int tags = 0; tags < 2; ++tags) {
        const auto type = static_cast<std::uint16_t>(frame[type_at] << 8 | frame[type_at + 1]);
        if (type != layout::tpid_customer && type != layout::tpid_service) {
            break;
        }
        type_at += layout::vlan_tag_size;
    }
    const std::size_t ip = type_at + 2;
    std::size_t udp = 0;
    if (frame[type_at] == 0x08 && frame[type_at + 1] == 0x00) {
        udp = frame[ip] == 0x45 && frame[ip + 9] == 17 ? ip + layout::ipv4_header_size : 0;
    } else if (frame[type_at] == 0x86 && frame[type_at + 1] == 0xdd) {
        udp = (frame[ip] >> 4) == 6 && frame[ip + 6] == 17 ? ip + layout::ipv6_header_size : 0;
    }
    if (udp == 0 || length < udp + layout::udp_header_size + layout::stamp_size) {
        return 0;
    }
    return frame[udp + 2] == (layout::udp_port >> 8) && frame[udp + 3] == (layout::udp_port & 0xff) ? udp : 0;
}

/// Whether `frame` is an untagged IPv4 hammer test frame, by the fixed
/// offsets alone: the receiver's fast path before test_frame_udp.
[[nodiscard]] inline bool is_plain_test_frame(const std::uint8_t* frame, std::size_t length) noexcept
{
    return length >= frame_layout::min_size && frame[frame_layout::ethertype] == 0x08 &&
           frame[frame_layout::ethertype + 1] == 0x00 && frame[frame_layout::ip_protocol] == 17 &&
           frame[frame_layout::udp_destination_port] == (frame_layout::udp_port >> 8) &&
           frame[frame_layout::udp_destination_port + 1] == (frame_layout::udp_port & 0xff);
}

/// Whether `frame` is a hammer test frame (test_frame_udp).
[[nodiscard]] inline bool is_test_frame(const std::uint8_t* frame, std::size_t length) noexcept
{
    return test_frame_udp(frame, length) != 0;
}

/// The flow of a test frame whose UDP header starts at `udp`.
[[nodiscard]] inline std::uint16_t read_flow(const std::uint8_t* frame, std::size_t udp = frame_layout::udp) noexcept
{
    return static_cast<std::uint16_t>(frame[udp] << 8 | frame[udp + 1]);
}

/// By destination MAC: all ones is broadcast, the group bit (I/G, bit 0 of
/// the first octet, IEEE 802-2014 §8.2) set is multicast.
[[nodiscard]] inline FrameClass classify(const std::uint8_t* frame) noexcept
{
    bool all_ones = true;
    for (std::size_t i = 0; i < 6; ++i) {
        all_ones = all_ones && frame[i] == 0xff;
    }
    if (all_ones) {
        return FrameClass::broadcast;
    }
    return (frame[0] & 0x01) != 0 ? FrameClass::multicast : FrameClass::unicast;
}

/// The RFC 1071 Internet checksum of `length` bytes.
[[nodiscard]] std::uint16_t internet_checksum(const std::uint8_t* data, std::size_t length) noexcept;

} // namespace hammer::pmd_ops
