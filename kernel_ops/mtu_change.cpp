// mtu_change: sweep MTUs (the list, then the device maximum) on both ends,
// each read back; a refused value is recorded with the kernel's message.
#include "kernel_ops/errors.hpp"
#include "kernel_ops/operation_support.hpp"
#include "kernel_ops/operations.hpp"
#include "src/common/text.hpp"

#include <algorithm>

namespace hammer::kernel_ops {
namespace {

using operations::OperationContext;
using operations::Verdict;

class MtuChange final : public KernelOperation {
public:
    using KernelOperation::KernelOperation;

private:
    Verdict prepare(OperationContext& context) override
    {
        mtus_ = u32_list(context.params, "mtus");
        if (context.params.at("include_device_max").get<bool>()) {
            // The smaller maximum of the two ends: the one both can take.
            std::optional<std::uint32_t> maximum;
            for (const KernelEnd& end : ends()) {
                if (end.found.max_mtu) {
                    maximum = std::min(maximum.value_or(*end.found.max_mtu), *end.found.max_mtu);
                }
            }
            if (maximum && std::find(mtus_.begin(), mtus_.end(), *maximum) == mtus_.end()) {
                mtus_.push_back(*maximum);
            }
        }
        for (KernelEnd& end : ends()) {
            restore_stack().push([&end](OperationContext& restore_context) {
                const std::uint32_t mtu = end.found.mtu;
                auto now = end.netlink.read_link(end.where.ifname);
                if (!now) {
                    end.record(restore_context, show_link_command(end.where), now);
                    return Verdict::fail(now.error().describe());
                }
                if (now.value().mtu == mtu) {
                    return Verdict::pass();
                }
                auto done = end.netlink.set_mtu(end.where.ifname, mtu);
                auto link = done ? end.netlink.read_link(end.where.ifname) : Result<LinkState>{done.error()};
                end.record(restore_context, set_mtu_command(end.where, mtu), link,
                           link ? "read back: mtu " + std::to_string(link.value().mtu) : "");
                if (!link) {
                    return Verdict::fail(link.error().describe());
                }
                if (link.value().mtu != mtu) {
                    return Verdict::fail(end.where.ifname + ": MTU restored to " + std::to_string(mtu) +
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
                for (KernelEnd& end : ends()) {
                    if (Verdict stepped = step(context, end, mtu); !stepped.passed()) {
                        return stepped;
                    }
                }
                if (!dwell(context, deadline, stop)) {
                    break;
                }
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

    Verdict step(OperationContext& context, KernelEnd& end, std::uint32_t mtu)
    {
        auto done = end.netlink.set_mtu(end.where.ifname, mtu);
        if (!done) {
            end.record(context, set_mtu_command(end.where, mtu), done);
            const NlError& error = done.error();
            switch (classify(error.error_number)) {
            case ErrorKind::unsupported: return Verdict::skip(error.describe());
            case ErrorKind::infrastructure: return Verdict::error(error.describe());
            case ErrorKind::refused: break;
            }
            // A refusal is data (the device's limit), recorded once per value and end.
            std::string refusal = end.where.ifname + " MTU " + std::to_string(mtu) + ": " +
                                  error_response(error.error_number, error.kernel_message);
            if (end.found.min_mtu && end.found.max_mtu) {
                const bool inside = mtu >= *end.found.min_mtu && mtu <= *end.found.max_mtu;
                refusal += std::string{inside ? " (inside" : " (outside"} + " the reported range " +
                           std::to_string(*end.found.min_mtu) + "-" + std::to_string(*end.found.max_mtu) + ")";
            }
            add_once(refusals_, std::move(refusal));
            return Verdict::pass();
        }
        auto link = end.netlink.read_link(end.where.ifname);
        end.record(context, set_mtu_command(end.where, mtu), link,
                   link ? "read back: mtu " + std::to_string(link.value().mtu) : "");
        if (!link) {
            return Verdict::error(link.error().describe());
        }
        if (link.value().mtu != mtu) {
            return Verdict::fail(end.where.ifname + " accepted MTU " + std::to_string(mtu) + " but reads back " +
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

std::unique_ptr<operations::Operation> make_mtu_change(const KernelOptions& options)
{
    return std::make_unique<MtuChange>(options);
}

} // namespace hammer::kernel_ops
