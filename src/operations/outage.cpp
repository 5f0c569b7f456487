#include "src/operations/outage.hpp"

#include <cmath>

namespace hammer::operations {

double Outage::milliseconds() const noexcept
{
    return offered_pps > 0 ? static_cast<double>(lost) * 1000.0 / offered_pps : 0.0;
}

Outage outage_between(const TrafficMark& before, const TrafficMark& after, double offered_pps) noexcept
{
    Outage outage;
    outage.offered_pps = offered_pps;
    outage.window = after.at - before.at;
    const double offered = offered_pps * static_cast<double>(outage.window.count()) / 1000.0;
    const double received = static_cast<double>(after.received - before.received);
    outage.lost = offered > received ? static_cast<std::uint64_t>(std::llround(offered - received)) : 0;
    return outage;
}

double received_rate(const TrafficMark& from, const TrafficMark& to) noexcept
{
    const auto span = to.at - from.at;
    if (span.count() <= 0) {
        return 0.0;
    }
    return static_cast<double>(to.received - from.received) * 1000.0 / static_cast<double>(span.count());
}

nlohmann::json to_json(const Outage& outage)
{
    // Tenths of a millisecond: finer than the run clock that marks the window.
    return {{"lost-packets", outage.lost},
            {"offered-pps", std::round(outage.offered_pps)},
            {"window-ms", outage.window.count()},
            {"outage-ms", std::round(outage.milliseconds() * 10.0) / 10.0}};
}

} // namespace hammer::operations
