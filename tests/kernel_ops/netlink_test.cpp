// The primitives against real veth and tun devices in the test's namespace.
#include "kernel_ops/netlink.hpp"
#include "src/run/clock.hpp"
#include "tests/kernel_ops/netns_fixture.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cerrno>

namespace hammer::kernel_ops {
namespace {

using ::testing::HasSubstr;
using testing::NetnsTest;

class NetlinkTest : public NetnsTest {
protected:
    void SetUp() override
    {
        NetnsTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) {
            return;
        }
        auto opened = Netlink::open(netns_);
        ASSERT_TRUE(opened.has_value()) << opened.error().describe();
        netlink_.emplace(std::move(opened).value());
    }

    Netlink& netlink() { return *netlink_; }

    std::optional<Netlink> netlink_;
};

TEST_F(NetlinkTest, ReadsLinkOfAVeth)
{
    auto link = netlink().read_link("hm0a");
    ASSERT_TRUE(link.has_value()) << link.error().describe();
    EXPECT_EQ(link.value().ifname, "hm0a");
    EXPECT_GT(link.value().ifindex, 0);
    EXPECT_TRUE(link.value().admin_up);
    EXPECT_TRUE(link.value().carrier);
    EXPECT_EQ(link.value().oper_state, "up");
    EXPECT_EQ(link.value().mtu, 1500U);
    EXPECT_EQ(link.value().min_mtu, 68U);
    EXPECT_EQ(link.value().max_mtu, 65535U);
    EXPECT_EQ(link.value().mac.size(), 17U);
}

TEST_F(NetlinkTest, OpensTheSocketInsideTheNamespaceOnly)
{
    // hm0a exists only in the test's namespace: hammer's own cannot see it.
    auto outside = Netlink::open("");
    ASSERT_TRUE(outside.has_value()) << outside.error().describe();
    auto link = outside.value().read_link("hm0a");
    ASSERT_FALSE(link.has_value());
    EXPECT_EQ(link.error().error_number, ENODEV);
}

TEST_F(NetlinkTest, MissingNamespaceIsENOENT)
{
    auto opened = Netlink::open(netns_ + "-absent");
    ASSERT_FALSE(opened.has_value());
    EXPECT_EQ(opened.error().error_number, ENOENT);
    EXPECT_THAT(opened.error().describe(), HasSubstr("/run/netns/" + netns_ + "-absent"));
}

TEST_F(NetlinkTest, MissingInterfaceIsENODEV)
{
    auto link = netlink().read_link("hm9z");
    ASSERT_FALSE(link.has_value());
    EXPECT_EQ(link.error().error_number, ENODEV);
    auto channels = netlink().read_channels("hm9z");
    ASSERT_FALSE(channels.has_value());
    EXPECT_EQ(channels.error().error_number, ENODEV);
}

TEST_F(NetlinkTest, AdminDownDropsCarrierOfBothEndsAndUpBringsItBack)
{
    ASSERT_TRUE(netlink().set_admin("hm0a", false).has_value());
    auto a = netlink().read_link("hm0a");
    auto b = netlink().read_link("hm0b");
    ASSERT_TRUE(a.has_value() && b.has_value());
    EXPECT_FALSE(a.value().admin_up);
    EXPECT_FALSE(a.value().carrier);
    EXPECT_FALSE(b.value().carrier);

    ASSERT_TRUE(netlink().set_admin("hm0a", true).has_value());
    run::SteadyClock clock;
    auto up = netlink().wait_for_carrier("hm0a", std::chrono::seconds{5}, clock, {});
    ASSERT_TRUE(up.has_value()) << up.error().describe();
    EXPECT_TRUE(up.value().carrier);
}

TEST_F(NetlinkTest, WaitingForCarrierTimesOutWithETIMEDOUT)
{
    ASSERT_TRUE(netlink().set_admin("hm0b", false).has_value());
    run::SteadyClock clock;
    auto up = netlink().wait_for_carrier("hm0a", std::chrono::milliseconds{200}, clock, {});
    ASSERT_FALSE(up.has_value());
    EXPECT_EQ(up.error().error_number, ETIMEDOUT);
    EXPECT_THAT(up.error().kernel_message, HasSubstr("no carrier after 200 ms"));
}

TEST_F(NetlinkTest, WaitingForCarrierEndsOnStop)
{
    ASSERT_TRUE(netlink().set_admin("hm0b", false).has_value());
    run::SteadyClock clock;
    std::stop_source stop;
    stop.request_stop();
    auto up = netlink().wait_for_carrier("hm0a", std::chrono::seconds{20}, clock, stop.get_token());
    ASSERT_FALSE(up.has_value());
    EXPECT_EQ(up.error().error_number, ECANCELED);
}

TEST_F(NetlinkTest, SetsMtuAndReadsItBack)
{
    ASSERT_TRUE(netlink().set_mtu("hm0a", 9000).has_value());
    auto link = netlink().read_link("hm0a");
    ASSERT_TRUE(link.has_value());
    EXPECT_EQ(link.value().mtu, 9000U);
}

TEST_F(NetlinkTest, MtuOutOfRangeIsEINVALWithTheKernelsText)
{
    auto above = netlink().set_mtu("hm0a", 70000);
    ASSERT_FALSE(above.has_value());
    EXPECT_EQ(above.error().error_number, EINVAL);
    EXPECT_THAT(above.error().kernel_message, HasSubstr("greater than device maximum"));
    auto below = netlink().set_mtu("hm0a", 60);
    ASSERT_FALSE(below.has_value());
    EXPECT_EQ(below.error().error_number, EINVAL);
    EXPECT_THAT(below.error().kernel_message, HasSubstr("less than device minimum"));
    EXPECT_THAT(below.error().describe(), HasSubstr("EINVAL"));
}

TEST_F(NetlinkTest, ReadsAndSetsVethChannels)
{
    auto channels = netlink().read_channels("hm0a");
    ASSERT_TRUE(channels.has_value()) << channels.error().describe();
    EXPECT_EQ(channels.value().maximum.rx, 8U);
    EXPECT_EQ(channels.value().maximum.tx, 8U);
    EXPECT_EQ(channels.value().maximum.combined, std::nullopt);
    EXPECT_EQ(channels.value().current.rx, 8U);

    ASSERT_TRUE(netlink().set_channels("hm0a", ChannelCounts{2, 3, {}, {}}).has_value());
    auto changed = netlink().read_channels("hm0a");
    ASSERT_TRUE(changed.has_value());
    EXPECT_EQ(changed.value().current.rx, 2U);
    EXPECT_EQ(changed.value().current.tx, 3U);
}

TEST_F(NetlinkTest, ChannelsAboveTheMaximumAreRefusedWithTheKernelsText)
{
    auto refused = netlink().set_channels("hm0a", ChannelCounts{9, {}, {}, {}});
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().error_number, EINVAL);
    EXPECT_FALSE(refused.error().kernel_message.empty());
}

