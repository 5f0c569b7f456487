#include "pmd_ops/bench/link_flapper.hpp"

#include "pmd_ops/bench/bench_error.hpp"

#include "kernel_ops/netlink.hpp"

#include <chrono>

namespace hammer::pmd_ops::bench {

LinkFlapper::LinkFlapper(std::string netns, std::string ifname, double per_second)
    : netns_{std::move(netns)}, ifname_{std::move(ifname)}, per_second_{per_second},
      thread_{[this](const std::stop_token& stop) { flap(stop); }}
{
}

LinkFlapper::~LinkFlapper()
{
    thread_.request_stop();
}

void LinkFlapper::flap(const std::stop_token& stop)
{
    auto opened = kernel_ops::Netlink::open(netns_);
    if (!opened) {
        error_ = opened.error().describe();
        return;
    }
    kernel_ops::Netlink& netlink = opened.value();
    const auto half = std::chrono::duration<double>(0.5 / per_second_);
    while (!stop.stop_requested()) {
        if (auto down = netlink.set_admin(ifname_, false); !down) {
            error_ = down.error().describe();
            break;
        }
        std::this_thread::sleep_for(half);
        if (auto up = netlink.set_admin(ifname_, true); !up) {
            error_ = up.error().describe();
            break;
        }
        ++flaps_;
        std::this_thread::sleep_for(half);
    }
}

unsigned LinkFlapper::stop()
{
    thread_.request_stop();
    if (thread_.joinable()) {
        thread_.join();
    }
    if (!error_.empty()) {
        throw BenchError{"flap " + ifname_ + ": " + error_};
    }
    return flaps_;
}

} // namespace hammer::pmd_ops::bench
