#include "src/run/signal_stop.hpp"

#include <csignal>
#include <ctime>
#include <mutex>

namespace hammer::run {
namespace {

sigset_t stop_signals()
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    return set;
}

sigset_t block_stop_signals()
{
    const auto set = stop_signals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    return set;
}

} // namespace

SignalStop::SignalStop()
{
    block_stop_signals();
    watcher_ = std::jthread{[this](std::stop_token done) { watch(std::move(done)); }};
}

SignalStop::~SignalStop()
{
    watcher_.request_stop();
    watcher_.join();
    const auto set = stop_signals();
    pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

void SignalStop::listen(Listener listener)
{
    std::scoped_lock lock{listener_mutex_};
    listener_ = std::move(listener);
}

void SignalStop::watch(std::stop_token done)
{
    const auto set = stop_signals();
    // sigtimedwait rather than a handler: no async-signal-safety limits, and
    // the timeout lets the watcher notice that the run is over.
    const timespec poll{0, 100'000'000};
    unsigned count = 0;
    while (!done.stop_requested()) {
        const int signal_number = sigtimedwait(&set, nullptr, &poll);
        if (signal_number != SIGINT && signal_number != SIGTERM) {
            continue;
        }
        ++count;
        {
            std::scoped_lock lock{listener_mutex_};
            if (listener_) {
                listener_(signal_number == SIGINT ? "SIGINT" : "SIGTERM", count);
            }
        }
        (count == 1 ? stop_ : hurry_).request_stop();
    }
}

} // namespace hammer::run
