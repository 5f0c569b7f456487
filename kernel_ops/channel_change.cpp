// channel_change: sweep channel counts within the driver's maxima on both
// ends, each read back; restore.
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

/// The request for `count` channels: every kind the driver uses now (current
/// count > 0) whose maximum allows it. "other" channels (link interrupts, not
/// queues) are never touched. Empty when no kind can take the count.
ChannelCounts request_for(const Channels& channels, std::uint32_t count)
{
    auto kind = [count](const std::optional<std::uint32_t>& current, const std::optional<std::uint32_t>& maximum) {
        return current.value_or(0) > 0 && maximum.value_or(0) >= count ? std::optional{count} : std::nullopt;
    };
    return {kind(channels.current.rx, channels.maximum.rx), kind(channels.current.tx, channels.maximum.tx),
            std::nullopt, kind(channels.current.combined, channels.maximum.combined)};
}

/// The kinds of `requested` that read back otherwise, as "rx 2 read back 8".
std::vector<std::string> mismatches(const ChannelCounts& requested, const ChannelCounts& current)
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
    compare("combined", requested.combined, current.combined);
    return found;
}

class ChannelChange final : public KernelOperation {
public:
    using KernelOperation::KernelOperation;

private:
    Verdict prepare(OperationContext& context) override
    {
        counts_ = u32_list(context.params, "counts");
        found_.clear();
        for (KernelEnd& end : ends()) {
            auto channels = end.netlink.read_channels(end.where.ifname);
            end.record(context, show_channels_command(end.where), channels,
                       channels ? channels_response(channels.value()) : "");
            if (!channels) {
                return verdict_for(channels.error());
            }
            if (request_for(channels.value(), 1) == ChannelCounts{}) {
                return Verdict::skip(end.where.ifname + " has no rx, tx or combined channels to change (" +
                                     channels_response(channels.value()) + ")");
            }
            context.recorder.state(end.id, "channels", to_json(channels.value()));
            found_.push_back(channels.value());
        }
        for (std::size_t index = 0; index < ends().size(); ++index) {
            restore_stack().push([this, index](OperationContext& restore_context) {
                KernelEnd& end = ends()[index];
                const ChannelCounts& wanted = found_[index].current;
                auto now = end.netlink.read_channels(end.where.ifname);
                if (!now) {
                    end.record(restore_context, show_channels_command(end.where), now);
                    return Verdict::fail(now.error().describe());
                }
                // Only what differs: a driver that refused every change (tun) is not asked again.
                const ChannelCounts request = channels_to_restore(wanted, now.value().current);
                if (request == ChannelCounts{}) {
                    return Verdict::pass();
                }
                auto done = end.netlink.set_channels(end.where.ifname, request);
                auto channels = done ? end.netlink.read_channels(end.where.ifname) : Result<Channels>{done.error()};
                end.record(restore_context, set_channels_command(end.where, request), channels,
                           channels ? "read back: " + channels_response(channels.value()) : "");
                if (!channels) {
                    return Verdict::fail(channels.error().describe());
                }
                if (const auto wrong = mismatches(request, channels.value().current); !wrong.empty()) {
                    return Verdict::fail(end.where.ifname + " channels not restored: " + joined(wrong, ", "));
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
            for (const std::uint32_t count : counts_) {
                for (std::size_t index = 0; index < ends().size(); ++index) {
                    if (Verdict stepped = step(context, index, count); !stepped.passed()) {
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
            return Verdict::fail("no channel count was accepted" +
                                 (notes_.empty() ? std::string{} : ": " + joined(notes_, "; ")));
        }
        std::string message = std::to_string(sweeps) + " sweep(s) of channel counts " +
                              joined(counts_, ", ", [](std::uint32_t count) { return std::to_string(count); });
        if (!notes_.empty()) {
            message += "; " + joined(notes_, "; ");
        }
        return Verdict::pass(message);
    }

    Verdict step(OperationContext& context, std::size_t index, std::uint32_t count)
    {
        KernelEnd& end = ends()[index];
        const ChannelCounts request = request_for(found_[index], count);
        if (request == ChannelCounts{}) {
            add_once(notes_, end.where.ifname + " " + std::to_string(count) + " channels: above the maximum (" +
                 channels_response(found_[index]) + "), skipped");
            return Verdict::pass();
        }
        auto done = end.netlink.set_channels(end.where.ifname, request);
        if (!done) {
            end.record(context, set_channels_command(end.where, request), done);
            const NlError& error = done.error();
            switch (classify(error.error_number)) {
            case ErrorKind::unsupported: return Verdict::skip(error.describe());
            case ErrorKind::infrastructure: return Verdict::error(error.describe());
            case ErrorKind::refused: break;
            }
            add_once(notes_, end.where.ifname + " " + std::to_string(count) +
                 " channels refused: " + error_response(error.error_number, error.kernel_message));
            return Verdict::pass();
        }
        auto channels = end.netlink.read_channels(end.where.ifname);
        end.record(context, set_channels_command(end.where, request), channels,
                   channels ? "read back: " + channels_response(channels.value()) : "");
        if (!channels) {
            return Verdict::error(channels.error().describe());
        }
        if (const auto wrong = mismatches(request, channels.value().current); !wrong.empty()) {
            return Verdict::fail(end.where.ifname + " accepted " + set_channels_command(end.where, request) +
                                 " but " + joined(wrong, ", "));
        }
        ++accepted_;
        return Verdict::pass();
    }

    Verdict check(OperationContext& context) override
    {
        return check_as_found(context, ends(), "the channel sweep", false);
    }

    std::vector<std::uint32_t> counts_;
    std::vector<Channels> found_; ///< per end, as setup read them
    std::vector<std::string> notes_;
    unsigned accepted_ = 0;
};

} // namespace

std::unique_ptr<operations::Operation> make_channel_change(const KernelOptions& options)
{
    return std::make_unique<ChannelChange>(options);
}

} // namespace hammer::kernel_ops
