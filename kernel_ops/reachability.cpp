#include "kernel_ops/reachability.hpp"

#include "kernel_ops/echo.hpp"
#include "kernel_ops/netlink.hpp"

namespace hammer::kernel_ops {
namespace {

using operations::Verdict;

/// How long a reachability check pings before the pair is unreachable, and
/// how often: a veth answers in microseconds, a NIC whose link just came up
/// may need a second or two to negotiate before the first frame passes.
constexpr std::chrono::milliseconds echo_timeout{3000};
constexpr std::chrono::milliseconds echo_interval{200};

} // namespace

Verdict check_path(const InterfaceRef& from, const InterfaceRef& to, const topology::IpAddress& address,
                   bool to_is_known, const CommandLog& log)
{
    auto round_trip = echo(from.netns, from.ifname, address.text, address.ipv6, echo_timeout, echo_interval);
    if (!round_trip) {
        log_outcome(log, ping_command(from, address.text, address.ipv6), &round_trip.error());
        return Verdict::error(from.ifname + " does not reach " + address.text + ": " + round_trip.error().describe());
    }
    const auto micros = std::to_string(round_trip.value().count());
    log_outcome(log, ping_command(from, address.text, address.ipv6), nullptr,
                "reply from " + address.text + " in " + micros + " us");

    // The echo went to the right address; the neighbour entry says it went
    // to the right interface.
    auto netlink = Netlink::open(from.netns);
    auto neighbour = netlink ? netlink.value().read_neighbour(from.ifname, address.text, address.ipv6)
                             : Result<std::optional<std::string>>{netlink.error()};
    if (!neighbour) {
        log_outcome(log, show_neighbour_command(from, address.text), &neighbour.error());
        return Verdict::error(neighbour.error().describe());
    }
    const std::string learned = neighbour.value().value_or("");
    log_outcome(log, show_neighbour_command(from, address.text), nullptr,
                learned.empty() ? "" : address.text + " lladdr " + learned);
    const std::string protocol = address.ipv6 ? "neighbour discovery" : "ARP";
    if (learned.empty()) {
        return Verdict::error(from.ifname + " reached " + address.text + " but has no " + protocol + " entry");
    }
    if (to_is_known) {
        auto peer = Netlink::open(to.netns);
        auto link = peer ? peer.value().read_link(to.ifname) : Result<LinkState>{peer.error()};
        if (!link) {
            return Verdict::error(link.error().describe());
        }
        if (learned != link.value().mac) {
            return Verdict::error(from.ifname + " reached " + address.text + " at " + learned + " by " + protocol +
                                  ", not at " + to.ifname + "'s " + link.value().mac);
        }
    }
    return Verdict::pass(from.ifname + " reaches " + address.text + " (" + to.ifname + ", " + learned + " by " +
                         protocol + ") in " + micros + " us");
}

} // namespace hammer::kernel_ops
