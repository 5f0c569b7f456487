#include "pmd_ops/offload_check.hpp"

#include "pmd_ops/frame.hpp"
#include "pmd_ops/pair_stop.hpp"
#include "src/record/recorder.hpp"
#include "src/run/clock.hpp"

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_ip.h>
#include <rte_mbuf.h>

#include <array>
#include <string>
#include <vector>

namespace hammer::pmd_ops {
namespace {

using operations::OperationContext;
using operations::Outcome;
using operations::Verdict;

/// Frames of each kind (good, and bad where a check sends bad ones) per feature: one burst.
constexpr std::uint16_t frames_per_kind = 32;
constexpr std::uint16_t frame_size = 128;
constexpr std::uint16_t check_vlan = 100;
/// How long the receiver polls for one feature's frames: af_packet and tap
/// go through the kernel, which takes well under this.
constexpr std::uint64_t receive_ms = 500;
/// Stamp tags: which kind a received frame was sent as.
constexpr std::uint16_t good_tag = 0x4f4b; // "OK"
constexpr std::uint16_t bad_tag = 0x4244;  // "BD"

enum class Check : std::uint8_t { tx_ipv4, tx_udp, tx_ipv6_udp, rx_ipv4, rx_udp, vlan_insert, vlan_strip, rss_hash };

/// One feature: the check, and the capability bit it needs on the sender's
/// TX (tx) or the receiver's RX side.
struct Feature {
    const char* name;
    Check check;
    bool tx;
    std::uint64_t offload;
    const char* offload_name;
};

constexpr std::array<Feature, 8> features{{
    {"ipv4_tx_checksum", Check::tx_ipv4, true, RTE_ETH_TX_OFFLOAD_IPV4_CKSUM, "IPV4_CKSUM"},
    {"udp_tx_checksum", Check::tx_udp, true, RTE_ETH_TX_OFFLOAD_UDP_CKSUM, "UDP_CKSUM"},
    {"ipv6_udp_tx_checksum", Check::tx_ipv6_udp, true, RTE_ETH_TX_OFFLOAD_UDP_CKSUM, "UDP_CKSUM"},
    {"ipv4_rx_checksum_flags", Check::rx_ipv4, false, RTE_ETH_RX_OFFLOAD_IPV4_CKSUM, "IPV4_CKSUM"},
    {"udp_rx_checksum_flags", Check::rx_udp, false, RTE_ETH_RX_OFFLOAD_UDP_CKSUM, "UDP_CKSUM"},
    {"vlan_insert", Check::vlan_insert, true, RTE_ETH_TX_OFFLOAD_VLAN_INSERT, "VLAN_INSERT"},
    {"vlan_strip", Check::vlan_strip, false, RTE_ETH_RX_OFFLOAD_VLAN_STRIP, "VLAN_STRIP"},
    {"rss_hash", Check::rss_hash, false, RTE_ETH_RX_OFFLOAD_RSS_HASH, "RSS_HASH"},
}};

/// Whether a check also sends frames with a wrong checksum, to be flagged bad.
constexpr bool sends_bad(Check check) noexcept
{
    return check == Check::rx_ipv4 || check == Check::rx_udp;
}

/// What one feature's frames showed.
struct Tally {
    std::uint32_t sent[2] = {0, 0};     ///< good, bad
    std::uint32_t received[2] = {0, 0};
    std::uint32_t correct[2] = {0, 0};  ///< as the feature promises
};

struct FeatureResult {
    Outcome outcome = Outcome::skip;
    std::string reason;
};

std::uint16_t load16(const std::uint8_t* at) noexcept
{
    return static_cast<std::uint16_t>(at[0] << 8 | at[1]);
}

// A value no ones-complement sum equates with `checksum`: a change by an odd
// amount below 0xffff.
std::uint16_t spoiled(std::uint16_t checksum) noexcept
{
    return static_cast<std::uint16_t>(checksum ^ 0x00ff);
}

// Whether the UDP datagram at `udp`, its checksum included, sums with its
// pseudo-header (`pseudo`, folded) to all ones: a right checksum. (DPDK
// 22.11's rte_ipv4_udptcp_cksum_verify is still experimental.)
bool udp_sums_right(std::uint16_t pseudo, const rte_udp_hdr* udp) noexcept
{
    std::uint32_t sum = pseudo + rte_raw_cksum(udp, rte_be_to_cpu_16(udp->dgram_len));
    sum = (sum & 0xffff) + (sum >> 16);
    return sum == 0xffff;
}

class OffloadCheck final : public operations::Operation {
public:
    explicit OffloadCheck(std::shared_ptr<PmdRuntime> runtime) : runtime_{std::move(runtime)} {}

