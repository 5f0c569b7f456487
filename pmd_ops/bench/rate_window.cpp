#include "pmd_ops/bench/rate_window.hpp"

#include <chrono>
#include <thread>

namespace hammer::pmd_ops::bench {

Counts totals(const std::vector<const TrafficRun*>& runs)
{
    Counts sum;
    for (const TrafficRun* run : runs) {
        for (const DirectionReport& direction : run->sample()) {
            sum.tx_packets += direction.tx_packets;
            sum.tx_bytes += direction.tx_bytes;
            sum.rx_packets += direction.rx_packets;
            sum.rx_bytes += direction.rx_bytes;
        }
    }
    return sum;
}

Window measure(const std::vector<const TrafficRun*>& runs, double seconds)
{
    using Clock = std::chrono::steady_clock;
    const Counts before = totals(runs);
    const Clock::time_point opened = Clock::now();
    pause_for(seconds);
    const Counts after = totals(runs);
    const Clock::time_point closed = Clock::now();
    Window window;
    window.seconds = std::chrono::duration<double>(closed - opened).count();
    window.moved = Counts{after.tx_packets - before.tx_packets, after.tx_bytes - before.tx_bytes,
                          after.rx_packets - before.rx_packets, after.rx_bytes - before.rx_bytes};
    return window;
}

void pause_for(double seconds)
{
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
}

} // namespace hammer::pmd_ops::bench
