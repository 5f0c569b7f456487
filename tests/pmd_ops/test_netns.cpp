#include "tests/pmd_ops/test_netns.hpp"

#include <cstdlib>
#include <unistd.h>
#include <utility>

namespace hammer::pmd_ops::testing {
namespace {

// Test fixtures may shell out to ip(8); product code never does.
bool run(const std::string& command)
{
    return std::system((command + " >/dev/null 2>&1").c_str()) == 0;
}

} // namespace

std::optional<TestNetns> TestNetns::create(unsigned mtu, std::string& error, unsigned queues)
{
    static unsigned next = 0;
    TestNetns netns{"hm-pmd-" + std::to_string(::getpid()) + "-" + std::to_string(next++)};
    if (!run("ip netns add " + netns.name_)) {
        error = "ip netns add " + netns.name_ + " failed";
        netns.name_.clear();
        return std::nullopt;
    }
    // IPv6 off before the veths exist, so they never send neighbour discovery.
    const std::string exec = "ip netns exec " + netns.name_ + " ";
    std::string end_options = " mtu " + std::to_string(mtu);
    if (queues > 1) {
        end_options += " numtxqueues " + std::to_string(queues) + " numrxqueues " + std::to_string(queues);
    }
    const bool made = run(exec + "sysctl -qw net.ipv6.conf.all.disable_ipv6=1") &&
                      run(exec + "sysctl -qw net.ipv6.conf.default.disable_ipv6=1") &&
                      netns.ip("link add " + netns.veth_a_ + end_options + " type veth peer name " + netns.veth_b_ +
                               end_options) &&
                      netns.ip("link set " + netns.veth_a_ + " up") && netns.ip("link set " + netns.veth_b_ + " up");
    if (!made) {
        error = "could not make a veth pair in " + netns.name_;
        return std::nullopt; // the destructor removes the namespace
    }
    return netns;
}

TestNetns::TestNetns(std::string name) : name_{std::move(name)} {}

TestNetns::TestNetns(TestNetns&& other) noexcept
    : name_{std::exchange(other.name_, {})}, veth_a_{other.veth_a_}, veth_b_{other.veth_b_}
{
}

TestNetns::~TestNetns()
{
    if (!name_.empty()) {
        // Deleting the namespace deletes the veth pair inside it.
        run("ip netns del " + name_);
    }
}

bool TestNetns::ip(const std::string& arguments) const
{
    return run("ip -n " + name_ + " " + arguments);
}

} // namespace hammer::pmd_ops::testing
