#include "pmd_ops/traffic_operation.hpp"

#include "pmd_ops/testpmd_commands.hpp"

#include "kernel_ops/commands.hpp"
#include "kernel_ops/errors.hpp"
#include "kernel_ops/netlink.hpp"
#include "src/record/recorder.hpp"

#include <rte_mempool.h>

#include <array>
#include <optional>

namespace hammer::pmd_ops {
namespace {

using operations::OperationContext;
using operations::Verdict;

/// Raises the MTU of both ends, moves their RX queues to the jumbo pool,
/// sends jumbo frames both ways and checks every byte; restores MTU and pool.
/// Where a termination point has a kernel interface (attr.kernel: the veth
/// under af_packet or af_xdp), its MTU is raised through kernel_ops
/// (rtnetlink) first: that is the MTU that limits the frames. The DPDK side
/// goes through rte_eth_dev_set_mtu; af_packet in DPDK 22.11 reports a
/// 1518-byte maximum frame, so ethdev refuses there (EINVAL), which is
/// tolerated when the kernel side was raised.
class JumboFrame final : public TrafficOperation {
public:
    using TrafficOperation::TrafficOperation;

private:
    /// Sets the kernel interface's MTU of side `i`; the first call remembers the original.
    Verdict set_kernel_mtu(OperationContext& context, std::size_t i, std::uint32_t mtu)
    {
        const topology::Endpoint& endpoint = i == 0 ? context.pair.a : context.pair.b;
        const topology::KernelAccess& kernel = *endpoint.tp.kernel;
        auto opened = kernel_ops::Netlink::open(kernel.netns);
        if (!opened) {
            return kernel_ops::verdict_for(opened.error());
        }
        kernel_ops::Netlink& netlink = opened.value();
        if (!kernel_mtu_before_[i]) {
            const auto link = netlink.read_link(kernel.ifname);
            if (!link) {
                return kernel_ops::verdict_for(link.error());
            }
            kernel_mtu_before_[i] = link.value().mtu;
        }
        const auto set = netlink.set_mtu(kernel.ifname, mtu);
        context.recorder.command({endpoint.node_id, endpoint.tp.id},
                                 kernel_ops::set_mtu_command({kernel.ifname, kernel.netns}, mtu),
                                 set ? 0 : set.error().error_number,
                                 set ? "" : kernel_ops::error_response(set.error().error_number,
                                                                       set.error().kernel_message));
        return set ? Verdict::pass() : kernel_ops::verdict_for(set.error());
    }

    /// Stops both ports (stop_ports), applies the MTUs (kernel side first)
    /// and RX pools, starts both (start_ports), waits for the links. `restoring`: the kernel interfaces
    /// get their original MTUs back.
    Verdict reconfigure(OperationContext& context, std::uint16_t mtu_a, std::uint16_t mtu_b, rte_mempool* pool_a,
                        rte_mempool* pool_b, bool restoring)
    {
        Port* ports[] = {&ports_->a, &ports_->b};
        const std::uint16_t mtus[] = {mtu_a, mtu_b};
        rte_mempool* pools[] = {pool_a, pool_b};
        const StoppedPair stopped = stop_ports(context);
        Verdict verdict = stopped.failure ? Verdict::error(stopped.failure->to_string())
                                          : apply_mtus(context, mtus, pools, restoring);
        if (auto started = start_ports(context, stopped); !started && verdict.passed()) {
            verdict = Verdict::error(started.error().to_string());
        }
        if (!verdict.passed()) {
            return verdict;
        }
        for (Port* port : ports) {
            const auto link = port->wait_link_up(runtime_->options().link_up_timeout);
            if (!link || !link->up) {
                return Verdict::error(port->name() + ": link not up after the MTU change");
            }
        }
        return Verdict::pass();
    }

