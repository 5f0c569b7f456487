#pragma once

// The skeleton channel_change and ring_change share, after the kernel's
// ring_reconfig.py selftest: read what the device has → push its restore →
// for each value: change → read back and compare. A value above the maximum
// is skipped and noted; a value the device refuses is its limit, recorded as
// data; EOPNOTSUPP is a SKIP with the device's reason. What differs (which
// counts, how a value becomes a request) comes from a traits type.

#include "src/common/text.hpp"
#include "src/control/control_operation.hpp"
#include "src/control/errors.hpp"

#include <algorithm>
#include <optional>

namespace hammer::control {

/// What one end accepted and refused: recorded as its Traits::limits_state.
struct SweepLimits {
    std::optional<std::uint32_t> smallest_accepted;
    std::optional<std::uint32_t> largest_accepted;
    std::vector<std::uint32_t> refused;
};

/// The "<what> read back otherwise" list of a change: "rx 2 read back 8".
[[nodiscard]] std::vector<std::string> count_mismatches(
    std::initializer_list<std::tuple<const char*, std::optional<std::uint32_t>, std::optional<std::uint32_t>>> counts);

/// Traits: Limits ({maximum, current}) and Counts types; `param`, `sweep_of`
/// ("channel counts"), `during` ("the channel sweep"), `found_state`,
/// `limits_state`; static read, write, read_command, write_command,
/// response, request_for (empty: no count the device has can take the
/// value), to_restore, mismatches, value_text ("16 channels"), and
/// nothing_to_change (the SKIP reason when no count can change).
template <typename Traits>
class CountSweep final : public ControlOperation {
public:
    using ControlOperation::ControlOperation;

private:
    using Limits = typename Traits::Limits;
    using Counts = typename Traits::Counts;

    operations::Verdict prepare(operations::OperationContext& context) override
    {
        values_ = u32_list(context.params, Traits::param);
        found_.clear();
        limits_.assign(ends().size(), SweepLimits{});
        for (ControlEnd& end : ends()) {
            auto limits = Traits::read(*end.port);
            end.record(context, Traits::read_command(*end.port), limits,
                       limits ? Traits::response(limits.value()) : "");
            if (!limits) {
                return verdict_for(limits.error());
            }
            if (Traits::request_for(limits.value(), 1) == Counts{}) {
                return operations::Verdict::skip(end.port->name() + " " + Traits::nothing_to_change + " (" +
                                                 Traits::response(limits.value()) + ")");
            }
            context.recorder.state(end.id, Traits::found_state, to_json(limits.value()));
            found_.push_back(limits.value());
        }
        for (std::size_t index = 0; index < ends().size(); ++index) {
            restore_stack().push([this, index](operations::OperationContext& restore_context) {
                return restore(restore_context, index);
            });
        }
        return operations::Verdict::pass();
    }

    operations::Verdict restore(operations::OperationContext& context, std::size_t index)
    {
        ControlEnd& end = ends()[index];
        auto now = Traits::read(*end.port);
        if (!now) {
            end.record(context, Traits::read_command(*end.port), now);
            return operations::Verdict::fail(now.error().describe());
        }
        // Only what differs: a device that refused every change is not asked again.
        const Counts request = Traits::to_restore(found_[index].current, now.value().current);
        if (request == Counts{}) {
            return operations::Verdict::pass();
        }
        auto done = Traits::write(*end.port, request);
        auto limits = done ? Traits::read(*end.port) : Result<Limits>{done.error()};
        end.record(context, Traits::write_command(*end.port, request), limits,
                   limits ? "read back: " + Traits::response(limits.value()) : "");
        if (!limits) {
            return operations::Verdict::fail(limits.error().describe());
        }
        if (const auto wrong = Traits::mismatches(request, limits.value().current); !wrong.empty()) {
            return operations::Verdict::fail(end.port->name() + " not restored: " + joined(wrong, ", "));
        }
        return operations::Verdict::pass();
    }

