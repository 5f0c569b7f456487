#include "pmd_ops/traffic_sampler.hpp"

#include "src/record/recorder.hpp"
#include "src/run/clock.hpp"

#include <array>
#include <string_view>

namespace hammer::pmd_ops {
namespace {

double per_second(std::uint64_t now, std::uint64_t before, double seconds)
{
    return now >= before ? static_cast<double>(now - before) / seconds : 0.0;
}

} // namespace

TrafficSampler::TrafficSampler(operations::OperationContext& context, const TrafficRun& traffic,
                               std::chrono::milliseconds interval)
    : context_{context}, traffic_{traffic}, interval_{interval},
      thread_{[this](std::stop_token stop) { sample_until_stopped(std::move(stop)); }}
{
}

void TrafficSampler::stop()
{
    if (thread_.joinable()) {
        thread_.request_stop();
        thread_.join();
    }
}

void TrafficSampler::sample_until_stopped(std::stop_token stop)
{
    static constexpr std::array<std::string_view, 2> names{"forward", "reverse"};
    auto previous = traffic_.sample();
    auto previous_at = context_.clock.now();
    for (auto next = previous_at + interval_; context_.clock.sleep_until(next, stop); next += interval_) {
        const auto current = traffic_.sample();
        const auto at = context_.clock.now();
        const double seconds = std::chrono::duration<double>(at - previous_at).count();
        for (std::size_t d = 0; seconds > 0 && d < current.size() && d < previous.size() && d < names.size(); ++d) {
            const auto& now = current[d];
            const auto& before = previous[d];
            context_.recorder.traffic_sample(context_.pair.id, context_.operation_id,
                                             {{"direction", names[d]},
                                              {"tx-pps", per_second(now.tx_packets, before.tx_packets, seconds)},
                                              {"rx-pps", per_second(now.rx_packets, before.rx_packets, seconds)},
                                              {"tx-bps", 8 * per_second(now.tx_bytes, before.tx_bytes, seconds)},
                                              {"rx-bps", 8 * per_second(now.rx_bytes, before.rx_bytes, seconds)}});
        }
        previous = current;
        previous_at = at;
    }
}

} // namespace hammer::pmd_ops
