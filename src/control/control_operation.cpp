#include "src/control/control_operation.hpp"

#include "src/control/errors.hpp"
#include "src/common/text.hpp"
#include "src/run/clock.hpp"

#include <algorithm>
#include <cstdio>
#include <exception>

namespace hammer::control {
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

/// A number of milliseconds with one decimal: "512.3".
std::string text_of(double milliseconds)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", milliseconds);
    return text;
}

} // namespace

void ControlEnd::record(OperationContext& context, const std::string& command, const Failure* error,
                        std::string_view response) const
{
    if (error == nullptr) {
        context.recorder.command(id, command, 0, response);
    } else {
        context.recorder.command(id, command, error->error_number, error_response(error->error_number, error->message));
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

Verdict ControlOperation::setup(OperationContext& context)
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

Verdict ControlOperation::open_end(OperationContext& context, const topology::Endpoint& endpoint)
{
    OpenedPort opened = open_port(backends_, context, endpoint);
    if (!opened.port) {
        return opened.verdict;
    }
    ControlEnd end{{endpoint.node_id, endpoint.tp.id}, std::move(opened.port), {}};
    auto link = end.port->read_link();
    end.record(context, end.port->show_link_command(), link, link ? link_response(link.value()) : "");
    if (!link) {
        return Verdict::error(endpoint.name() + ": " + link.error().describe());
    }
    end.found = std::move(link).value();
    ends_.push_back(std::move(end));
    return Verdict::pass();
}

Verdict ControlOperation::run(OperationContext& context, std::chrono::milliseconds deadline, std::stop_token stop)
{
    start_traffic(context);
    Verdict worked = guarded("run", [&] { return work(context, deadline, stop); });
    return finish_traffic(context, std::move(worked));
}

void ControlOperation::start_traffic(OperationContext& context)
{
    traffic_.reset();
    traffic_note_.clear();
    outages_ms_.clear();
    if (!backends_.background) {
        return;
    }
    if (!backends_.traffic) {
        traffic_note_ = "no background traffic: this build has no traffic engine";
        return;
    }
    if (!context.pair.a.tp.dpdk || !context.pair.b.tp.dpdk) {
        traffic_note_ = "no background traffic: it needs attr.dpdk on both ends";
        return;
    }
    std::string why_not;
    traffic_ = backends_.traffic->start(context, *backends_.background, why_not);
    if (!traffic_) {
        traffic_note_ = "no background traffic: " + why_not;
    }
}

Verdict ControlOperation::finish_traffic(OperationContext& context, Verdict worked)
{
    std::vector<std::string> notes;
    if (!traffic_note_.empty()) {
        notes.push_back(traffic_note_);
    }
    if (traffic_) {
        const Verdict carried = guarded("background traffic", [&] { return traffic_->finish(context); });
        traffic_.reset();
        if (operations::worst(worked.outcome, carried.outcome) != worked.outcome) {
            return carried;
        }
        if (!outages_ms_.empty()) {
            notes.push_back("background traffic: " + std::to_string(outages_ms_.size()) + " change(s), outage max " +
                            text_of(*std::max_element(outages_ms_.begin(), outages_ms_.end())) + " ms");
        }
    }
    if (!notes.empty()) {
        worked.message += (worked.message.empty() ? "" : "; ") + joined(notes, "; ");
    }
    return worked;
}

std::optional<operations::TrafficMark> ControlOperation::traffic_mark(const OperationContext& context) const
{
    if (!traffic_) {
        return std::nullopt;
    }
    return operations::TrafficMark{context.clock.now(), traffic_->received()};
}

void ControlOperation::record_outage(OperationContext& context, const ControlEnd& end, const std::string& change,
                                     const std::optional<operations::TrafficMark>& before)
{
    if (!traffic_ || !before) {
        return;
    }
    // A window cut short by the slot's end would hold frames still on their
    // way: it spans at least the settle, a little past the deadline if need be.
    if (const auto settled = before->at + traffic_settle; context.clock.now() < settled) {
        context.clock.sleep_until(settled, {});
    }
    const operations::TrafficMark after{context.clock.now(), traffic_->received()};
    const operations::Outage outage = operations::outage_between(*before, after, traffic_->offered_pps());
    context.recorder.outage(context.pair.id, context.operation_id, end.id, change, to_json(outage));
    outages_ms_.push_back(outage.milliseconds());
}

Verdict ControlOperation::verify(OperationContext& context)
{
    return guarded("verify", [&] { return check(context); });
}

Verdict ControlOperation::reset(OperationContext& context)
{
    return guarded("reset", [&] { return restore_.unwind(context); });
}

Verdict check_as_found(OperationContext& context, std::vector<ControlEnd>& ends, std::string_view during,
                       bool mtu_changes)
{
    for (ControlEnd& end : ends) {
        auto link = end.port->read_link();
        end.record(context, end.port->show_link_command(), link, link ? link_response(link.value()) : "");
        if (!link) {
            return Verdict::error(link.error().describe());
        }
        if (link.value().admin_up != end.found.admin_up) {
            return Verdict::fail(end.port->name() + " went admin " + (link.value().admin_up ? "up" : "down") +
                                 " during " + std::string{during});
        }
        if (!mtu_changes && link.value().mtu != end.found.mtu) {
            return Verdict::fail(end.port->name() + " changed its MTU from " + std::to_string(end.found.mtu) + " to " +
                                 std::to_string(link.value().mtu) + " during " + std::string{during});
        }
    }
    return Verdict::pass();
}

std::optional<Verdict> unless_refused(const Failure& failure)
{
    switch (classify(failure.error_number)) {
    case ErrorKind::unsupported: return Verdict::skip(failure.describe());
    case ErrorKind::infrastructure: return Verdict::error(failure.describe());
    case ErrorKind::refused: break;
    }
    return std::nullopt;
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

} // namespace hammer::control