    operations::Verdict work(operations::OperationContext& context, std::chrono::milliseconds deadline,
                             std::stop_token stop) override
    {
        unsigned sweeps = 0;
        operations::Verdict outcome = operations::Verdict::pass();
        do {
            for (const std::uint32_t value : values_) {
                const auto before = traffic_mark(context);
                for (std::size_t index = 0; index < ends().size() && outcome.passed(); ++index) {
                    outcome = step(context, index, value);
                }
                if (!outcome.passed() || !dwell(context, deadline, stop)) {
                    break;
                }
                record_outage(context, ends().front(), Traits::value_text(value), before);
            }
            ++sweeps;
        } while (outcome.passed() && time_left(context, deadline, stop));
        for (std::size_t index = 0; index < ends().size(); ++index) {
            const SweepLimits& limits = limits_[index];
            nlohmann::json data{{"max", to_json(found_[index].maximum)}, {"refused", limits.refused}};
            if (limits.smallest_accepted) {
                data["smallest_accepted"] = *limits.smallest_accepted;
                data["largest_accepted"] = *limits.largest_accepted;
            }
            context.recorder.state(ends()[index].id, Traits::limits_state, data);
        }
        if (!outcome.passed()) {
            return outcome;
        }
        const std::string notes = notes_.empty() ? std::string{} : "; " + joined(notes_, "; ");
        if (std::none_of(limits_.begin(), limits_.end(),
                         [](const SweepLimits& limits) { return limits.smallest_accepted.has_value(); })) {
            return operations::Verdict::fail(std::string{"no "} + Traits::sweep_of + " was accepted" + notes);
        }
        return operations::Verdict::pass(std::to_string(sweeps) + " sweep(s) of " + Traits::sweep_of + " " +
                                         joined(values_, ", ", [](std::uint32_t value) {
                                             return std::to_string(value);
                                         }) +
                                         notes);
    }

    operations::Verdict step(operations::OperationContext& context, std::size_t index, std::uint32_t value)
    {
        ControlEnd& end = ends()[index];
        const Counts request = Traits::request_for(found_[index], value);
        if (request == Counts{}) {
            add_once(notes_, end.port->name() + " " + Traits::value_text(value) + ": above the maximum (" +
                                 Traits::response(found_[index]) + "), skipped");
            return operations::Verdict::pass();
        }
        auto done = Traits::write(*end.port, request);
        SweepLimits& limits = limits_[index];
        if (!done) {
            end.record(context, Traits::write_command(*end.port, request), done);
            if (auto outcome = unless_refused(done.error())) {
                return *outcome;
            }
            if (std::find(limits.refused.begin(), limits.refused.end(), value) == limits.refused.end()) {
                limits.refused.push_back(value);
            }
            add_once(notes_, end.port->name() + " " + Traits::value_text(value) + " refused: " +
                                 error_response(done.error().error_number, done.error().message));
            return operations::Verdict::pass();
        }
        auto read_back = Traits::read(*end.port);
        end.record(context, Traits::write_command(*end.port, request), read_back,
                   read_back ? "read back: " + Traits::response(read_back.value()) : "");
        if (!read_back) {
            return operations::Verdict::error(read_back.error().describe());
        }
        if (const auto wrong = Traits::mismatches(request, read_back.value().current); !wrong.empty()) {
            return operations::Verdict::fail(end.port->name() + " accepted " +
                                             Traits::write_command(*end.port, request) + " but " + joined(wrong, ", "));
        }
        limits.smallest_accepted = std::min(limits.smallest_accepted.value_or(value), value);
        limits.largest_accepted = std::max(limits.largest_accepted.value_or(value), value);
        return operations::Verdict::pass();
    }

    operations::Verdict check(operations::OperationContext& context) override
    {
        return check_as_found(context, ends(), Traits::during, false);
    }

    std::vector<std::uint32_t> values_;
    std::vector<Limits> found_; ///< per end, as setup read them
    std::vector<SweepLimits> limits_;
    std::vector<std::string> notes_;
};

} // namespace hammer::control
