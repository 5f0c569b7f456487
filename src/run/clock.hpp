#pragma once

#include <chrono>
#include <mutex>
#include <stop_token>

namespace hammer::run {

/// The time a run follows. Schedule instants are milliseconds since the run
/// started; timestamps in the result are wall-clock time. Tests substitute a
/// virtual clock that jumps to the next deadline once every thread following
/// the schedule is asleep, so hours of schedule run in milliseconds.
class Clock {
public:
    Clock() = default;
    Clock(const Clock&) = delete;
    Clock& operator=(const Clock&) = delete;
    virtual ~Clock() = default;

    /// Time since the run started.
    [[nodiscard]] virtual std::chrono::milliseconds now() const = 0;

    /// The wall-clock time of now(), for timestamps.
    [[nodiscard]] virtual std::chrono::system_clock::time_point wall_now() const = 0;

    /// Sleeps until now() reaches `deadline` or stop is requested, whichever
    /// comes first. Returns true when the deadline was reached.
    virtual bool sleep_until(std::chrono::milliseconds deadline, std::stop_token stop) = 0;

    /// A thread that follows the schedule announces itself for as long as it
    /// does (see Attendance). While it attends, it may block only in
    /// sleep_until, never on another thread.
    virtual void enter() {}
    virtual void leave() {}

    bool sleep_for(std::chrono::milliseconds span, std::stop_token stop) { return sleep_until(now() + span, stop); }
};

/// Scoped Clock::enter / Clock::leave. A thread that starts schedule threads
/// enters on their behalf before it starts them, and each adopts its share,
/// so that virtual time cannot move on before all of them are under way.
class Attendance {
public:
    explicit Attendance(Clock& clock) : clock_{clock} { clock_.enter(); }
    Attendance(Clock& clock, std::adopt_lock_t) : clock_{clock} {}
    Attendance(const Attendance&) = delete;
    Attendance& operator=(const Attendance&) = delete;
    ~Attendance() { clock_.leave(); }

private:
    Clock& clock_;
};

/// Real time: std::chrono::steady_clock from construction, wall time from system_clock.
class SteadyClock final : public Clock {
public:
    SteadyClock();

    [[nodiscard]] std::chrono::milliseconds now() const override;
    [[nodiscard]] std::chrono::system_clock::time_point wall_now() const override;
    bool sleep_until(std::chrono::milliseconds deadline, std::stop_token stop) override;

private:
    std::chrono::steady_clock::time_point start_;
};

} // namespace hammer::run
