// link_speed_query: read and record speed, duplex and autonegotiation of both
// ends; where the device accepts link-mode changes (tun does, veth does not),
// force each speed in turn, read it back, and restore.
#include "src/control/errors.hpp"
#include "src/control/control_operation.hpp"
#include "src/control/operations.hpp"
#include "src/common/text.hpp"
#include "src/run/clock.hpp"

#include <algorithm>

namespace hammer::control {
namespace {

using operations::OperationContext;
using operations::Verdict;

/// Without speed changes there is nothing to step: the modes are read again
/// this often for the rest of the slot, so a link that renegotiates shows up.
constexpr std::chrono::milliseconds query_interval{1000};

class LinkSpeedQuery final : public ControlOperation {
public:
    using ControlOperation::ControlOperation;

private:
    /// What one end allows, learnt from the first change asked of it.
    enum class Changeable { unknown, yes, no };

    Verdict prepare(OperationContext& context) override
    {
        speeds_ = u32_list(context.params, "speeds");
        change_speed_ = context.params.at("change_speed").get<bool>();
        found_.clear();
        changeable_.assign(ends().size(), Changeable::unknown);
        for (ControlEnd& end : ends()) {
            auto modes = end.port->read_link_modes();
            end.record(context, end.port->show_link_modes_command(), modes,
                       modes ? link_modes_response(modes.value()) : "");
            if (!modes) {
                return verdict_for(modes.error());
            }
            context.recorder.state(end.id, "link-modes", to_json(modes.value()));
            found_.push_back(modes.value());
        }
        for (std::size_t index = 0; index < ends().size(); ++index) {
            restore_stack().push([this, index](OperationContext& restore_context) { return restore(restore_context, index); });
        }
        return Verdict::pass();
    }

    Verdict restore(OperationContext& context, std::size_t index)
    {
        ControlEnd& end = ends()[index];
        const LinkModes& wanted = found_[index];
        auto now = end.port->read_link_modes();
        if (!now) {
            end.record(context, end.port->show_link_modes_command(), now);
            return Verdict::fail(now.error().describe());
        }
        if (same_settings(wanted, now.value())) {
            return Verdict::pass();
        }
        const LinkModesRequest request = restore_request(wanted);
        auto done = end.port->set_link_modes(request);
        auto modes = done ? end.port->read_link_modes() : Result<LinkModes>{done.error()};
        end.record(context, end.port->set_link_modes_command(request), modes,
                   modes ? "read back: " + link_modes_response(modes.value()) : "");
        if (!modes) {
            return Verdict::fail(modes.error().describe());
        }
        if (!same_settings(wanted, modes.value())) {
            return Verdict::fail(end.port->name() + " link modes not restored: " + link_modes_response(modes.value()) +
                                 ", expected " + link_modes_response(wanted));
        }
        return Verdict::pass();
    }

    Verdict work(OperationContext& context, std::chrono::milliseconds deadline, std::stop_token stop) override
    {
        if (!change_speed_) {
            return query_until(context, deadline, stop);
        }
        unsigned sweeps = 0;
        do {
            for (const std::uint32_t speed : speeds_) {
                const auto before = traffic_mark(context);
                for (std::size_t index = 0; index < ends().size(); ++index) {
                    if (Verdict stepped = step(context, index, speed); !stepped.passed()) {
                        return stepped;
                    }
                }
                if (std::find(changeable_.begin(), changeable_.end(), Changeable::yes) == changeable_.end() &&
                    std::find(changeable_.begin(), changeable_.end(), Changeable::unknown) == changeable_.end()) {
                    // Neither end takes changes (veth): what is left is the query.
                    return query_until(context, deadline, stop);
                }
                if (!dwell(context, deadline, stop)) {
                    break;
                }
                record_outage(context, ends().front(), "speed " + std::to_string(speed), before);
            }
            ++sweeps;
        } while (time_left(context, deadline, stop));
        return Verdict::pass(std::to_string(sweeps) + " sweep(s) of speeds " +
                             joined(speeds_, ", ", [](std::uint32_t speed) { return std::to_string(speed); }) +
                             summary());
    }

    Verdict step(OperationContext& context, std::size_t index, std::uint32_t speed)
    {
        if (changeable_[index] == Changeable::no) {
            return Verdict::pass();
        }
        ControlEnd& end = ends()[index];
        // Forced speed, autonegotiation off: ethtool -s DEV speed N duplex D autoneg off.
        const LinkModesRequest request{
            speed, found_[index].duplex == Duplex::unknown ? Duplex::full : found_[index].duplex, false, std::nullopt};
        auto done = end.port->set_link_modes(request);
        if (!done) {
            end.record(context, end.port->set_link_modes_command(request), done);
            const Failure& error = done.error();
            switch (classify(error.error_number)) {
            case ErrorKind::unsupported:
                changeable_[index] = Changeable::no;
                add_once(notes_, end.port->name() + ": link modes cannot be changed (" +
                                     error_response(error.error_number, error.message) + ")");
                return Verdict::pass();
            case ErrorKind::infrastructure: return Verdict::error(error.describe());
            case ErrorKind::refused: break;
            }
            add_once(notes_, end.port->name() + " speed " + std::to_string(speed) +
                                 " refused: " + error_response(error.error_number, error.message));
            return Verdict::pass();
        }
        changeable_[index] = Changeable::yes;
        auto modes = end.port->read_link_modes();
        end.record(context, end.port->set_link_modes_command(request), modes,
                   modes ? "read back: " + link_modes_response(modes.value()) : "");
        if (!modes) {
            return Verdict::error(modes.error().describe());
        }
        if (modes.value().speed_mbps != speed || modes.value().duplex != request.duplex || modes.value().autoneg) {
            return Verdict::fail(end.port->name() + " accepted " + end.port->set_link_modes_command(request) +
                                 " but reads back " + link_modes_response(modes.value()));
        }
        return Verdict::pass();
    }

    Verdict query_until(OperationContext& context, std::chrono::milliseconds deadline, const std::stop_token& stop)
    {
        unsigned queries = 0;
        for (;;) {
            for (ControlEnd& end : ends()) {
                auto modes = end.port->read_link_modes();
                end.record(context, end.port->show_link_modes_command(), modes,
                           modes ? link_modes_response(modes.value()) : "");
                if (!modes) {
                    return Verdict::error(modes.error().describe());
                }
            }
            ++queries;
            if (!time_left(context, deadline, stop)) {
                break;
            }
            context.clock.sleep_until(std::min(context.clock.now() + query_interval, deadline), stop);
        }
        return Verdict::pass(std::to_string(queries) + " reading(s): " +
                             joined(found_, "; ", [](const LinkModes& modes) { return link_modes_response(modes); }) +
                             summary());
    }

    [[nodiscard]] std::string summary() const { return notes_.empty() ? "" : "; " + joined(notes_, "; "); }

    Verdict check(OperationContext& context) override
    {
        return check_as_found(context, ends(), "the link-mode steps", false);
    }

    std::vector<std::uint32_t> speeds_;
    bool change_speed_ = true;
    std::vector<LinkModes> found_;
    std::vector<Changeable> changeable_;
    std::vector<std::string> notes_;
};

} // namespace

std::unique_ptr<operations::Operation> make_link_speed_query(const ControlBackends& backends)
{
    return std::make_unique<LinkSpeedQuery>(backends);
}

} // namespace hammer::control
