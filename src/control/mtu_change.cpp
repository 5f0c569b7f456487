// mtu_change: sweep MTUs (the list, then the device maximum) on both ends,
// each read back; a refused value is recorded with the kernel's message.
#include "src/control/errors.hpp"
#include "src/control/control_operation.hpp"
#include "src/control/operations.hpp"
#include "src/common/text.hpp"

#include <algorithm>

namespace hammer::control {
namespace {

using operations::OperationContext;
using operations::Verdict;

class MtuChange final : public ControlOperation {
public:
    using ControlOperation::ControlOperation;

private:
    Verdict prepare(OperationContext& context) override
    {
        mtus_ = u32_list(context.params, "mtus");
        if (context.params.at("include_device_max").get<bool>()) {
            // The smaller maximum of the two ends: the one both can take.
            std::optional<std::uint32_t> maximum;
            for (const ControlEnd& end : ends()) {
                if (end.found.max_mtu) {
                    maximum = std::min(maximum.value_or(*end.found.max_mtu), *end.found.max_mtu);
                }
            }
            if (maximum && std::find(mtus_.begin(), mtus_.end(), *maximum) == mtus_.end()) {
                mtus_.push_back(*maximum);
            }
        }
        for (ControlEnd& end : ends()) {
            restore_stack().push([&end](OperationContext& restore_context) {
                const std::uint32_t mtu = end.found.mtu;
                auto now = end.port->read_link();
                if (!now) {
                    end.record(restore_context, end.port->show_link_command(), now);
                    return Verdict::fail(now.error().describe());
                }
                if (now.value().mtu == mtu) {
                    return Verdict::pass();
                }
                auto done = end.port->set_mtu(mtu);
                auto link = done ? end.port->read_link() : Result<LinkStatus>{done.error()};
                end.record(restore_context, end.port->set_mtu_command(mtu), link,
                           link ? "read back: mtu " + std::to_string(link.value().mtu) : "");
                if (!link) {
                    return Verdict::fail(link.error().describe());
                }
                if (link.value().mtu != mtu) {
                    return Verdict::fail(end.port->name() + ": MTU restored to " + std::to_string(mtu) +
                                         ", read back " + std::to_string(link.value().mtu));
                }
                return Verdict::pass();
            });
        }
        return Verdict::pass();
    }

    Verdict work(OperationContext& context, std::chrono::milliseconds deadline, std::stop_token stop) override
    {
        unsigned sweeps = 0;
        do {
            for (const std::uint32_t mtu : mtus_) {
                const auto before = traffic_mark(context);
                for (ControlEnd& end : ends()) {
                    if (Verdict stepped = step(context, end, mtu); !stepped.passed()) {
                        return stepped;
                    }
                }
                if (!dwell(context, deadline, stop)) {
                    break;
                }
                record_outage(context, ends().front(), "mtu " + std::to_string(mtu), before);
            }
            ++sweeps;
        } while (time_left(context, deadline, stop));
        if (accepted_ == 0) {
            return Verdict::fail("no MTU was accepted: " + joined(refusals_, "; "));
        }
        std::string message = std::to_string(sweeps) + " sweep(s) of MTUs " + joined(mtus_, ", ", [](std::uint32_t mtu) {
                                  return std::to_string(mtu);
                              });
        if (!refusals_.empty()) {
            message += "; refused: " + joined(refusals_, "; ");
        }
        return Verdict::pass(message);
    }

    Verdict step(OperationContext& context, ControlEnd& end, std::uint32_t mtu)
    {
        auto done = end.port->set_mtu(mtu);
        if (!done) {
            end.record(context, end.port->set_mtu_command(mtu), done);
            const Failure& error = done.error();
            if (auto outcome = unless_refused(error)) {
                return *outcome;
            }
            // A refusal is data (the device's limit), recorded once per value and end.
            std::string refusal = end.port->name() + " MTU " + std::to_string(mtu) + ": " +
                                  error_response(error.error_number, error.message);
            if (end.found.min_mtu && end.found.max_mtu) {
                const bool inside = mtu >= *end.found.min_mtu && mtu <= *end.found.max_mtu;
                refusal += std::string{inside ? " (inside" : " (outside"} + " the reported range " +
                           std::to_string(*end.found.min_mtu) + "-" + std::to_string(*end.found.max_mtu) + ")";
            }
            add_once(refusals_, std::move(refusal));
            return Verdict::pass();
        }
        auto link = end.port->read_link();
        end.record(context, end.port->set_mtu_command(mtu), link,
                   link ? "read back: mtu " + std::to_string(link.value().mtu) : "");
        if (!link) {
            return Verdict::error(link.error().describe());
        }
        if (link.value().mtu != mtu) {
            return Verdict::fail(end.port->name() + " accepted MTU " + std::to_string(mtu) + " but reads back " +
                                 std::to_string(link.value().mtu));
        }
        ++accepted_;
        return Verdict::pass();
    }

    Verdict check(OperationContext& context) override
    {
        return check_as_found(context, ends(), "the MTU sweep", true);
    }

    std::vector<std::uint32_t> mtus_;
    std::vector<std::string> refusals_;
    unsigned accepted_ = 0;
};

} // namespace

std::unique_ptr<operations::Operation> make_mtu_change(const ControlBackends& backends)
{
    return std::make_unique<MtuChange>(backends);
}

} // namespace hammer::control
