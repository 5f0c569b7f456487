#include "src/run/live_view.hpp"

#include "src/run/clock.hpp"

#include <condition_variable>
#include <mutex>
#include <unistd.h>

namespace hammer::run {

LiveView::LiveView(const Tracker& tracker, const Clock& clock, std::FILE* out,
                   std::chrono::milliseconds plain_interval)
    : tracker_{tracker}, clock_{clock}, out_{out}, terminal_{::isatty(::fileno(out)) == 1},
      interval_{terminal_ ? std::chrono::milliseconds{500} : plain_interval},
      thread_{[this](std::stop_token stop) { show(std::move(stop)); }}
{
}

LiveView::~LiveView()
{
    thread_.request_stop();
    thread_.join();
    draw();
}

void LiveView::show(std::stop_token stop)
{
    std::mutex mutex;
    std::condition_variable_any tick;
    std::unique_lock lock{mutex};
    while (!tick.wait_for(lock, stop, interval_, [] { return false; }) && !stop.stop_requested()) {
        draw();
    }
}

void LiveView::draw()
{
    const auto now = clock_.now();
    const auto pairs = tracker_.progress();
    if (terminal_ && drawn_lines_ > 0) {
        std::fprintf(out_, "\x1b[%zuA", drawn_lines_); // back to the first line drawn last time
    }
    for (const auto& pair : pairs) {
        std::fprintf(out_, "%s%s\n", terminal_ ? "\x1b[2K" : "", progress_line(pair, now).c_str());
    }
    drawn_lines_ = pairs.size();
    std::fflush(out_);
}

} // namespace hammer::run
