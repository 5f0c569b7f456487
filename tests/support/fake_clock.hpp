#pragma once

#include "src/run/clock.hpp"

#include <condition_variable>
#include <list>
#include <mutex>

namespace hammer::testing {

/// Virtual time for runner tests with real threads: time stands still while
/// any attending thread works, and jumps to the earliest deadline once every
/// attending thread sleeps. Hours of schedule run in milliseconds, and every
/// step starts and ends at exactly its planned instant unless the operation
/// itself overruns.
class FakeClock final : public run::Clock {
public:
    /// 2026-11-22T00:00:00Z: fixed, so journals of a fake run are repeatable.
    FakeClock();

    [[nodiscard]] std::chrono::milliseconds now() const override;
    [[nodiscard]] std::chrono::system_clock::time_point wall_now() const override;
    bool sleep_until(std::chrono::milliseconds deadline, std::stop_token stop) override;
    void enter() override;
    void leave() override;

private:
    struct Sleeper {
        std::chrono::milliseconds deadline;
        bool stopped = false;
    };

    /// Moves time to the earliest deadline when no attending thread is awake.
    void advance_if_idle();

    mutable std::mutex mutex_;
    std::condition_variable woken_;
    std::chrono::milliseconds now_{};
    std::size_t attending_ = 0;
    std::list<Sleeper> sleepers_; ///< std::list: each sleeper keeps its element while others come and go
    std::chrono::system_clock::time_point epoch_;
};

} // namespace hammer::testing
