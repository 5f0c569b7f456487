// ring_change: sweep rx/tx descriptor ring sizes within the driver's maxima on
// both ends, each read back; restore. EOPNOTSUPP (veth, tun) is a SKIP with
// the kernel's reason. Sizes a driver refuses are its limits, recorded as data.
#include "kernel_ops/errors.hpp"
#include "kernel_ops/operation_support.hpp"
#include "kernel_ops/snapshot.hpp"
#include "kernel_ops/operations.hpp"
#include "src/common/text.hpp"

#include <algorithm>

namespace hammer::kernel_ops {
namespace {

using operations::OperationContext;
using operations::Verdict;

/// rx and tx set to `size` where the driver has that ring and its maximum
/// allows it; the mini and jumbo rings (rare, driver-specific) stay as they are.
RingSizes request_for(const Rings& rings, std::uint32_t size)
{
    auto ring = [size](const std::optional<std::uint32_t>& maximum) {
        return maximum.value_or(0) >= size ? std::optional{size} : std::nullopt;
    };
    return {ring(rings.maximum.rx), std::nullopt, std::nullopt, ring(rings.maximum.tx)};
}

std::vector<std::string> mismatches(const RingSizes& requested, const RingSizes& current)
{
    std::vector<std::string> found;
    auto compare = [&found](const char* name, const std::optional<std::uint32_t>& want,
                            const std::optional<std::uint32_t>& have) {
        if (want && want != have) {
            found.push_back(std::string{name} + " " + std::to_string(*want) + " read back " +
                            (have ? std::to_string(*have) : std::string{"absent"}));
        }
    };
    compare("rx", requested.rx, current.rx);
    compare("tx", requested.tx, current.tx);
    return found;
}

/// What a driver accepted and refused: recorded as the end's "ring-limits" state.
struct RingLimits {
    std::optional<std::uint32_t> smallest_accepted;
    std::optional<std::uint32_t> largest_accepted;
    std::vector<std::uint32_t> refused;
};

class RingChange final : public KernelOperation {
public:
    using KernelOperation::KernelOperation;

private:
    Verdict prepare(OperationContext& context) override
    {
        sizes_ = u32_list(context.params, "sizes");
        found_.clear();
        limits_.assign(ends().size(), RingLimits{});
        for (KernelEnd& end : ends()) {
            auto rings = end.netlink.read_rings(end.where.ifname);
            end.record(context, show_rings_command(end.where), rings, rings ? rings_response(rings.value()) : "");
            if (!rings) {
                return verdict_for(rings.error());
            }
            found_.push_back(rings.value());
        }
        for (std::size_t index = 0; index < ends().size(); ++index) {
            restore_stack().push([this, index](OperationContext& restore_context) {
                KernelEnd& end = ends()[index];
                const RingSizes& wanted = found_[index].current;
                auto now = end.netlink.read_rings(end.where.ifname);
                if (!now) {
                    end.record(restore_context, show_rings_command(end.where), now);
                    return Verdict::fail(now.error().describe());
                }
                // Only what differs: a driver that refused every change (tun) is not asked again.
                const RingSizes request = rings_to_restore(wanted, now.value().current);
                if (request == RingSizes{}) {
                    return Verdict::pass();
                }
                auto done = end.netlink.set_rings(end.where.ifname, request);
                auto rings = done ? end.netlink.read_rings(end.where.ifname) : Result<Rings>{done.error()};
                end.record(restore_context, set_rings_command(end.where, request), rings,
                           rings ? "read back: " + rings_response(rings.value()) : "");
                if (!rings) {
                    return Verdict::fail(rings.error().describe());
                }
                if (const auto wrong = mismatches(request, rings.value().current); !wrong.empty()) {
                    return Verdict::fail(end.where.ifname + " rings not restored: " + joined(wrong, ", "));
                }
                return Verdict::pass();
            });
        }
        return Verdict::pass();
    }

