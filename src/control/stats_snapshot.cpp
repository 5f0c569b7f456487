// stats_snapshot: read the 64-bit counters of both ends every
// interval_seconds while the slot lasts; counters must never go backwards;
// the slot's deltas go into the result as the termination points' rx/tx.
#include "src/control/control_operation.hpp"
#include "src/control/operations.hpp"
#include "src/run/clock.hpp"

#include <array>
#include <utility>

namespace hammer::control {
namespace {

using operations::OperationContext;
using operations::Verdict;

/// Every counter of LinkStats with its name, for the monotonicity check.
constexpr std::array<std::pair<const char*, std::uint64_t LinkStats::*>, 9> counters{{
    {"rx_packets", &LinkStats::rx_packets},
    {"tx_packets", &LinkStats::tx_packets},
    {"rx_bytes", &LinkStats::rx_bytes},
    {"tx_bytes", &LinkStats::tx_bytes},
    {"rx_errors", &LinkStats::rx_errors},
    {"tx_errors", &LinkStats::tx_errors},
    {"rx_dropped", &LinkStats::rx_dropped},
    {"tx_dropped", &LinkStats::tx_dropped},
    {"multicast", &LinkStats::multicast},
}};

class StatsSnapshot final : public ControlOperation {
public:
    using ControlOperation::ControlOperation;

private:
    Verdict prepare(OperationContext& context) override
    {
        interval_ = std::chrono::milliseconds{
            static_cast<std::int64_t>(context.params.at("interval_seconds").get<double>() * 1000.0)};
        first_.clear();
        last_.clear();
        for (ControlEnd& end : ends()) {
            auto stats = read(context, end);
            if (!stats) {
                return Verdict::error(stats.error().describe());
            }
            first_.push_back(stats.value());
        }
        last_ = first_;
        return Verdict::pass();
    }

    Result<LinkStats> read(OperationContext& context, ControlEnd& end)
    {
        auto stats = end.port->read_stats();
        end.record(context, end.port->show_stats_command(), stats, stats ? stats_response(stats.value()) : "");
        return stats;
    }

    Verdict work(OperationContext& context, std::chrono::milliseconds deadline, std::stop_token stop) override
    {
        unsigned readings = 0;
        do {
            context.clock.sleep_until(std::min(context.clock.now() + interval_, deadline), stop);
            for (std::size_t index = 0; index < ends().size(); ++index) {
                auto stats = read(context, ends()[index]);
                if (!stats) {
                    return Verdict::error(stats.error().describe());
                }
                for (const auto& [name, counter] : counters) {
                    // 64-bit counters do not wrap in a run's lifetime: going back means the device reset them.
                    if (stats.value().*counter < last_[index].*counter) {
                        return Verdict::fail(ends()[index].port->name() + " " + name + " went backwards: " +
                                             std::to_string(last_[index].*counter) + " -> " +
                                             std::to_string(stats.value().*counter));
                    }
                }
                last_[index] = stats.value();
            }
            ++readings;
        } while (time_left(context, deadline, stop));
        return Verdict::pass(std::to_string(readings) + " reading(s) of both ends");
    }

    Verdict check(OperationContext& context) override
    {
        // What the slot saw, as deltas: the result sums them per termination point.
        for (std::size_t index = 0; index < ends().size(); ++index) {
            const LinkStats& from = first_[index];
            const LinkStats& to = last_[index];
            context.recorder.counters(ends()[index].id,
                                      {{"packets", to.rx_packets - from.rx_packets},
                                       {"bytes", to.rx_bytes - from.rx_bytes},
                                       {"errors", to.rx_errors - from.rx_errors},
                                       {"dropped", to.rx_dropped - from.rx_dropped},
                                       {"multicast", to.multicast - from.multicast}},
                                      {{"packets", to.tx_packets - from.tx_packets},
                                       {"bytes", to.tx_bytes - from.tx_bytes},
                                       {"errors", to.tx_errors - from.tx_errors},
                                       {"dropped", to.tx_dropped - from.tx_dropped}});
            context.recorder.state(ends()[index].id, "statistics", to_json(to));
        }
        return Verdict::pass();
    }

    std::chrono::milliseconds interval_{};
    std::vector<LinkStats> first_; ///< per end, read in setup
    std::vector<LinkStats> last_;  ///< per end, the latest reading
};

} // namespace

std::unique_ptr<operations::Operation> make_stats_snapshot(const ControlBackends& backends)
{
    return std::make_unique<StatsSnapshot>(backends);
}

} // namespace hammer::control