    Verdict setup(OperationContext& context) override
    {
        auto ports = runtime_->acquire(context.pair);
        if (!ports) {
            return Verdict::error(ports.error().to_string());
        }
        ports_ = ports.value();
        const auto sender = ports_->a.info();
        const auto receiver = ports_->b.info();
        if (!sender || !receiver) {
            return Verdict::error((sender ? receiver.error() : sender.error()).to_string());
        }
        std::uint64_t rx_offloads = 0;
        std::uint64_t tx_offloads = 0;
        for (std::size_t i = 0; i < features.size(); ++i) {
            const Feature& feature = features[i];
            const std::uint64_t capa = feature.tx ? sender->tx_offload_capa : receiver->rx_offload_capa;
            if ((capa & feature.offload) == 0) {
                const Port& port = feature.tx ? ports_->a : ports_->b;
                results_[i].reason = port.name() + " (" + (feature.tx ? sender->driver : receiver->driver) + "): " +
                                     (feature.tx ? "tx_offload_capa" : "rx_offload_capa") + " lacks " +
                                     feature.offload_name;
                continue;
            }
            const bool hashes = (receiver->rss_offloads & (RTE_ETH_RSS_IP | RTE_ETH_RSS_UDP)) != 0;
            if (feature.check == Check::rss_hash && !hashes) {
                results_[i].reason = ports_->b.name() + " (" + receiver->driver +
                                     "): offers RSS_HASH but hashes neither IP nor UDP (flow_type_rss_offloads)";
                continue;
            }
            wanted_[i] = true;
            frames_[i] = build_frame(spec_for(feature.check, flow_of(i)));
            (feature.tx ? tx_offloads : rx_offloads) |= feature.offload;
        }
        if (rx_offloads == 0 && tx_offloads == 0) {
            return Verdict::pass();
        }
        before_a_ = ports_->a.config();
        before_b_ = ports_->b.config();
        changed_ = true;
        return reconfigure(before_a_.rx_offloads, before_a_.tx_offloads | tx_offloads,
                           before_b_.rx_offloads | rx_offloads, before_b_.tx_offloads);
    }

    Verdict run(OperationContext& context, std::chrono::milliseconds deadline, std::stop_token stop) override
    {
        for (std::size_t i = 0; i < features.size(); ++i) {
            if (!wanted_[i]) {
                continue;
            }
            if (stop.stop_requested() || context.clock.now() >= deadline) {
                results_[i] = {Outcome::skip, stop.stop_requested() ? "not checked: the run was stopped"
                                                                    : "not checked: the slot ended first"};
                continue;
            }
            Tally tally;
            exchange(features[i].check, flow_of(i), frames_[i], tally);
            results_[i] = judge(features[i].check, tally);
        }
        return Verdict::pass();
    }

    Verdict verify(OperationContext& context) override
    {
        nlohmann::json listed = nlohmann::json::object();
        std::string message;
        unsigned passed = 0;
        unsigned failed = 0;
        for (std::size_t i = 0; i < features.size(); ++i) {
            const FeatureResult& result = results_[i];
            listed[features[i].name] = {{"outcome", operations::to_string(result.outcome)}, {"reason", result.reason}};
            passed += result.outcome == Outcome::pass ? 1 : 0;
            failed += result.outcome == Outcome::fail ? 1 : 0;
            message += (message.empty() ? "" : "; ") + std::string{features[i].name} + " " +
                       std::string{operations::to_string(result.outcome)} + ": " + result.reason;
        }
        const topology::Endpoint& a = context.pair.a;
        context.recorder.state({a.node_id, a.tp.id}, "offload-check", listed);
        if (failed > 0) {
            return Verdict::fail(message);
        }
        return passed > 0 ? Verdict::pass(message) : Verdict::skip(message);
    }

