#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>

namespace hammer::operations {

/// Frames a pair's traffic had received (all directions) at an instant of
/// the run clock.
struct TrafficMark {
    std::chrono::milliseconds at{};
    std::uint64_t received = 0;
};

/// What one control change cost the traffic crossing the port, as CSIT's
/// reconfiguration tests report it: the frames the offered rate would have
/// delivered over a window around the change that did not arrive, and that
/// as time, lost ÷ offered rate ("blocked time"). Frames the generator held
/// back while the port was stopped count as lost too: for the traffic they
/// are the same outage. A window that starts and ends with traffic flowing
/// steadily adds nothing beyond the change itself.
struct Outage {
    std::uint64_t lost = 0;
    double offered_pps = 0;
    std::chrono::milliseconds window{};

    /// lost ÷ offered rate, in milliseconds; 0 without an offered rate.
    [[nodiscard]] double milliseconds() const noexcept;
};

/// The outage between two marks at `offered_pps` (all directions together).
/// More frames than offered (a generator catching up) is no outage.
[[nodiscard]] Outage outage_between(const TrafficMark& before, const TrafficMark& after, double offered_pps) noexcept;

/// The rate received between two marks, for traffic sent as fast as the
/// port takes (no rate of its own to offer): frames per second, 0 for an
/// empty interval.
[[nodiscard]] double received_rate(const TrafficMark& from, const TrafficMark& to) noexcept;

/// {"lost-packets", "offered-pps", "window-ms", "outage-ms"}: the fields of a
/// journal "outage" event besides who and what changed.
[[nodiscard]] nlohmann::json to_json(const Outage& outage);

} // namespace hammer::operations
