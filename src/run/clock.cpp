#include "src/run/clock.hpp"

#include <condition_variable>
#include <mutex>

namespace hammer::run {

SteadyClock::SteadyClock() : start_{std::chrono::steady_clock::now()} {}

std::chrono::milliseconds SteadyClock::now() const
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start_);
}

std::chrono::system_clock::time_point SteadyClock::wall_now() const
{
    return std::chrono::system_clock::now();
}

bool SteadyClock::sleep_until(std::chrono::milliseconds deadline, std::stop_token stop)
{
    // condition_variable_any wakes on request_stop(), so a stop never waits out the slot.
    std::mutex mutex;
    std::condition_variable_any woken;
    std::unique_lock lock{mutex};
    return !woken.wait_until(lock, stop, start_ + deadline, [] { return false; }) && !stop.stop_requested();
}

} // namespace hammer::run
