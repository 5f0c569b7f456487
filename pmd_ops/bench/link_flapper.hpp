#pragma once

#include <string>
#include <thread>

namespace hammer::pmd_ops::bench {

/// Flaps a kernel interface down and up through rtnetlink (kernel_ops'
/// Netlink, one socket on a thread of its own) `per_second` times a second,
/// half of each period down, until stopped. The bench's disturbance, not an
/// operation: nothing is snapshotted; stop() leaves the link up.
class LinkFlapper {
public:
    LinkFlapper(std::string netns, std::string ifname, double per_second);
    LinkFlapper(const LinkFlapper&) = delete;
    LinkFlapper& operator=(const LinkFlapper&) = delete;
    ~LinkFlapper(); ///< stops, if stop() was not called

    /// Stops after the current half period and brings the link up; the
    /// number of completed down/up flaps. Throws BenchError when a netlink
    /// request failed.
    unsigned stop();

private:
    void flap(const std::stop_token& stop);

    std::string netns_;
    std::string ifname_;
    double per_second_;
    unsigned flaps_ = 0;
    std::string error_; ///< the first netlink failure, written by the thread
    std::jthread thread_;
};

} // namespace hammer::pmd_ops::bench
