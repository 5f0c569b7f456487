#include "tests/support/fake_clock.hpp"

#include <algorithm>

namespace hammer::testing {

FakeClock::FakeClock() : epoch_{std::chrono::sys_days{std::chrono::November / 22 / 2026}} {}

std::chrono::milliseconds FakeClock::now() const
{
    std::scoped_lock lock{mutex_};
    return now_;
}

std::chrono::system_clock::time_point FakeClock::wall_now() const
{
    return epoch_ + now();
}

bool FakeClock::sleep_until(std::chrono::milliseconds deadline, std::stop_token stop)
{
    std::unique_lock lock{mutex_};
    if (stop.stop_requested()) {
        return false;
    }
    if (deadline <= now_) {
        return true;
    }
    const auto self = sleepers_.insert(sleepers_.end(), Sleeper{deadline});
    lock.unlock();
    bool reached = false;
    {
        // request_stop() runs this in the requesting thread before it returns,
        // so the sleeper counts as awake before the requester can sleep and
        // let time move on.
        std::stop_callback on_stop{stop, [&] {
                                       std::scoped_lock stopping{mutex_};
                                       self->stopped = true;
                                       woken_.notify_all();
                                   }};
        lock.lock();
        advance_if_idle();
        woken_.wait(lock, [&] { return self->stopped || now_ >= deadline; });
        reached = !self->stopped;
        lock.unlock(); // on_stop's destructor may wait for a callback that needs the mutex
    }
    // Only now that on_stop is gone can no stop request still write to the
    // sleeper (found by ASan: a request_stop right after the deadline).
    lock.lock();
    sleepers_.erase(self);
    return reached;
}

void FakeClock::enter()
{
    std::scoped_lock lock{mutex_};
    ++attending_;
}

void FakeClock::leave()
{
    std::scoped_lock lock{mutex_};
    --attending_;
    advance_if_idle();
}

void FakeClock::advance_if_idle()
{
    std::size_t asleep = 0;
    auto earliest = std::chrono::milliseconds::max();
    for (const auto& sleeper : sleepers_) {
        if (!sleeper.stopped && sleeper.deadline > now_) {
            ++asleep;
            earliest = std::min(earliest, sleeper.deadline);
        }
    }
    if (attending_ > 0 && asleep >= attending_) {
        now_ = earliest;
        woken_.notify_all();
    }
}

} // namespace hammer::testing
