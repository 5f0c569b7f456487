// link_flap: admin down on both ends for down_seconds, up again, carrier back
// within the recovery up_timeout; statistics before and after each flap recorded.
#include "kernel_ops/operation_support.hpp"
#include "kernel_ops/operations.hpp"
#include "src/run/clock.hpp"

#include <cerrno>

namespace hammer::kernel_ops {
namespace {

using operations::OperationContext;
using operations::Verdict;

class LinkFlap final : public KernelOperation {
public:
    using KernelOperation::KernelOperation;

private:
    Verdict prepare(OperationContext& context) override
    {
        down_ = std::chrono::milliseconds{
            static_cast<std::int64_t>(context.params.at("down_seconds").get<double>() * 1000.0)};
        for (KernelEnd& end : ends()) {
            // An end found down goes back down; one found with carrier must get it back.
            restore_stack().push([this, &end](OperationContext& restore_context) {
                const bool up = end.found.admin_up;
                auto now = end.netlink.read_link(end.where.ifname);
                if (!now) {
                    end.record(restore_context, show_link_command(end.where), now);
                    return Verdict::fail(now.error().describe());
                }
                if (now.value().admin_up != up) {
                    auto done = end.netlink.set_admin(end.where.ifname, up);
                    end.record(restore_context, set_admin_command(end.where, up), done);
                    if (!done) {
                        return Verdict::fail(done.error().describe());
                    }
                }
                if (end.found.carrier && !now.value().carrier) {
                    auto carrier = end.netlink.wait_for_carrier(end.where.ifname, options().up_timeout,
                                                                restore_context.clock, {});
                    if (!carrier) {
                        return Verdict::fail(carrier.error().describe());
                    }
                }
                return Verdict::pass();
            });
        }
        return Verdict::pass();
    }

    Verdict work(OperationContext& context, std::chrono::milliseconds deadline, std::stop_token stop) override
    {
        unsigned flaps = 0;
        do {
            if (Verdict flapped = flap(context, stop); !flapped.passed()) {
                return flapped;
            }
            ++flaps;
            // Another flap only when its down time still fits in the slot.
        } while (time_left(context, deadline - down_, stop));
        return Verdict::pass(std::to_string(flaps) + " flap(s) of " + std::to_string(down_.count()) + " ms");
    }

    Verdict flap(OperationContext& context, const std::stop_token& stop)
    {
        std::vector<LinkStats> before;
        for (KernelEnd& end : ends()) {
            auto stats = end.netlink.read_stats(end.where.ifname);
            end.record(context, show_stats_command(end.where), stats, stats ? stats_response(stats.value()) : "");
            if (!stats) {
                return Verdict::error(stats.error().describe());
            }
            before.push_back(stats.value());
        }
        for (KernelEnd& end : ends()) {
            auto down = end.netlink.set_admin(end.where.ifname, false);
            end.record(context, set_admin_command(end.where, false), down);
            if (!down) {
                return Verdict::error(down.error().describe());
            }
        }
        // A stop during the down time ends the wait, never the flap: the link comes up again below.
        context.clock.sleep_for(down_, stop);
        for (KernelEnd& end : ends()) {
            auto up = end.netlink.set_admin(end.where.ifname, true);
            end.record(context, set_admin_command(end.where, true), up);
            if (!up) {
                return Verdict::error(up.error().describe());
            }
        }
        for (std::size_t index = 0; index < ends().size(); ++index) {
            KernelEnd& end = ends()[index];
            // No carrier before the flap (a tun without a reader): none to wait for.
            if (end.found.carrier) {
                const auto started = context.clock.now();
                auto carrier =
                    end.netlink.wait_for_carrier(end.where.ifname, options().up_timeout, context.clock, stop);
                end.record(context, show_link_command(end.where), carrier,
                           carrier ? "carrier after " + std::to_string((context.clock.now() - started).count()) + " ms"
                                   : "");
                if (!carrier) {
                    if (carrier.error().error_number == ECANCELED) {
                        return Verdict::pass("stopped while waiting for carrier");
                    }
                    return Verdict::error(carrier.error().describe());
                }
            }
            auto after = end.netlink.read_stats(end.where.ifname);
            end.record(context, show_stats_command(end.where), after, after ? stats_response(after.value()) : "");
            if (!after) {
                return Verdict::error(after.error().describe());
            }
            context.recorder.state(end.id, "link-flap-stats",
                                   {{"before", to_json(before[index])}, {"after", to_json(after.value())}});
        }
        return Verdict::pass();
    }

    Verdict check(OperationContext& context) override
    {
        for (KernelEnd& end : ends()) {
            auto link = end.netlink.read_link(end.where.ifname);
            end.record(context, show_link_command(end.where), link, link ? link_response(link.value()) : "");
            if (!link) {
                return Verdict::error(link.error().describe());
            }
            if (!link.value().admin_up) {
                return Verdict::fail(end.where.ifname + " is admin down after the flap");
            }
            if (end.found.carrier && !link.value().carrier) {
                return Verdict::fail(end.where.ifname + " lost its carrier after the flap");
            }
        }
        return Verdict::pass();
    }

    std::chrono::milliseconds down_{};
};

} // namespace

std::unique_ptr<operations::Operation> make_link_flap(const KernelOptions& options)
{
    return std::make_unique<LinkFlap>(options);
}

} // namespace hammer::kernel_ops
