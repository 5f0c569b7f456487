#pragma once

#include <atomic>
#include <functional>
#include <stop_token>
#include <string_view>
#include <thread>

namespace hammer::run {

/// Turns SIGINT and SIGTERM into stop requests: the first stops the run
/// (steps under way end, the rest are skipped, teardown and restore run),
/// the second hurries it (verification and recovery are skipped too; the
/// restore still runs). Construct it before any other thread starts: it
/// blocks both signals in the calling thread, every thread started later
/// inherits that mask, and one watcher thread takes them with sigtimedwait.
class SignalStop {
public:
    /// Called on the watcher thread with "SIGINT"/"SIGTERM" and 1, 2, ...
    using Listener = std::function<void(std::string_view signal_name, unsigned count)>;

    SignalStop();
    SignalStop(const SignalStop&) = delete;
    SignalStop& operator=(const SignalStop&) = delete;
    ~SignalStop(); ///< stops watching and unblocks the signals in this thread

    void listen(Listener listener);

    /// Stops the run as a first SIGINT does, for a reason of hammer's own (the
    /// journal can no longer be written): steps under way end, every interface
    /// is restored.
    void stop() { stop_.request_stop(); }

    [[nodiscard]] std::stop_token stop_token() const { return stop_.get_token(); }
    [[nodiscard]] std::stop_token hurry_token() const { return hurry_.get_token(); }

private:
    void watch(std::stop_token done);

    std::stop_source stop_;
    std::stop_source hurry_;
    std::mutex listener_mutex_;
    Listener listener_;
    std::jthread watcher_; ///< last: started once the rest exists
};

} // namespace hammer::run
