#include "src/run/live_view.hpp"

#include "src/report/format.hpp"
#include "src/run/clock.hpp"

#include <array>
#include <condition_variable>
#include <mutex>
#include <unistd.h>

namespace hammer::run {

LiveView::LiveView(const Tracker& tracker, const record::RunWatch& watch, const Clock& clock, std::FILE* out,
                   std::chrono::milliseconds plain_interval)
    : tracker_{tracker}, watch_{watch}, clock_{clock}, out_{out}, terminal_{::isatty(::fileno(out)) == 1},
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
    const auto watched = watch_.view();
    if (terminal_ && drawn_lines_ > 0) {
        std::fprintf(out_, "\x1b[%zuA", drawn_lines_); // back to the first line drawn last time
    }
    for (const auto& pair : pairs) {
        std::string rates;
        for (const auto& watched_pair : watched.pairs) {
            if (watched_pair.pair_id == pair.pair_id) {
                rates = rate_text(watched_pair);
            }
        }
        std::fprintf(out_, "%s%s%s\n", terminal_ ? "\x1b[2K" : "", progress_line(pair, now).c_str(), rates.c_str());
    }
    drawn_lines_ = pairs.size();
    std::fflush(out_);
}

std::string rate_text(const record::WatchedPair& pair)
{
    static constexpr std::array<std::string_view, 2> short_names{"fwd", "rev"};
    std::string text;
    for (std::size_t d = 0; d < pair.directions.size(); ++d) {
        const auto& direction = pair.directions[d];
        if (direction.tx_pps > 0.0 || direction.rx_pps > 0.0) {
            text += "  " + std::string{short_names[d]} + " " + report::format_si(direction.rx_pps, "pps") + " " +
                    report::format_si(direction.rx_bps, "bit/s");
        }
    }
    return text;
}

} // namespace hammer::run
