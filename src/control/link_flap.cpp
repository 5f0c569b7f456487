// link_flap: admin down on both ends for down_seconds, up again, carrier back
// within the recovery up_timeout; statistics before and after each flap recorded.
#include "src/control/control_operation.hpp"
#include "src/control/operations.hpp"
#include "src/run/clock.hpp"

#include <cerrno>

namespace hammer::control {
namespace {

using operations::OperationContext;
using operations::Verdict;

class LinkFlap final : public ControlOperation {
public:
    using ControlOperation::ControlOperation;

private:
    Verdict prepare(OperationContext& context) override
    {
        down_ = std::chrono::milliseconds{
            static_cast<std::int64_t>(context.params.at("down_seconds").get<double>() * 1000.0)};
        for (ControlEnd& end : ends()) {
            // An end found down goes back down; one found with carrier must get it back.
            restore_stack().push([this, &end](OperationContext& restore_context) {
                const bool up = end.found.admin_up;
                auto now = end.port->read_link();
                if (!now) {
                    end.record(restore_context, end.port->show_link_command(), now);
                    return Verdict::fail(now.error().describe());
                }
                if (now.value().admin_up != up) {
                    auto done = end.port->set_admin(up);
                    end.record(restore_context, end.port->set_admin_command(up), done);
                    if (!done) {
                        return Verdict::fail(done.error().describe());
                    }
                }
                if (end.found.carrier && !now.value().carrier) {
                    auto carrier = wait_for_carrier(*end.port, backends().up_timeout, restore_context.clock, {});
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
        for (ControlEnd& end : ends()) {
            auto stats = end.port->read_stats();
            end.record(context, end.port->show_stats_command(), stats, stats ? stats_response(stats.value()) : "");
            if (!stats) {
                return Verdict::error(stats.error().describe());
            }
            before.push_back(stats.value());
        }
        const auto traffic_before = traffic_mark(context);
        for (ControlEnd& end : ends()) {
            auto down = end.port->set_admin(false);
            end.record(context, end.port->set_admin_command(false), down);
            if (!down) {
                return Verdict::error(down.error().describe());
            }
        }
        // A stop during the down time ends the wait, never the flap: the link comes up again below.
        context.clock.sleep_for(down_, stop);
        for (ControlEnd& end : ends()) {
            auto up = end.port->set_admin(true);
            end.record(context, end.port->set_admin_command(true), up);
            if (!up) {
                return Verdict::error(up.error().describe());
            }
        }
        for (std::size_t index = 0; index < ends().size(); ++index) {
            ControlEnd& end = ends()[index];
            // No carrier before the flap (a tun without a reader): none to wait for.
            if (end.found.carrier) {
                const auto started = context.clock.now();
                auto carrier = wait_for_carrier(*end.port, backends().up_timeout, context.clock, stop);
                end.record(context, end.port->show_link_command(), carrier,
                           carrier ? "carrier after " + std::to_string((context.clock.now() - started).count()) + " ms"
                                   : "");
                if (!carrier) {
                    if (carrier.error().error_number == ECANCELED) {
                        return Verdict::pass("stopped while waiting for carrier");
                    }
                    return Verdict::error(carrier.error().describe());
                }
            }
            auto after = end.port->read_stats();
            end.record(context, end.port->show_stats_command(), after, after ? stats_response(after.value()) : "");
            if (!after) {
                return Verdict::error(after.error().describe());
            }
            context.recorder.state(end.id, "link-flap-stats",
                                   {{"before", to_json(before[index])}, {"after", to_json(after.value())}});
        }
        if (traffic_before) {
            // Until the traffic crossing the link has found its way back.
            context.clock.sleep_for(traffic_settle, stop);
            record_outage(context, ends().front(), "link down " + std::to_string(down_.count()) + " ms",
                          traffic_before);
        }
        return Verdict::pass();
    }

    Verdict check(OperationContext& context) override
    {
        for (ControlEnd& end : ends()) {
            auto link = end.port->read_link();
            end.record(context, end.port->show_link_command(), link, link ? link_response(link.value()) : "");
            if (!link) {
                return Verdict::error(link.error().describe());
            }
            if (!link.value().admin_up) {
                return Verdict::fail(end.port->name() + " is admin down after the flap");
            }
            if (end.found.carrier && !link.value().carrier) {
                return Verdict::fail(end.port->name() + " lost its carrier after the flap");
            }
        }
        return Verdict::pass();
    }

    std::chrono::milliseconds down_{};
};

} // namespace

std::unique_ptr<operations::Operation> make_link_flap(const ControlBackends& backends)
{
    return std::make_unique<LinkFlap>(backends);
}

} // namespace hammer::control