    Verdict reset(OperationContext&) override
    {
        if (!changed_) {
            return Verdict::pass();
        }
        Verdict restored =
            reconfigure(before_a_.rx_offloads, before_a_.tx_offloads, before_b_.rx_offloads, before_b_.tx_offloads);
        return restored.passed() ? restored : Verdict::fail("restore: " + restored.message);
    }

private:
    /// Both ports stopped together (stop_pair), given their offloads,
    /// started again, links up.
    Verdict reconfigure(std::uint64_t rx_a, std::uint64_t tx_a, std::uint64_t rx_b, std::uint64_t tx_b)
    {
        const auto timeout = runtime_->options().link_up_timeout;
        const StoppedPair stopped = stop_pair(ports_->a, ports_->b);
        Result<void> changed = stopped.failure ? Result<void>{*stopped.failure} : ports_->a.change_offloads(rx_a, tx_a);
        if (changed) {
            changed = ports_->b.change_offloads(rx_b, tx_b);
        }
        if (auto started = start_pair(ports_->a, ports_->b, stopped, timeout); !started && changed) {
            changed = started;
        }
        if (!changed) {
            return Verdict::error(changed.error().to_string());
        }
        for (Port* port : {&ports_->a, &ports_->b}) {
            const auto link = port->wait_link_up(timeout);
            if (!link || !link->up) {
                return Verdict::error(port->name() + ": link not up after the offload change");
            }
        }
        return Verdict::pass();
    }

    /// Feature i's flow (UDP source port): a frame of an earlier feature arriving late is not counted.
    static std::uint16_t flow_of(std::size_t i) noexcept { return static_cast<std::uint16_t>(0x4f00 + i); }

    /// The frame a check sends, before its stamp and its offload request.
    static FrameSpec spec_for(Check check, std::uint16_t flow)
    {
        FrameSpec spec;
        spec.size = frame_size;
        spec.flow = flow;
        spec.pattern = PayloadPattern::fixed;
        spec.ip_version = check == Check::tx_ipv6_udp ? IpVersion::v6 : IpVersion::v4;
        spec.vlan = check == Check::vlan_strip ? check_vlan : 0;
        return spec;
    }

    /// One burst of each kind from a's TX queue 0, then b's RX queues polled
    /// until every frame of the flow arrived or receive_ms passed. Mbufs come
    /// from the pair's pool; nothing is allocated (`frame` was built at setup).
    void exchange(Check check, std::uint16_t flow, const std::vector<std::uint8_t>& frame, Tally& tally)
    {
        const FrameOffsets offsets = frame_offsets(spec_for(check, flow));
        drain();
        for (unsigned kind = 0; kind < (sends_bad(check) ? 2U : 1U); ++kind) {
            std::array<rte_mbuf*, frames_per_kind> burst{};
            if (rte_pktmbuf_alloc_bulk(ports_->tx_pool(), burst.data(), frames_per_kind) != 0) {
                return; // nothing sent: judged as nothing arrived
            }
            for (std::uint16_t n = 0; n < frames_per_kind; ++n) {
                prepare(check, kind == 1, n, frame, offsets, *burst[n]);
            }
            // What a driver needs of offload requests beyond the pseudo-header
            // sum (rte_ethdev.h): a frame it refuses ends the burst there.
            const std::uint16_t ready = rte_eth_tx_prepare(ports_->a.id(), 0, burst.data(), frames_per_kind);
            std::uint16_t sent = 0;
            const std::uint64_t until = rte_get_timer_cycles() + rte_get_timer_hz() * receive_ms / 1000;
            while (sent < ready && rte_get_timer_cycles() < until) {
                sent += rte_eth_tx_burst(ports_->a.id(), 0, burst.data() + sent,
                                         static_cast<std::uint16_t>(ready - sent));
                receive(check, flow, tally); // memif offers TX slots as its peer receives
            }
            rte_pktmbuf_free_bulk(burst.data() + sent, frames_per_kind - sent);
            tally.sent[kind] = sent;
        }
        const std::uint64_t until = rte_get_timer_cycles() + rte_get_timer_hz() * receive_ms / 1000;
        const std::uint32_t sent = tally.sent[0] + tally.sent[1];
        while (tally.received[0] + tally.received[1] < sent && rte_get_timer_cycles() < until) {
            receive(check, flow, tally);
        }
    }

