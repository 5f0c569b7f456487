#include "src/control/port_control.hpp"

#include "src/operations/operation.hpp"
#include "src/run/clock.hpp"

#include <algorithm>
#include <cerrno>

namespace hammer::control {
namespace {

/// How often a link is read while waiting for its carrier: short against
/// the down times measured (a flap of 100 ms), cheap for netlink and ethdev.
constexpr std::chrono::milliseconds carrier_poll{10};

} // namespace

Result<LinkStatus> wait_for_carrier(PortControl& port, std::chrono::milliseconds timeout, run::Clock& clock,
                                    const std::stop_token& stop)
{
    const auto deadline = clock.now() + timeout;
    const std::string operation = "wait for carrier on " + port.name();
    for (;;) {
        auto link = port.read_link();
        if (!link || link.value().carrier) {
            return link;
        }
        if (clock.now() >= deadline) {
            const LinkStatus& last = link.value();
            return Failure{ETIMEDOUT, operation,
                           "no carrier after " + std::to_string(timeout.count()) + " ms (" +
                               (last.oper_state.empty() ? "" : "operstate " + last.oper_state + ", ") + "admin " +
                               (last.admin_up ? "up" : "down") + ")",
                           "hammer"};
        }
        if (!clock.sleep_until(std::min(clock.now() + carrier_poll, deadline), stop) && stop.stop_requested()) {
            return Failure{ECANCELED, operation, "stop requested", "hammer"};
        }
    }
}

OpenedPort open_port(const ControlBackends& backends, operations::OperationContext& context,
                     const topology::Endpoint& endpoint)
{
    const topology::TerminationPoint& tp = endpoint.tp;
    const bool by_kernel = tp.control == topology::ControlPath::kernel ||
                           (tp.control == topology::ControlPath::automatic && tp.kernel.has_value());
    if (by_kernel) {
        if (!backends.netlink) {
            return {nullptr, operations::Verdict::skip(endpoint.name() + ": this build has no netlink backend")};
        }
        return backends.netlink->open(context, endpoint);
    }
    if (tp.dpdk) {
        if (!backends.ethdev) {
            return {nullptr, operations::Verdict::skip(endpoint.name() + " has no attr.kernel, and this build has no " +
                                                       "ethdev backend for its attr.dpdk")};
        }
        return backends.ethdev->open(context, endpoint);
    }
    return {nullptr, operations::Verdict::skip(endpoint.name() + " has neither attr.kernel nor attr.dpdk: " +
                                               std::string{context.operation_id} + " cannot reach it")};
}

} // namespace hammer::control
