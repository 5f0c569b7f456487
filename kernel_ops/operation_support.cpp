#include "kernel_ops/operation_support.hpp"

#include "kernel_ops/errors.hpp"
#include "src/common/text.hpp"
#include "src/run/clock.hpp"

#include <algorithm>
#include <exception>

namespace hammer::kernel_ops {
namespace {

using operations::OperationContext;
using operations::Outcome;
using operations::Verdict;

/// Runs one phase, turning an escaping exception into ERROR: operations never throw.
template <typename Phase>
Verdict guarded(std::string_view phase, Phase&& body)
{
    try {
        return body();
    } catch (const std::exception& failure) {
        return Verdict::error(std::string{phase} + ": " + failure.what());
    } catch (...) {
        return Verdict::error(std::string{phase} + ": unknown exception");
    }
}

} // namespace

void KernelEnd::record(OperationContext& context, const std::string& command, const NlError* error,
                       std::string_view response) const
{
    if (error == nullptr) {
        context.recorder.command(id, command, 0, response);
    } else {
        context.recorder.command(id, command, error->error_number,
                                 error_response(error->error_number, error->kernel_message));
    }
}

Verdict RestoreStack::unwind(OperationContext& context)
{
    std::vector<std::string> problems;
    Outcome outcome = Outcome::pass;
    while (!steps_.empty()) {
        const Undo undo = std::move(steps_.back());
        steps_.pop_back();
        const Verdict verdict = guarded("restore", [&] { return undo(context); });
        if (!verdict.passed()) {
            outcome = operations::worst(outcome, operations::worst(Outcome::fail, verdict.outcome));
            problems.push_back(verdict.message);
        }
    }
    if (outcome == Outcome::pass) {
        return Verdict::pass();
    }
    return {outcome, "restore failed: " + joined(problems, "; ")};
}

Verdict KernelOperation::setup(OperationContext& context)
{
    return guarded("setup", [&] {
        restore_.clear(); // prepare() changes nothing: an earlier attempt left nothing to undo
        ends_.clear();
        for (const topology::Endpoint* endpoint : {&context.pair.a, &context.pair.b}) {
            if (Verdict opened = open_end(context, *endpoint); !opened.passed()) {
                return opened;
            }
        }
        return prepare(context);
    });
}

Verdict KernelOperation::open_end(OperationContext& context, const topology::Endpoint& endpoint)
{
    if (!endpoint.tp.kernel) {
        return Verdict::skip(endpoint.name() + " has no attr.kernel: " + std::string{context.operation_id} +
                             " needs a kernel interface on both ends");
    }
    const topology::KernelAccess& kernel = *endpoint.tp.kernel;
    auto netlink = Netlink::open(kernel.netns);
    if (!netlink) {
        return Verdict::error(endpoint.name() + ": " + netlink.error().describe());
    }
    KernelEnd end{{endpoint.node_id, endpoint.tp.id}, {kernel.ifname, kernel.netns}, std::move(netlink).value(), {}};
    auto link = end.netlink.read_link(kernel.ifname);
    end.record(context, show_link_command(end.where), link, link ? link_response(link.value()) : "");
    if (!link) {
        return Verdict::error(endpoint.name() + ": " + link.error().describe());
    }
    end.found = std::move(link).value();

    // DESIGN.md rule 5: the interface with the default route is how the
    // machine is reached; flapping it could cut the run off from its operator.
    if (!options_.allow_default_route_iface) {
        auto route = end.netlink.default_route_via(kernel.ifname);
        if (!route) {
            return Verdict::error(endpoint.name() + ": " + route.error().describe());
        }
        if (route.value()) {
            end.record(context, show_routes_command(end.where, route.value()->family), nullptr,
                       "default dev " + kernel.ifname + " table " + std::to_string(route.value()->table));
            return Verdict::skip(endpoint.name() + ": refused: " + kernel.ifname + " carries the " +
                                 route.value()->family + " default route (table " +
                                 std::to_string(route.value()->table) + ")" +
                                 (kernel.netns.empty() ? "" : " in netns " + kernel.netns) +
                                 "; set allow_default_route_iface: true to allow it");
        }
    }
    ends_.push_back(std::move(end));
    return Verdict::pass();
}

Verdict KernelOperation::run(OperationContext& context, std::chrono::milliseconds deadline, std::stop_token stop)
{
    return guarded("run", [&] { return work(context, deadline, stop); });
}

Verdict KernelOperation::verify(OperationContext& context)
{
    return guarded("verify", [&] { return check(context); });
}

Verdict KernelOperation::reset(OperationContext& context)
{
    return guarded("reset", [&] { return restore_.unwind(context); });
}

Verdict check_as_found(OperationContext& context, std::vector<KernelEnd>& ends, std::string_view during,
                       bool mtu_changes)
{
    for (KernelEnd& end : ends) {
        auto link = end.netlink.read_link(end.where.ifname);
        end.record(context, show_link_command(end.where), link, link ? link_response(link.value()) : "");
        if (!link) {
            return Verdict::error(link.error().describe());
        }
        if (link.value().admin_up != end.found.admin_up) {
            return Verdict::fail(end.where.ifname + " went admin " + (link.value().admin_up ? "up" : "down") +
                                 " during " + std::string{during});
        }
        if (!mtu_changes && link.value().mtu != end.found.mtu) {
            return Verdict::fail(end.where.ifname + " changed its MTU from " + std::to_string(end.found.mtu) + " to " +
                                 std::to_string(link.value().mtu) + " during " + std::string{during});
        }
    }
    return Verdict::pass();
}

void add_once(std::vector<std::string>& notes, std::string text)
{
    if (std::find(notes.begin(), notes.end(), text) == notes.end()) {
        notes.push_back(std::move(text));
    }
}

bool dwell(OperationContext& context, std::chrono::milliseconds deadline, const std::stop_token& stop)
{
    const auto until = std::min(context.clock.now() + step_dwell, deadline);
    if (until > context.clock.now()) {
        context.clock.sleep_until(until, stop);
    }
    return !stop.stop_requested();
}

bool time_left(const OperationContext& context, std::chrono::milliseconds deadline, const std::stop_token& stop)
{
    return context.clock.now() < deadline && !stop.stop_requested();
}

std::vector<std::uint32_t> u32_list(const nlohmann::json& params, const char* name)
{
    std::vector<std::uint32_t> values;
    for (const auto& value : params.at(name)) {
        values.push_back(value.get<std::uint32_t>());
    }
    return values;
}

} // namespace hammer::kernel_ops