    /// Frame `n` of a kind into `mbuf`, with the offload the check asks of the sender.
    static void prepare(Check check, bool bad, std::uint16_t n, const std::vector<std::uint8_t>& frame,
                        const FrameOffsets& offsets, rte_mbuf& mbuf)
    {
        const auto length = static_cast<std::uint16_t>(frame.size());
        auto* data = reinterpret_cast<std::uint8_t*>(rte_pktmbuf_append(&mbuf, length));
        std::memcpy(data, frame.data(), frame.size());
        write_stamp(data + offsets.stamp, Stamp{bad ? bad_tag : good_tag, n, 0});
        auto* ip = reinterpret_cast<rte_ipv4_hdr*>(data + offsets.ip);
        auto* ip6 = reinterpret_cast<rte_ipv6_hdr*>(data + offsets.ip);
        auto* udp = reinterpret_cast<rte_udp_hdr*>(data + offsets.udp);
        mbuf.l2_len = offsets.ip;
        mbuf.l3_len = static_cast<std::uint16_t>(offsets.udp - offsets.ip);
        mbuf.l4_len = sizeof(rte_udp_hdr);
        switch (check) {
        case Check::tx_ipv4: // the header checksum left to the NIC
            ip->hdr_checksum = 0;
            mbuf.ol_flags |= RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM;
            break;
        case Check::tx_udp: // the pseudo-header sum in the field, the rest to the NIC
            mbuf.ol_flags |= RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_UDP_CKSUM;
            udp->dgram_cksum = rte_ipv4_phdr_cksum(ip, mbuf.ol_flags);
            break;
        case Check::tx_ipv6_udp:
            mbuf.ol_flags |= RTE_MBUF_F_TX_IPV6 | RTE_MBUF_F_TX_UDP_CKSUM;
            udp->dgram_cksum = rte_ipv6_phdr_cksum(ip6, mbuf.ol_flags);
            break;
        case Check::rx_ipv4: // build_frame's header checksum is right; spoiled for the bad kind
            if (bad) {
                ip->hdr_checksum = spoiled(ip->hdr_checksum);
            }
            break;
        case Check::rx_udp: { // IPv4 UDP sends none by default: one computed here
            udp->dgram_cksum = 0;
            const std::uint16_t sum = rte_ipv4_udptcp_cksum(ip, udp);
            udp->dgram_cksum = bad ? spoiled(sum) : sum;
            break;
        }
        case Check::vlan_insert:
            mbuf.ol_flags |= RTE_MBUF_F_TX_VLAN;
            mbuf.vlan_tci = check_vlan;
            break;
        case Check::vlan_strip: // the frame carries the tag itself (spec_for)
        case Check::rss_hash:
            break;
        }
    }

    /// Drops whatever waits on b's RX queues: frames of an earlier check or
    /// of the kernel behind the port.
    void drain()
    {
        std::array<rte_mbuf*, frames_per_kind> burst{};
        for (std::uint16_t queue = 0; queue < ports_->b.config().rx_queues; ++queue) {
            std::uint16_t got = 0;
            while ((got = rte_eth_rx_burst(ports_->b.id(), queue, burst.data(), frames_per_kind)) > 0) {
                rte_pktmbuf_free_bulk(burst.data(), got);
            }
        }
    }

    /// One burst from each of b's RX queues, counted into `tally`: the
    /// check's flow only, each frame judged as the feature promises.
    void receive(Check check, std::uint16_t flow, Tally& tally)
    {
        std::array<rte_mbuf*, frames_per_kind> burst{};
        for (std::uint16_t queue = 0; queue < ports_->b.config().rx_queues; ++queue) {
            const std::uint16_t got = rte_eth_rx_burst(ports_->b.id(), queue, burst.data(), frames_per_kind);
            for (std::uint16_t n = 0; n < got; ++n) {
                const rte_mbuf& mbuf = *burst[n];
                const auto* data = rte_pktmbuf_mtod(&mbuf, const std::uint8_t*);
                const std::size_t udp = test_frame_udp(data, mbuf.data_len);
                if (udp == 0 || load16(data + udp) != flow) {
                    continue;
                }
                const Stamp stamp = read_stamp(data + udp + frame_layout::udp_header_size);
                const unsigned kind = stamp.tag == bad_tag ? 1 : 0;
                ++tally.received[kind];
                tally.correct[kind] += correct(check, kind == 1, mbuf, data, udp) ? 1 : 0;
            }
            rte_pktmbuf_free_bulk(burst.data(), got);
        }
    }

