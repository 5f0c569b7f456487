// channel_change: sweep channel (queue) counts within the device's maxima on
// both ends, each read back; restore. The kinds the device uses now change
// together; "other" channels (link interrupts, not queues) never do.
#include "src/control/count_sweep.hpp"
#include "src/control/operations.hpp"

namespace hammer::control {
namespace {

struct ChannelTraits {
    using Limits = Channels;
    using Counts = ChannelCounts;

    static constexpr const char* param = "counts";
    static constexpr const char* sweep_of = "channel counts";
    static constexpr const char* during = "the channel sweep";
    static constexpr const char* found_state = "channels";
    static constexpr const char* limits_state = "channel-limits";
    static constexpr const char* nothing_to_change = "has no rx, tx or combined channels to change";

    static Result<Channels> read(PortControl& port) { return port.read_channels(); }
    static Result<void> write(PortControl& port, const ChannelCounts& counts) { return port.set_channels(counts); }
    static std::string read_command(const PortControl& port) { return port.show_channels_command(); }
    static std::string write_command(const PortControl& port, const ChannelCounts& counts)
    {
        return port.set_channels_command(counts);
    }
    static std::string response(const Channels& channels) { return channels_response(channels); }
    static std::string value_text(std::uint32_t count) { return std::to_string(count) + " channels"; }

    /// Every kind the device uses now (current count > 0) whose maximum allows `count`.
    static ChannelCounts request_for(const Channels& channels, std::uint32_t count)
    {
        auto kind = [count](const std::optional<std::uint32_t>& current, const std::optional<std::uint32_t>& maximum) {
            return current.value_or(0) > 0 && maximum.value_or(0) >= count ? std::optional{count} : std::nullopt;
        };
        return {kind(channels.current.rx, channels.maximum.rx), kind(channels.current.tx, channels.maximum.tx),
                std::nullopt, kind(channels.current.combined, channels.maximum.combined)};
    }
    static ChannelCounts to_restore(const ChannelCounts& wanted, const ChannelCounts& now)
    {
        return channels_to_restore(wanted, now);
    }
    static std::vector<std::string> mismatches(const ChannelCounts& requested, const ChannelCounts& current)
    {
        return count_mismatches({{"rx", requested.rx, current.rx},
                                 {"tx", requested.tx, current.tx},
                                 {"combined", requested.combined, current.combined}});
    }
};

} // namespace

std::unique_ptr<operations::Operation> make_channel_change(const ControlBackends& backends)
{
    return std::make_unique<CountSweep<ChannelTraits>>(backends);
}

} // namespace hammer::control
