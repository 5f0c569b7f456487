#include "kernel_ops/commands.hpp"

#include <gtest/gtest.h>

#include <cerrno>

namespace hammer::kernel_ops {
namespace {

const InterfaceRef here{"hm0a", ""};
const InterfaceRef inside{"hm0a", "hm-test"};

TEST(Commands, IpCommandsNameTheNamespaceWithDashN)
{
    EXPECT_EQ(set_mtu_command(here, 9000), "ip link set dev hm0a mtu 9000");
    EXPECT_EQ(set_mtu_command(inside, 9000), "ip -n hm-test link set dev hm0a mtu 9000");
    EXPECT_EQ(set_admin_command(here, false), "ip link set dev hm0a down");
    EXPECT_EQ(set_admin_command(inside, true), "ip -n hm-test link set dev hm0a up");
    EXPECT_EQ(show_link_command(here), "ip link show dev hm0a");
    EXPECT_EQ(show_stats_command(inside), "ip -n hm-test -s link show dev hm0a");
    EXPECT_EQ(show_routes_command(here, "IPv6"), "ip -6 route show default");
    EXPECT_EQ(show_routes_command(here, "IPv4"), "ip -4 route show default");
}

TEST(Commands, EthtoolCommandsRunThroughNetnsExec)
{
    EXPECT_EQ(set_channels_command(here, ChannelCounts{2, 2, {}, {}}), "ethtool -L hm0a rx 2 tx 2");
    EXPECT_EQ(set_channels_command(inside, ChannelCounts{{}, {}, 1, 4}),
              "ip netns exec hm-test ethtool -L hm0a other 1 combined 4");
    EXPECT_EQ(show_channels_command(here), "ethtool -l hm0a");
    EXPECT_EQ(show_rings_command(here), "ethtool -g hm0a");
    EXPECT_EQ(set_rings_command(here, RingSizes{512, {}, {}, 1024}), "ethtool -G hm0a rx 512 tx 1024");
    EXPECT_EQ(set_rings_command(here, RingSizes{{}, 64, 128, {}}), "ethtool -G hm0a rx-mini 64 rx-jumbo 128");
    EXPECT_EQ(show_link_modes_command(inside), "ip netns exec hm-test ethtool hm0a");
    EXPECT_EQ(set_link_modes_command(here, LinkModesRequest{100, Duplex::half, false, std::nullopt}),
              "ethtool -s hm0a speed 100 duplex half autoneg off");
    EXPECT_EQ(set_link_modes_command(here, LinkModesRequest{{}, {}, true, std::nullopt}), "ethtool -s hm0a autoneg on");
    EXPECT_EQ(set_link_modes_command(here, LinkModesRequest{{}, {}, true, LinkModeBits{40, {0x1020, 0x80}, {}}}),
              "ethtool -s hm0a autoneg on advertise 0x8000001020");
    EXPECT_EQ(set_link_modes_command(here, LinkModesRequest{{}, {}, true, LinkModeBits{40, {0, 0}, {}}}),
              "ethtool -s hm0a autoneg on advertise 0x0");
}

TEST(Commands, ErrorResponsesReadLikeIpAndKeepTheErrno)
{
    EXPECT_EQ(error_response(EINVAL, "mtu greater than device maximum"),
              "Error: mtu greater than device maximum. (EINVAL: Invalid argument)");
    EXPECT_EQ(error_response(EOPNOTSUPP, ""), "Error: EOPNOTSUPP: Operation not supported.");
}

TEST(Responses, DescribeWhatTheKernelAnswered)
{
    LinkState link;
    link.admin_up = true;
    link.carrier = true;
    link.oper_state = "up";
    link.mtu = 1500;
    link.min_mtu = 68;
    link.max_mtu = 65535;
    link.mac = "3a:d2:d5:e1:65:e1";
    EXPECT_EQ(link_response(link), "admin up, carrier, operstate up, mtu 1500 (68-65535), mac 3a:d2:d5:e1:65:e1");
    LinkState tun;
    tun.oper_state = "down";
    tun.mtu = 1500;
    EXPECT_EQ(link_response(tun), "admin down, no carrier, operstate down, mtu 1500");

    EXPECT_EQ(channels_response(Channels{{8, 8, {}, {}}, {2, 2, {}, {}}}), "max rx 8 tx 8; current rx 2 tx 2");
    EXPECT_EQ(rings_response(Rings{{4096, {}, {}, 4096}, {512, {}, {}, 512}}), "max rx 4096 tx 4096; current rx 512 tx 512");
    EXPECT_EQ(link_modes_response(LinkModes{10000, Duplex::full, false, {}, "tp"}),
              "speed 10000Mb/s duplex full autoneg off port tp");
    EXPECT_EQ(link_modes_response(LinkModes{{}, Duplex::unknown, true, {}, ""}), "speed unknown duplex unknown autoneg on");

    LinkStats stats;
    stats.rx_packets = 3;
    stats.rx_bytes = 192;
    stats.tx_dropped = 1;
    EXPECT_EQ(stats_response(stats), "RX: packets 3 bytes 192 errors 0 dropped 0 multicast 0; "
                                     "TX: packets 0 bytes 0 errors 0 dropped 1");
}

} // namespace
} // namespace hammer::kernel_ops