    /// Whether a received frame shows what the feature promises.
    static bool correct(Check check, bool bad, const rte_mbuf& mbuf, const std::uint8_t* data, std::size_t udp)
    {
        const auto* ip = reinterpret_cast<const rte_ipv4_hdr*>(data + udp - sizeof(rte_ipv4_hdr));
        const auto* ip6 = reinterpret_cast<const rte_ipv6_hdr*>(data + udp - sizeof(rte_ipv6_hdr));
        const auto* udp_header = reinterpret_cast<const rte_udp_hdr*>(data + udp);
        const std::uint64_t ip_flags = mbuf.ol_flags & RTE_MBUF_F_RX_IP_CKSUM_MASK;
        const std::uint64_t l4_flags = mbuf.ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK;
        const bool stripped = (mbuf.ol_flags & RTE_MBUF_F_RX_VLAN_STRIPPED) != 0;
        switch (check) {
        case Check::tx_ipv4: // a right header sums to all ones, its checksum included
            return rte_raw_cksum(ip, sizeof(rte_ipv4_hdr)) == 0xffff;
        case Check::tx_udp:
            return udp_header->dgram_cksum != 0 && udp_sums_right(rte_ipv4_phdr_cksum(ip, 0), udp_header);
        case Check::tx_ipv6_udp:
            return udp_sums_right(rte_ipv6_phdr_cksum(ip6, 0), udp_header);
        case Check::rx_ipv4:
            return ip_flags == (bad ? RTE_MBUF_F_RX_IP_CKSUM_BAD : RTE_MBUF_F_RX_IP_CKSUM_GOOD);
        case Check::rx_udp:
            return l4_flags == (bad ? RTE_MBUF_F_RX_L4_CKSUM_BAD : RTE_MBUF_F_RX_L4_CKSUM_GOOD);
        case Check::vlan_insert: // in the metadata where the receiver strips, else in the frame
            return stripped ? (mbuf.vlan_tci & 0x0fff) == check_vlan
                            : load16(data + frame_layout::ethertype) == frame_layout::tpid_customer &&
                                  (load16(data + frame_layout::ethertype + 2) & 0x0fff) == check_vlan;
        case Check::vlan_strip:
            return stripped && (mbuf.vlan_tci & 0x0fff) == check_vlan &&
                   load16(data + frame_layout::ethertype) == frame_layout::ethertype_ipv4;
        case Check::rss_hash:
            return (mbuf.ol_flags & RTE_MBUF_F_RX_RSS_HASH) != 0;
        }
        return false;
    }

    /// The feature's outcome from its tally.
    static FeatureResult judge(Check check, const Tally& tally)
    {
        const auto count = [](std::uint32_t n, std::uint32_t of) {
            return std::to_string(n) + " of " + std::to_string(of);
        };
        if (tally.sent[0] == 0) {
            return {Outcome::fail, "none of " + std::to_string(frames_per_kind) + " frames went out (no mbufs, or "
                                   "rte_eth_tx_prepare or rte_eth_tx_burst refused them)"};
        }
        if (tally.received[0] == 0) {
            return {Outcome::fail, "none of " + std::to_string(tally.sent[0]) + " frames arrived"};
        }
        std::string reason = count(tally.received[0], tally.sent[0]) + " frames arrived, " +
                             count(tally.correct[0], tally.received[0]) + " ";
        switch (check) {
        case Check::tx_ipv4:
        case Check::tx_udp:
        case Check::tx_ipv6_udp:
            reason += "with the checksum right";
            break;
        case Check::rx_ipv4:
        case Check::rx_udp:
            reason += "flagged GOOD";
            break;
        case Check::vlan_insert:
            reason += "with VLAN " + std::to_string(check_vlan);
            break;
        case Check::vlan_strip:
            reason += "untagged with VLAN " + std::to_string(check_vlan) + " in the metadata (RX_VLAN_STRIPPED)";
            break;
        case Check::rss_hash:
            reason += "with RX_RSS_HASH";
            break;
        }
        bool right = tally.correct[0] == tally.received[0];
        if (sends_bad(check)) {
            if (tally.received[1] == 0) {
                // A path that checks IP headers drops them: a kernel bridge
                // with br_netfilter's bridge-nf-call-iptables on does.
                reason += ", none of " + std::to_string(tally.sent[1]) + " bad-checksum frames arrived (BAD unchecked)";
            } else {
                reason += ", " + count(tally.received[1], tally.sent[1]) + " bad-checksum frames arrived, " +
                          count(tally.correct[1], tally.received[1]) + " flagged BAD";
                right = right && tally.correct[1] == tally.received[1];
            }
        }
        return {right ? Outcome::pass : Outcome::fail, reason};
    }

    std::shared_ptr<PmdRuntime> runtime_;
    PairPorts* ports_ = nullptr;
    std::array<bool, features.size()> wanted_{};           ///< offered: checked
    std::array<FeatureResult, features.size()> results_{}; ///< SKIP with its reason, unless run() checked it
    std::array<std::vector<std::uint8_t>, features.size()> frames_; ///< each checked feature's frame
    bool changed_ = false;
    PortConfig before_a_;
    PortConfig before_b_;
};

} // namespace

std::unique_ptr<operations::Operation> make_offload_check(std::shared_ptr<PmdRuntime> runtime)
{
    return std::make_unique<OffloadCheck>(std::move(runtime));
}

} // namespace hammer::pmd_ops
