#include "tests/kernel_ops/netns_fixture.hpp"

#include "kernel_ops/netns.hpp"

#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>

#include <atomic>
#include <cstdlib>
#include <unistd.h>

namespace hammer::kernel_ops::testing {
namespace {

std::atomic<unsigned> namespaces_made{0};

struct FileDescriptorGuard {
    explicit FileDescriptorGuard(int descriptor) : fd{descriptor} {}
    FileDescriptorGuard(const FileDescriptorGuard&) = delete;
    FileDescriptorGuard& operator=(const FileDescriptorGuard&) = delete;
    ~FileDescriptorGuard()
    {
        if (fd >= 0) {
            close(fd);
        }
    }
    int fd;
};

} // namespace

int run_shell(const std::string& command)
{
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void NetnsTest::SetUp()
{
    if (geteuid() != 0) {
        GTEST_SKIP() << "needs root to make a network namespace (CI runs as root)";
    }
    netns_ = "hm-kops-" + std::to_string(getpid()) + "-" + std::to_string(namespaces_made++);
    run_shell("ip netns del " + netns_ + " 2>/dev/null");
    ASSERT_EQ(run_shell("ip netns add " + netns_), 0);
    // default.* applies to interfaces made after it: set it before the devices.
    // IPv6 off: no neighbour discovery frames move the counters under test.
    run_shell("ip netns exec " + netns_ +
              " sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1");
    for (const char* pair : {"hm0", "hm1"}) {
        const std::string name{pair};
        ip("link add " + name + "a numtxqueues 8 numrxqueues 8 type veth peer name " + name +
           "b numtxqueues 8 numrxqueues 8");
    }
    ip("tuntap add dev hmt0 mode tun");
    ip("tuntap add dev hmt1 mode tun");
    for (const char* device : {"lo", "hm0a", "hm0b", "hm1a", "hm1b", "hmt0", "hmt1"}) {
        ip(std::string{"link set dev "} + device + " up");
    }
}

void NetnsTest::TearDown()
{
    if (!netns_.empty()) {
        run_shell("ip netns del " + netns_);
        netns_.clear();
    }
}

void NetnsTest::ip(const std::string& arguments)
{
    ASSERT_EQ(run_shell("ip -n " + netns_ + " " + arguments), 0) << "ip " << arguments;
}

int NetnsTest::ethtool(const std::string& arguments)
{
    return run_shell("ip netns exec " + netns_ + " ethtool " + arguments + " >/dev/null 2>&1");
}

void NetnsTest::send_frames(const std::string& ifname, int count)
{
    auto visit = NetnsVisit::enter(netns_);
    ASSERT_TRUE(visit.has_value()) << visit.error().describe();
    FileDescriptorGuard socket{::socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0)};
    const unsigned ifindex = if_nametoindex(ifname.c_str());
    ASSERT_TRUE(visit.value().leave().has_value());
    ASSERT_GE(socket.fd, 0);
    ASSERT_NE(ifindex, 0U) << ifname;
    sockaddr_ll to{};
    to.sll_family = AF_PACKET;
    to.sll_ifindex = static_cast<int>(ifindex);
    to.sll_halen = ETH_ALEN;
    // Broadcast destination, EtherType 0x88B5 (IEEE 802 local experimental): no stack answers it.
    std::array<unsigned char, 64> frame{};
    std::fill_n(frame.begin(), ETH_ALEN, 0xff);
    frame[12] = 0x88;
    frame[13] = 0xb5;
    for (int sent = 0; sent < count; ++sent) {
        ASSERT_EQ(sendto(socket.fd, frame.data(), frame.size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof(to)),
                  static_cast<ssize_t>(frame.size()));
    }
}

} // namespace hammer::kernel_ops::testing
