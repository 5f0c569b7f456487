#include "pmd_ops/neighbour_exchange.hpp"

#include "pmd_ops/dpdk_error.hpp"

#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <span>
#include <thread>
#include <vector>

namespace hammer::pmd_ops {
namespace {

using Clock = std::chrono::steady_clock;
using Bytes = std::vector<std::uint8_t>;

constexpr std::uint16_t ethertype_arp = 0x0806;
constexpr std::uint16_t ethertype_ipv6 = 0x86dd;
constexpr std::uint8_t icmpv6 = 58;
constexpr std::uint8_t neighbour_solicitation = 135;
constexpr std::uint8_t neighbour_advertisement = 136;
constexpr std::size_t ethernet_header = 14;
constexpr std::size_t ipv6_header = 40;
constexpr std::size_t icmpv6_at = ethernet_header + ipv6_header;
constexpr std::size_t nd_target_at = icmpv6_at + 8;
constexpr std::size_t nd_option_at = nd_target_at + 16;
constexpr std::size_t nd_message = 8 + 16 + 8; ///< header, target, one link-layer address option
constexpr std::size_t arp_at = ethernet_header;
constexpr MacAddress broadcast{0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

/// An address as the bytes a frame carries it in (4 or 16).
Bytes address_bytes(const topology::IpAddress& address)
{
    Bytes bytes(address.ipv6 ? 16 : 4);
    inet_pton(address.ipv6 ? AF_INET6 : AF_INET, address.text.c_str(), bytes.data());
    return bytes;
}

void put16(Bytes& frame, std::size_t at, std::uint16_t value)
{
    frame[at] = static_cast<std::uint8_t>(value >> 8);
    frame[at + 1] = static_cast<std::uint8_t>(value);
}

std::uint16_t get16(std::span<const std::uint8_t> frame, std::size_t at)
{
    return static_cast<std::uint16_t>(frame[at] << 8 | frame[at + 1]);
}

void put(Bytes& frame, std::size_t at, std::span<const std::uint8_t> bytes)
{
    std::copy(bytes.begin(), bytes.end(), frame.begin() + static_cast<std::ptrdiff_t>(at));
}

bool equal(std::span<const std::uint8_t> frame, std::size_t at, std::span<const std::uint8_t> bytes)
{
    return frame.size() >= at + bytes.size() && std::equal(bytes.begin(), bytes.end(), frame.begin() + at);
}

MacAddress mac_at(std::span<const std::uint8_t> frame, std::size_t at)
{
    MacAddress mac{};
    std::copy_n(frame.begin() + static_cast<std::ptrdiff_t>(at), mac.size(), mac.begin());
    return mac;
}

Bytes ethernet(const MacAddress& destination, const MacAddress& source, std::uint16_t ethertype, std::size_t size)
{
    Bytes frame(std::max<std::size_t>(size, frame_layout::min_size), 0);
    put(frame, 0, destination);
    put(frame, 6, source);
    put16(frame, 12, ethertype);
    return frame;
}

/// RFC 826: `operation` 1 asks who has `target_ip`, 2 answers it.
Bytes arp(std::uint16_t operation, const MacAddress& destination, const MacAddress& sender_mac,
          const Bytes& sender_ip, const MacAddress& target_mac, const Bytes& target_ip)
{
    Bytes frame = ethernet(destination, sender_mac, ethertype_arp, arp_at + 28);
    put16(frame, arp_at, 1);      // Ethernet
    put16(frame, arp_at + 2, 0x0800);
    frame[arp_at + 4] = 6;
    frame[arp_at + 5] = 4;
    put16(frame, arp_at + 6, operation);
    put(frame, arp_at + 8, sender_mac);
    put(frame, arp_at + 14, sender_ip);
    put(frame, arp_at + 18, target_mac);
    put(frame, arp_at + 24, target_ip);
    return frame;
}

/// The ICMPv6 checksum over the pseudo-header (RFC 8200 8.1) and the message.
std::uint16_t icmpv6_checksum(const Bytes& frame)
{
    std::uint32_t sum = 0;
    const auto add = [&](std::size_t from, std::size_t length) {
        for (std::size_t at = from; at < from + length; at += 2) {
            sum += get16(frame, at);
        }
    };
    add(ethernet_header + 8, 32); // source and destination addresses
    sum += nd_message + icmpv6;
    add(icmpv6_at, nd_message);
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return static_cast<std::uint16_t>(~sum);
}

/// RFC 4861: a solicitation for `target` (to its solicited-node group) or
/// the advertisement answering one, with the sender's link-layer address.
Bytes neighbour_message(std::uint8_t type, const MacAddress& destination, const MacAddress& sender_mac,
                        const Bytes& source_ip, const Bytes& destination_ip, const Bytes& target)
{
    Bytes frame = ethernet(destination, sender_mac, ethertype_ipv6, icmpv6_at + nd_message);
    frame[ethernet_header] = 0x60;
    put16(frame, ethernet_header + 4, nd_message);
    frame[ethernet_header + 6] = icmpv6;
    frame[ethernet_header + 7] = 255; // hop limit: receivers drop anything else
    put(frame, ethernet_header + 8, source_ip);
    put(frame, ethernet_header + 24, destination_ip);
    frame[icmpv6_at] = type;
    if (type == neighbour_advertisement) {
        frame[icmpv6_at + 4] = 0x60; // solicited, override
    }
    put(frame, nd_target_at, target);
    frame[nd_option_at] = type == neighbour_solicitation ? 1 : 2; // source / target link-layer address
    frame[nd_option_at + 1] = 1;                                   // in units of 8 bytes
    put(frame, nd_option_at + 2, sender_mac);
    put16(frame, icmpv6_at + 2, icmpv6_checksum(frame));
    return frame;
}

/// What a received frame is to the exchange.
struct Heard {
    enum class Kind { other, question, answer } kind = Kind::other;
    MacAddress sender_mac{};
    Bytes sender_ip;
};

Heard classify(std::span<const std::uint8_t> frame, const Bytes& target)
{
    Heard heard;
    if (frame.size() < arp_at + 28) {
        return heard;
    }
    if (get16(frame, 12) == ethertype_arp) {
        const std::uint16_t operation = get16(frame, arp_at + 6);
        const Bytes sender_ip(frame.begin() + arp_at + 14, frame.begin() + arp_at + 18);
        // A request asks for the target's address; an answer comes from it.
        if (operation == 1 && equal(frame, arp_at + 24, target)) {
            heard = {Heard::Kind::question, mac_at(frame, arp_at + 8), sender_ip};
        } else if (operation == 2 && sender_ip == target) {
            heard = {Heard::Kind::answer, mac_at(frame, arp_at + 8), sender_ip};
        }
        return heard;
    }
    if (get16(frame, 12) != ethertype_ipv6 || frame.size() < icmpv6_at + nd_message ||
        frame[ethernet_header + 6] != icmpv6 || !equal(frame, nd_target_at, target)) {
        return heard;
    }
    const MacAddress option_mac = mac_at(frame, nd_option_at + 2);
    if (frame[icmpv6_at] == neighbour_solicitation) {
        heard = {Heard::Kind::question, option_mac,
                 Bytes(frame.begin() + ethernet_header + 8, frame.begin() + ethernet_header + 24)};
    } else if (frame[icmpv6_at] == neighbour_advertisement) {
        heard = {Heard::Kind::answer, option_mac, target};
    }
    return heard;
}

Result<void> send(Port& port, rte_mempool* pool, const Bytes& frame)
{
    rte_mbuf* mbuf = rte_pktmbuf_alloc(pool);
    if (mbuf == nullptr) {
        return Error{"rte_pktmbuf_alloc", ENOBUFS, "the pair's pool has no mbuf free"};
    }
    auto* data = rte_pktmbuf_mtod(mbuf, std::uint8_t*);
    std::memcpy(data, frame.data(), frame.size());
    mbuf->data_len = static_cast<std::uint16_t>(frame.size());
    mbuf->pkt_len = static_cast<std::uint32_t>(frame.size());
    if (rte_eth_tx_burst(port.id(), 0, &mbuf, 1) != 1) {
        rte_pktmbuf_free(mbuf);
        return Error{"rte_eth_tx_burst(port=" + std::to_string(port.id()) + ")", EAGAIN, "the TX queue is full"};
    }
    return {};
}

/// Every frame the port has received on any of its queues, as bytes.
std::vector<Bytes> receive(Port& port)
{
    std::vector<Bytes> frames;
    std::array<rte_mbuf*, 32> mbufs{};
    for (std::uint16_t queue = 0; queue < port.config().rx_queues; ++queue) {
        const std::uint16_t count = rte_eth_rx_burst(port.id(), queue, mbufs.data(), mbufs.size());
        for (std::uint16_t index = 0; index < count; ++index) {
            const auto* data = rte_pktmbuf_mtod(mbufs[index], const std::uint8_t*);
            frames.emplace_back(data, data + rte_pktmbuf_data_len(mbufs[index]));
            rte_pktmbuf_free(mbufs[index]);
        }
    }
    return frames;
}

} // namespace

Result<NeighbourAnswer> exchange_neighbours(Port& from, Port& to, rte_mempool* pool,
                                            const topology::IpAddress& source, const topology::IpAddress& target,
                                            std::chrono::milliseconds timeout, std::chrono::milliseconds interval)
{
    const auto from_mac = from.mac();
    const auto to_mac = to.mac();
    if (!from_mac || !to_mac) {
        return !from_mac ? from_mac.error() : to_mac.error();
    }
    const Bytes source_ip = address_bytes(source);
    const Bytes target_ip = address_bytes(target);
    Bytes question;
    if (target.ipv6) {
        Bytes solicited_node{0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0xff, target_ip[13], target_ip[14],
                             target_ip[15]};
        const MacAddress group{0x33, 0x33, 0xff, target_ip[13], target_ip[14], target_ip[15]};
        question = neighbour_message(neighbour_solicitation, group, from_mac.value(), source_ip, solicited_node,
                                     target_ip);
    } else {
        question = arp(1, broadcast, from_mac.value(), source_ip, MacAddress{}, target_ip);
    }

    NeighbourAnswer answer;
    unsigned questions_heard = 0;
    const auto start = Clock::now();
    auto next_question = start;
    while (Clock::now() - start < timeout) {
        if (Clock::now() >= next_question) {
            if (auto sent = send(from, pool, question); !sent) {
                return sent.error();
            }
            ++answer.requests;
            next_question += interval;
        }
        for (const auto& frame : receive(to)) {
            const Heard heard = classify(frame, target_ip);
            if (heard.kind != Heard::Kind::question) {
                continue;
            }
            ++questions_heard;
            // The answer goes to the Ethernet broadcast address: every port
            // takes it whatever its filters, and a bridge forwards it even
            // where it holds the asking port's MAC as its own (the tap PMD
            // gives its netdev the port's MAC) and would keep a unicast answer.
            const Bytes reply = target.ipv6 ? neighbour_message(neighbour_advertisement, broadcast, to_mac.value(),
                                                                target_ip, heard.sender_ip, target_ip)
                                            : arp(2, broadcast, to_mac.value(), target_ip, heard.sender_mac,
                                                  heard.sender_ip);
            if (auto sent = send(to, pool, reply); !sent) {
                return sent.error();
            }
        }
        for (const auto& frame : receive(from)) {
            const Heard heard = classify(frame, target_ip);
            if (heard.kind == Heard::Kind::answer) {
                answer.mac = heard.sender_mac;
                answer.took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
                return answer;
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds{1});
    }
    const std::string asked = std::string{target.ipv6 ? "neighbour solicitation" : "ARP request"} + " for " +
                              target.text + " from " + from.name();
    return Error{asked, ETIMEDOUT,
                 questions_heard == 0
                     ? to.name() + " received none of the " + std::to_string(answer.requests) +
                           " questions in " + std::to_string(timeout.count()) + " ms"
                     : to.name() + " received " + std::to_string(questions_heard) + " questions and answered them; " +
                           from.name() + " received no answer in " + std::to_string(timeout.count()) + " ms"};
}

} // namespace hammer::pmd_ops
