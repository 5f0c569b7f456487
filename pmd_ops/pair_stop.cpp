#include "pmd_ops/pair_stop.hpp"

#include <thread>

namespace hammer::pmd_ops {
namespace {

/// How long a memif end may take to finish connecting or to see its peer's
/// hangup: EAL's interrupt thread does either within milliseconds; a second
/// covers a loaded machine.
constexpr std::chrono::milliseconds memif_connect_wait{1000};
/// The rest of a hangup's teardown after the link is marked down: closing
/// the queues' event fds and unmapping the regions, microseconds of work.
constexpr std::chrono::milliseconds memif_teardown_settle{20};

bool is_memif(const Port& port)
{
    const auto info = port.info();
    return info && info->driver == "net_memif";
}

/// Polls `port`'s link every millisecond until it is `up` (or down) or
/// `timeout` passes; a failing read ends the wait.
void wait_link(const Port& port, bool up, std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        const auto link = port.link();
        if (!link || link->up == up) {
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds{1});
    }
}

} // namespace

StoppedPair stop_pair(Port& a, Port& b)
{
    StoppedPair stopped{a.started(), b.started(), false, std::nullopt};
    stopped.memif = stopped.a_started && stopped.b_started && is_memif(a);
    if (stopped.memif) {
        wait_link(a, true, memif_connect_wait);
        wait_link(b, true, memif_connect_wait);
    }
    if (auto done = b.stop(); !done) {
        stopped.failure = done.error();
        return stopped;
    }
    if (stopped.memif) {
        // The interrupt thread tears a's side down when it sees b's hangup
        // (memif_intr_handler → memif_disconnect), which a's own stop would
        // race. The teardown marks the link down first: wait for that and
        // the few microseconds after it.
        wait_link(a, false, memif_connect_wait);
        std::this_thread::sleep_for(memif_teardown_settle);
    }
    if (auto done = a.stop(); !done) {
        stopped.failure = done.error();
    }
    return stopped;
}

Result<void> start_pair(Port& a, Port& b, const StoppedPair& stopped, std::chrono::milliseconds link_timeout)
{
    std::optional<Error> failure = stopped.failure;
    for (const auto& [port, was_started] : {std::pair{&a, stopped.a_started}, std::pair{&b, stopped.b_started}}) {
        if (!was_started || port->started()) {
            continue;
        }
        if (auto started = port->start(); !started) {
            if (!failure) {
                failure = started.error();
            } else {
                failure->message += "; starting the ports again failed too: " + started.error().to_string();
            }
        }
    }
    if (stopped.memif) {
        // A pair that does not connect (a client with more rings than its
        // server) shows it in the next link read.
        wait_link(a, true, link_timeout);
        wait_link(b, true, link_timeout);
    }
    if (failure) {
        return *failure;
    }
    return {};
}

} // namespace hammer::pmd_ops
