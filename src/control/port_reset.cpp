// port_reset: reset both ends the way a NIC's own recovery path does
// (ethtool --reset DEV dedicated; rte_eth_dev_reset and set up again, as
// testpmd's `port reset`), repeated while the slot lasts. Carrier must come
// back, and the port must keep its admin state, MTU, queue and descriptor
// counts. A device without a reset (veth, most virtual PMDs) is a SKIP.
#include "src/control/control_operation.hpp"
#include "src/control/errors.hpp"
#include "src/control/operations.hpp"
#include "src/control/responses.hpp"
#include "src/run/clock.hpp"

#include <algorithm>
#include <cerrno>
#include <optional>

namespace hammer::control {
namespace {

using operations::OperationContext;
using operations::Verdict;

/// What a reset must leave as it was, read in setup. Counts a device cannot
/// report (EOPNOTSUPP: veth rings) are not compared.
struct Settings {
    std::optional<ChannelCounts> channels;
    std::optional<RingSizes> rings;
};

class PortReset final : public ControlOperation {
public:
    using ControlOperation::ControlOperation;

private:
    Verdict prepare(OperationContext& context) override
    {
        found_.clear();
        for (ControlEnd& end : ends()) {
            Settings settings;
            auto channels = end.port->read_channels();
            end.record(context, end.port->show_channels_command(), channels,
                       channels ? channels_response(channels.value()) : "");
            if (channels) {
                settings.channels = channels.value().current;
            } else if (classify(channels.error().error_number) != ErrorKind::unsupported) {
                return verdict_for(channels.error());
            }
            auto rings = end.port->read_rings();
            end.record(context, end.port->show_rings_command(), rings, rings ? rings_response(rings.value()) : "");
            if (rings) {
                settings.rings = rings.value().current;
            } else if (classify(rings.error().error_number) != ErrorKind::unsupported) {
                return verdict_for(rings.error());
            }
            found_.push_back(std::move(settings));
        }
        for (ControlEnd& end : ends()) {
            // A reset that lost the MTU or the admin state is a FAIL; the restore puts them back.
            restore_stack().push([&end](OperationContext& restore_context) {
                auto now = end.port->read_link();
                if (!now) {
                    end.record(restore_context, end.port->show_link_command(), now);
                    return Verdict::fail(now.error().describe());
                }
                if (now.value().mtu != end.found.mtu) {
                    auto done = end.port->set_mtu(end.found.mtu);
                    end.record(restore_context, end.port->set_mtu_command(end.found.mtu), done);
                    if (!done) {
                        return Verdict::fail(done.error().describe());
                    }
                }
                if (now.value().admin_up != end.found.admin_up) {
                    auto done = end.port->set_admin(end.found.admin_up);
                    end.record(restore_context, end.port->set_admin_command(end.found.admin_up), done);
                    if (!done) {
                        return Verdict::fail(done.error().describe());
                    }
                }
                return Verdict::pass();
            });
        }
        return Verdict::pass();
    }

    Verdict work(OperationContext& context, std::chrono::milliseconds deadline, std::stop_token stop) override
    {
        unsigned resets = 0;
        do {
            const auto before = traffic_mark(context);
            for (ControlEnd& end : ends()) {
                auto done = end.port->reset();
                end.record(context, end.port->reset_command(), done);
                if (!done) {
                    return verdict_for(done.error());
                }
            }
            for (std::size_t index = 0; index < ends().size(); ++index) {
                if (Verdict back = after_reset(context, index, stop); !back.passed() || stop.stop_requested()) {
                    return back;
                }
            }
            ++resets;
            if (!dwell(context, deadline, stop)) {
                break;
            }
            record_outage(context, ends().front(), "reset", before);
        } while (time_left(context, deadline, stop));
        return Verdict::pass(std::to_string(resets) + " reset(s) of both ends; slowest carrier " +
                             std::to_string(slowest_carrier_.count()) + " ms");
    }

    /// Carrier back (when the end had it), and the settings as setup read them.
    Verdict after_reset(OperationContext& context, std::size_t index, const std::stop_token& stop)
    {
        ControlEnd& end = ends()[index];
        if (end.found.carrier) {
            const auto started = context.clock.now();
            auto carrier = wait_for_carrier(*end.port, backends().up_timeout, context.clock, stop);
            const auto took = context.clock.now() - started;
            end.record(context, end.port->show_link_command(), carrier,
                       carrier ? "carrier after " + std::to_string(took.count()) + " ms" : "");
            if (!carrier) {
                if (carrier.error().error_number == ECANCELED) {
                    return Verdict::pass("stopped while waiting for carrier");
                }
                return Verdict::fail(end.port->name() + " did not get its carrier back after the reset: " +
                                     carrier.error().describe());
            }
            slowest_carrier_ = std::max(slowest_carrier_, std::chrono::duration_cast<std::chrono::milliseconds>(took));
        }
        auto link = end.port->read_link();
        end.record(context, end.port->show_link_command(), link, link ? link_response(link.value()) : "");
        if (!link) {
            return Verdict::error(link.error().describe());
        }
        if (link.value().admin_up != end.found.admin_up || link.value().mtu != end.found.mtu) {
            return Verdict::fail(end.port->name() + " after the reset: " + link_response(link.value()) +
                                 "; before: " + link_response(end.found));
        }
        const Settings& wanted = found_[index];
        if (wanted.channels) {
            auto channels = end.port->read_channels();
            end.record(context, end.port->show_channels_command(), channels,
                       channels ? channels_response(channels.value()) : "");
            if (!channels) {
                return Verdict::error(channels.error().describe());
            }
            if (!(channels.value().current == *wanted.channels)) {
                return Verdict::fail(end.port->name() + " channels after the reset: " +
                                     channels_response(channels.value()) + "; before: " +
                                     channels_response({channels.value().maximum, *wanted.channels}));
            }
        }
        if (wanted.rings) {
            auto rings = end.port->read_rings();
            end.record(context, end.port->show_rings_command(), rings, rings ? rings_response(rings.value()) : "");
            if (!rings) {
                return Verdict::error(rings.error().describe());
            }
            if (!(rings.value().current == *wanted.rings)) {
                return Verdict::fail(end.port->name() + " rings after the reset: " + rings_response(rings.value()) +
                                     "; before: " + rings_response({rings.value().maximum, *wanted.rings}));
            }
        }
        return Verdict::pass();
    }

    Verdict check(OperationContext& context) override
    {
        return check_as_found(context, ends(), "the resets", false);
    }

    std::vector<Settings> found_; ///< per end, as setup read them
    std::chrono::milliseconds slowest_carrier_{0};
};

} // namespace

std::unique_ptr<operations::Operation> make_port_reset(const ControlBackends& backends)
{
    return std::make_unique<PortReset>(backends);
}

} // namespace hammer::control
