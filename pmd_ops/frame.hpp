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

/// hammer's test frames: Ethernet II, IPv4 (no options), UDP, then the stamp
/// and the pattern. The flow id is the UDP source port, so the stamp fits the
/// 18 bytes a 60-byte frame leaves after the headers (60 - 14 - 20 - 8).
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
};

/// The frame's bytes with a zero stamp. Throws std::invalid_argument for a
/// size outside 60..9216. Called at setup, never on the hot path.
[[nodiscard]] std::vector<std::uint8_t> build_frame(const FrameSpec& spec);

/// The frame's first frame_layout::stamp bytes (Ethernet, IPv4, UDP) into
/// `bytes`: what differs between the flows of one kind. Throws as build_frame.
void build_headers(const FrameSpec& spec, std::uint8_t* bytes);

/// What TX writes into each frame: which job it belongs to, its place in the
/// flow, and when it left (TSC).
struct Stamp {
    std::uint16_t tag = 0;
    std::uint64_t sequence = 0;
    std::uint64_t tsc = 0;
};

// The stamp sits at an odd offset (42): memcpy is how C++ writes unaligned
// values without undefined behaviour, and compiles to plain moves on x86.
inline void write_stamp(std::uint8_t* frame, const Stamp& stamp) noexcept
{
    std::memcpy(frame + frame_layout::stamp, &stamp.tag, 2);
    std::memcpy(frame + frame_layout::stamp + 2, &stamp.sequence, 8);
    std::memcpy(frame + frame_layout::stamp + 10, &stamp.tsc, 8);
}

[[nodiscard]] inline Stamp read_stamp(const std::uint8_t* frame) noexcept
{
    Stamp stamp;
    std::memcpy(&stamp.tag, frame + frame_layout::stamp, 2);
    std::memcpy(&stamp.sequence, frame + frame_layout::stamp + 2, 8);
    std::memcpy(&stamp.tsc, frame + frame_layout::stamp + 10, 8);
    return stamp;
}

/// Whether `frame` (its first `length` contiguous bytes) is a hammer test
/// frame: IPv4, UDP, hammer's port. Anything else on the wire (ARP, IPv6
/// neighbour discovery) is counted as foreign, not checked.
[[nodiscard]] inline bool is_test_frame(const std::uint8_t* frame, std::size_t length) noexcept
{
    return length >= frame_layout::min_size && frame[frame_layout::ethertype] == 0x08 &&
           frame[frame_layout::ethertype + 1] == 0x00 && frame[frame_layout::ip_protocol] == 17 &&
           frame[frame_layout::udp_destination_port] == (frame_layout::udp_port >> 8) &&
           frame[frame_layout::udp_destination_port + 1] == (frame_layout::udp_port & 0xff);
}

[[nodiscard]] inline std::uint16_t read_flow(const std::uint8_t* frame) noexcept
{
    return static_cast<std::uint16_t>(frame[frame_layout::udp_source_port] << 8 |
                                      frame[frame_layout::udp_source_port + 1]);
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
