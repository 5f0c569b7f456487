#pragma once

#include "src/record/run_watch.hpp"
#include "src/run/tracker.hpp"

#include <chrono>
#include <cstdio>
#include <thread>

namespace hammer::run {

class Clock;

/// Shows the run while it lasts, one line per pair (loop, operation, phase,
/// elapsed/planned, last outcome, and the received rate of each direction
/// while the pair's traffic runs, from `watch`). On a terminal the lines are redrawn in
/// place twice a second; otherwise (CI logs, files) they are written as plain
/// lines every `plain_interval`. Runs on its own thread in real time.
class LiveView {
public:
    LiveView(const Tracker& tracker, const record::RunWatch& watch, const Clock& clock, std::FILE* out,
             std::chrono::milliseconds plain_interval = std::chrono::seconds{10});
    LiveView(const LiveView&) = delete;
    LiveView& operator=(const LiveView&) = delete;
    ~LiveView(); ///< stops and draws the last state once more

private:
    void draw();
    void show(std::stop_token stop);

    const Tracker& tracker_;
    const record::RunWatch& watch_;
    const Clock& clock_;
    std::FILE* out_;
    bool terminal_;
    std::chrono::milliseconds interval_;
    std::size_t drawn_lines_ = 0;
    std::jthread thread_; ///< last: starts once the rest exists
};

/// The received rates of a pair's traffic as the live view appends them:
/// "  fwd 1.23 Mpps 984 Mbit/s  rev 1.20 Mpps 960 Mbit/s"; empty while no
/// traffic of the pair runs.
[[nodiscard]] std::string rate_text(const record::WatchedPair& pair);

} // namespace hammer::run