TEST_F(NetlinkTest, VethHasNoRings)
{
    auto rings = netlink().read_rings("hm0a");
    ASSERT_FALSE(rings.has_value());
    EXPECT_EQ(rings.error().error_number, EOPNOTSUPP);
    auto set = netlink().set_rings("hm0a", RingSizes{512, {}, {}, 512});
    ASSERT_FALSE(set.has_value());
    EXPECT_EQ(set.error().error_number, EOPNOTSUPP);
}

TEST_F(NetlinkTest, ReadsVethLinkModesButCannotChangeThem)
{
    auto modes = netlink().read_link_modes("hm0a");
    ASSERT_TRUE(modes.has_value()) << modes.error().describe();
    EXPECT_EQ(modes.value().speed_mbps, 10000U);
    EXPECT_EQ(modes.value().duplex, Duplex::full);
    auto set = netlink().set_link_modes("hm0a", LinkModesRequest{1000, Duplex::full, false, std::nullopt});
    ASSERT_FALSE(set.has_value());
    EXPECT_EQ(set.error().error_number, EOPNOTSUPP);
}

TEST_F(NetlinkTest, SetsTunLinkModes)
{
    ASSERT_TRUE(netlink().set_link_modes("hmt0", LinkModesRequest{100, Duplex::half, false, std::nullopt}).has_value());
    auto modes = netlink().read_link_modes("hmt0");
    ASSERT_TRUE(modes.has_value()) << modes.error().describe();
    EXPECT_EQ(modes.value().speed_mbps, 100U);
    EXPECT_EQ(modes.value().duplex, Duplex::half);
    EXPECT_FALSE(modes.value().autoneg);
    EXPECT_EQ(modes.value().port, "tp");
}

TEST_F(NetlinkTest, TunChannelsAreReadOnly)
{
    auto channels = netlink().read_channels("hmt0");
    ASSERT_TRUE(channels.has_value()) << channels.error().describe();
    auto set = netlink().set_channels("hmt0", ChannelCounts{1, 1, {}, {}});
    ASSERT_FALSE(set.has_value());
    EXPECT_EQ(set.error().error_number, EOPNOTSUPP);
}

TEST_F(NetlinkTest, CountsTrafficIn64BitStatistics)
{
    auto before = netlink().read_stats("hm0b");
    ASSERT_TRUE(before.has_value()) << before.error().describe();
    auto sent_before = netlink().read_stats("hm0a");
    ASSERT_TRUE(sent_before.has_value());
    send_frames("hm0a", 3);
    // The frames cross the veth in softirq: give them a moment.
    run::SteadyClock clock;
    auto after = netlink().read_stats("hm0b");
    for (int tries = 0; tries < 40 && after.has_value() && after.value().rx_packets < before.value().rx_packets + 3;
         ++tries) {
        clock.sleep_for(std::chrono::milliseconds{50}, {});
        after = netlink().read_stats("hm0b");
    }
    ASSERT_TRUE(after.has_value());
    EXPECT_GE(after.value().rx_packets, before.value().rx_packets + 3);
    EXPECT_GT(after.value().rx_bytes, before.value().rx_bytes);
    auto sent_after = netlink().read_stats("hm0a");
    ASSERT_TRUE(sent_after.has_value());
    EXPECT_EQ(sent_after.value().tx_packets, sent_before.value().tx_packets + 3);
    EXPECT_EQ(sent_after.value().tx_bytes, sent_before.value().tx_bytes + 3 * 64);
}

TEST_F(NetlinkTest, FindsTheDefaultRouteOfAnInterface)
{
    auto none = netlink().default_route_via("hm0a");
    ASSERT_TRUE(none.has_value()) << none.error().describe();
    EXPECT_FALSE(none.value().has_value());

    ip("addr add 192.0.2.1/24 dev hm0a");
    ip("route add default via 192.0.2.254 dev hm0a");
    auto found = netlink().default_route_via("hm0a");
    ASSERT_TRUE(found.has_value()) << found.error().describe();
    ASSERT_TRUE(found.value().has_value());
    EXPECT_EQ(found.value()->family, "IPv4");
    auto other = netlink().default_route_via("hm1a");
    ASSERT_TRUE(other.has_value());
    EXPECT_FALSE(other.value().has_value());
}

} // namespace
} // namespace hammer::kernel_ops