    /// On stopped ports: the MTUs (the kernel side first) and the RX pools.
    Verdict apply_mtus(OperationContext& context, const std::uint16_t (&mtus)[2], rte_mempool* const (&pools)[2],
                       bool restoring)
    {
        Port* ports[] = {&ports_->a, &ports_->b};
        const topology::Endpoint* endpoints[] = {&context.pair.a, &context.pair.b};
        for (std::size_t i = 0; i < 2; ++i) {
            const bool kernel = endpoints[i]->tp.kernel.has_value();
            if (kernel && (!restoring || kernel_mtu_before_[i])) {
                const std::uint32_t mtu = restoring ? *kernel_mtu_before_[i] : mtus[i];
                if (Verdict set = set_kernel_mtu(context, i, mtu); !set.passed()) {
                    return set;
                }
            }
            const auto current = ports[i]->mtu();
            if (!current || current.value() != mtus[i]) {
                const auto set = ports[i]->set_mtu(mtus[i]);
                record_command(context, *endpoints[i], testpmd::port_mtu(*ports[i], mtus[i]), set);
                if (!set && (set.error().code == ENOTSUP || set.error().code == EOPNOTSUPP)) {
                    // The driver has no MTU at all (ring): nothing limits the
                    // frames, so there is nothing to raise.
                    no_mtu_ = true;
                } else if (!set && set.error().code == EINVAL && kernel) {
                    // ethdev holds the PMD to the frame size it advertises;
                    // the kernel interface's MTU, raised above, is the real limit.
                    ethdev_refused_ = true;
                    continue;
                } else if (!set) {
                    // EINVAL without a kernel side: the device refuses this MTU
                    // (memif in DPDK 22.11 reports a 1518-byte maximum frame).
                    return set.error().code == EINVAL ? Verdict::skip(set.error().to_string())
                                                      : Verdict::error(set.error().to_string());
                }
                const auto read_back = ports[i]->mtu();
                if (!no_mtu_ && (!read_back || read_back.value() != mtus[i])) {
                    return Verdict::fail(ports[i]->name() + ": MTU reads back as " +
                                         (read_back ? std::to_string(read_back.value()) : "nothing") + ", not " +
                                         std::to_string(mtus[i]));
                }
            }
            if (auto queues = ports[i]->setup_queues(pools[i]); !queues) {
                return Verdict::error(queues.error().to_string());
            }
        }
        return Verdict::pass();
    }

    Verdict prepare(OperationContext& context) override
    {
        const auto mtu = context.params.at("mtu").get<std::uint16_t>();
        std::uint16_t frame_size = 0;
        for (const SizeShare& share : sizes_param(context)) {
            frame_size = std::max(frame_size, share.size);
        }
        // An MTU counts the IP packet; the frame adds the 14-byte Ethernet header.
        if (frame_size > mtu + 14) {
            return Verdict::error("frame_size " + std::to_string(frame_size) + " does not fit MTU " +
                                  std::to_string(mtu));
        }
        for (Port* port : {&ports_->a, &ports_->b}) {
            const auto info = port->info();
            if (info && info->max_mtu < mtu) {
                return Verdict::skip(port->name() + " (" + info->driver + ") takes an MTU of at most " +
                                     std::to_string(info->max_mtu));
            }
        }
        auto jumbo = runtime_->jumbo_pool(*ports_);
        if (!jumbo) {
            return Verdict::error(jumbo.error().to_string());
        }
        original_pool_a_ = ports_->a.rx_pool();
        original_pool_b_ = ports_->b.rx_pool();
        changed_ = true;
        Verdict ready = reconfigure(context, mtu, mtu, jumbo.value()->get(), jumbo.value()->get(), false);
        if (!ready.passed()) {
            return ready;
        }
        FrameSpec frame;
        frame.pattern = PayloadPattern::random;
        frame.seed = context.seed;
        FrameMix mix = step_frames(context, {frame}, {1});
        profile_ = both_ways(std::move(mix.kinds), std::move(mix.order), rate_param(context), jumbo.value()->get());
        profile_.verify_payload = true;
        return Verdict::pass();
    }

    Verdict judge(OperationContext&, const TrafficReport& report) override
    {
        return Verdict::pass(std::to_string(report.directions[0].rx_packets) + " jumbo frames forward, byte-exact" +
                             (no_mtu_ ? "; the driver has no MTU to raise" : "") +
                             (ethdev_refused_ ? "; MTU raised on the kernel interfaces (ethdev refused it)" : ""));
    }

    Verdict restore(OperationContext& context) override
    {
        if (!changed_) {
            return Verdict::pass();
        }
        Verdict restored = reconfigure(context, ports_->initial_mtu_a, ports_->initial_mtu_b, original_pool_a_,
                                       original_pool_b_, true);
        return restored.passed() ? restored : Verdict::fail("restore: " + restored.message);
    }

    bool changed_ = false;
    bool no_mtu_ = false;         ///< the driver has no MTU to set
    bool ethdev_refused_ = false; ///< ethdev refused the MTU; the kernel interface carries it
    std::array<std::optional<std::uint32_t>, 2> kernel_mtu_before_; ///< per side, as found
    rte_mempool* original_pool_a_ = nullptr;
    rte_mempool* original_pool_b_ = nullptr;
};

} // namespace

std::unique_ptr<operations::Operation> make_jumbo_frame(std::shared_ptr<PmdRuntime> runtime)
{
    return std::make_unique<JumboFrame>(std::move(runtime));
}

} // namespace hammer::pmd_ops