    Verdict work(OperationContext& context, std::chrono::milliseconds deadline, std::stop_token stop) override
    {
        unsigned sweeps = 0;
        Verdict outcome = Verdict::pass();
        do {
            for (const std::uint32_t size : sizes_) {
                for (std::size_t index = 0; index < ends().size() && outcome.passed(); ++index) {
                    outcome = step(context, index, size);
                }
                if (!outcome.passed() || !dwell(context, deadline, stop)) {
                    break;
                }
            }
            ++sweeps;
        } while (outcome.passed() && time_left(context, deadline, stop));
        for (std::size_t index = 0; index < ends().size(); ++index) {
            const RingLimits& limits = limits_[index];
            nlohmann::json data{{"max", to_json(found_[index].maximum)}, {"refused", limits.refused}};
            if (limits.smallest_accepted) {
                data["smallest_accepted"] = *limits.smallest_accepted;
                data["largest_accepted"] = *limits.largest_accepted;
            }
            context.recorder.state(ends()[index].id, "ring-limits", data);
        }
        if (!outcome.passed()) {
            return outcome;
        }
        if (std::none_of(limits_.begin(), limits_.end(),
                         [](const RingLimits& limits) { return limits.smallest_accepted.has_value(); })) {
            return Verdict::fail("no ring size was accepted" +
                                 (notes_.empty() ? std::string{} : ": " + joined(notes_, "; ")));
        }
        std::string message = std::to_string(sweeps) + " sweep(s) of ring sizes " +
                              joined(sizes_, ", ", [](std::uint32_t size) { return std::to_string(size); });
        if (!notes_.empty()) {
            message += "; " + joined(notes_, "; ");
        }
        return Verdict::pass(message);
    }

    Verdict step(OperationContext& context, std::size_t index, std::uint32_t size)
    {
        KernelEnd& end = ends()[index];
        const RingSizes request = request_for(found_[index], size);
        if (request == RingSizes{}) {
            add_once(notes_, end.where.ifname + " ring size " + std::to_string(size) + ": above the maximum (" +
                 rings_response(found_[index]) + "), skipped");
            return Verdict::pass();
        }
        auto done = end.netlink.set_rings(end.where.ifname, request);
        RingLimits& limits = limits_[index];
        if (!done) {
            end.record(context, set_rings_command(end.where, request), done);
            const NlError& error = done.error();
            switch (classify(error.error_number)) {
            case ErrorKind::unsupported: return Verdict::skip(error.describe());
            case ErrorKind::infrastructure: return Verdict::error(error.describe());
            case ErrorKind::refused: break;
            }
            if (std::find(limits.refused.begin(), limits.refused.end(), size) == limits.refused.end()) {
                limits.refused.push_back(size);
            }
            add_once(notes_, end.where.ifname + " ring size " + std::to_string(size) +
                 " refused: " + error_response(error.error_number, error.kernel_message));
            return Verdict::pass();
        }
        auto rings = end.netlink.read_rings(end.where.ifname);
        end.record(context, set_rings_command(end.where, request), rings,
                   rings ? "read back: " + rings_response(rings.value()) : "");
        if (!rings) {
            return Verdict::error(rings.error().describe());
        }
        if (const auto wrong = mismatches(request, rings.value().current); !wrong.empty()) {
            return Verdict::fail(end.where.ifname + " accepted " + set_rings_command(end.where, request) + " but " +
                                 joined(wrong, ", "));
        }
        limits.smallest_accepted = std::min(limits.smallest_accepted.value_or(size), size);
        limits.largest_accepted = std::max(limits.largest_accepted.value_or(size), size);
        return Verdict::pass();
    }

    Verdict check(OperationContext& context) override
    {
        return check_as_found(context, ends(), "the ring sweep", false);
    }

    std::vector<std::uint32_t> sizes_;
    std::vector<Rings> found_;
    std::vector<RingLimits> limits_;
    std::vector<std::string> notes_;
};

} // namespace

std::unique_ptr<operations::Operation> make_ring_change(const KernelOptions& options)
{
    return std::make_unique<RingChange>(options);
}

} // namespace hammer::kernel_ops
