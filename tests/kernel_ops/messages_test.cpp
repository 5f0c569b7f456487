// Message building and reply parsing, against messages built in memory.
#include "kernel_ops/messages.hpp"
#include "kernel_ops/vf_messages.hpp"

#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include <linux/ethtool.h>
#include <linux/ethtool_netlink.h>
#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/socket.h>

#include <gtest/gtest.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <string>

namespace hammer::kernel_ops {
namespace {

std::string string_of(const nlattr* attribute)
{
    return attribute == nullptr ? std::string{"<absent>"} : std::string{static_cast<const char*>(nla_data(attribute))};
}

/// The attributes of an RTM_*LINK request after its ifinfomsg.
std::array<nlattr*, IFLA_MAX + 1> link_attributes(const NlMsg& message)
{
    std::array<nlattr*, IFLA_MAX + 1> attributes{};
    EXPECT_EQ(nlmsg_parse(nlmsg_hdr(message.get()), sizeof(ifinfomsg), attributes.data(), IFLA_MAX, nullptr), 0);
    return attributes;
}

/// The top-level attributes of an ethtool request, and its header nest.
struct EthtoolRequest {
    std::array<nlattr*, 16> top{};
    std::array<nlattr*, ETHTOOL_A_HEADER_MAX + 1> header{};
    std::uint8_t command = 0;
};

EthtoolRequest ethtool_request(const NlMsg& message)
{
    EthtoolRequest request;
    nlmsghdr* header = nlmsg_hdr(message.get());
    request.command = static_cast<genlmsghdr*>(nlmsg_data(header))->cmd;
    EXPECT_EQ(genlmsg_parse(header, 0, request.top.data(), 15, nullptr), 0);
    EXPECT_NE(request.top[1], nullptr);
    if (request.top[1] != nullptr) {
        // The kernel's strict generic-netlink validation rejects nests without the flag.
        EXPECT_NE(request.top[1]->nla_type & NLA_F_NESTED, 0);
        EXPECT_EQ(nla_parse_nested(request.header.data(), ETHTOOL_A_HEADER_MAX, request.top[1], nullptr), 0);
    }
    return request;
}

TEST(RouteMessages, GetLinkNamesTheInterface)
{
    const NlMsg message = get_link_message("hm0a");
    ASSERT_TRUE(message);
    EXPECT_EQ(nlmsg_hdr(message.get())->nlmsg_type, RTM_GETLINK);
    EXPECT_EQ(string_of(link_attributes(message)[IFLA_IFNAME]), "hm0a");
}

TEST(RouteMessages, SetAdminChangesOnlyIffUp)
{
    for (const bool up : {true, false}) {
        const NlMsg message = set_admin_message("hm0b", up);
        ASSERT_TRUE(message);
        const auto* header = static_cast<const ifinfomsg*>(nlmsg_data(nlmsg_hdr(message.get())));
        EXPECT_EQ(nlmsg_hdr(message.get())->nlmsg_type, RTM_SETLINK);
        EXPECT_EQ(header->ifi_change, static_cast<unsigned>(IFF_UP));
        EXPECT_EQ(header->ifi_flags, up ? static_cast<unsigned>(IFF_UP) : 0U);
        EXPECT_EQ(header->ifi_index, 0);
        EXPECT_EQ(string_of(link_attributes(message)[IFLA_IFNAME]), "hm0b");
    }
}

TEST(RouteMessages, SetMtuCarriesIflaMtu)
{
    const NlMsg message = set_mtu_message("hm0a", 9000);
    ASSERT_TRUE(message);
    const auto attributes = link_attributes(message);
    ASSERT_NE(attributes[IFLA_MTU], nullptr);
    EXPECT_EQ(nla_get_u32(attributes[IFLA_MTU]), 9000U);
    const auto* header = static_cast<const ifinfomsg*>(nlmsg_data(nlmsg_hdr(message.get())));
    EXPECT_EQ(header->ifi_change, 0U);
}

TEST(RouteMessages, RouteDumpAsksOneFamily)
{
    const NlMsg message = dump_routes_message(AF_INET6);
    ASSERT_TRUE(message);
    EXPECT_EQ(nlmsg_hdr(message.get())->nlmsg_type, RTM_GETROUTE);
    EXPECT_NE(nlmsg_hdr(message.get())->nlmsg_flags & NLM_F_DUMP, 0);
    EXPECT_EQ(static_cast<const rtmsg*>(nlmsg_data(nlmsg_hdr(message.get())))->rtm_family, AF_INET6);
}

TEST(RouteMessages, ParsesALinkReply)
{
    NlMsg reply{nlmsg_alloc_simple(RTM_NEWLINK, 0)};
    ifinfomsg header{};
    header.ifi_index = 7;
    header.ifi_flags = IFF_UP | IFF_BROADCAST;
    ASSERT_EQ(nlmsg_append(reply.get(), &header, sizeof(header), NLMSG_ALIGNTO), 0);
    nla_put_string(reply.get(), IFLA_IFNAME, "hm0a");
    nla_put_u32(reply.get(), IFLA_MTU, 9000);
    nla_put_u32(reply.get(), IFLA_MIN_MTU, 68);
    nla_put_u32(reply.get(), IFLA_MAX_MTU, 65535);
    nla_put_u8(reply.get(), IFLA_CARRIER, 1);
    nla_put_u8(reply.get(), IFLA_OPERSTATE, 6);
    const std::array<unsigned char, 6> mac{0x3a, 0xd2, 0xd5, 0xe1, 0x65, 0x0e};
    nla_put(reply.get(), IFLA_ADDRESS, mac.size(), mac.data());
    rtnl_link_stats64 stats{};
    stats.rx_packets = 5'000'000'000ULL; // above 32 bits: the reason for STATS64
    stats.tx_bytes = 42;
    stats.multicast = 3;
    nla_put(reply.get(), IFLA_STATS64, sizeof(stats), &stats);

    const auto parsed = parse_link_reply(*nlmsg_hdr(reply.get()));
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(parsed->state.ifindex, 7);
    EXPECT_EQ(parsed->state.ifname, "hm0a");
    EXPECT_TRUE(parsed->state.admin_up);
    EXPECT_TRUE(parsed->state.carrier);
    EXPECT_EQ(parsed->state.oper_state, "up");
    EXPECT_EQ(parsed->state.mtu, 9000U);
    EXPECT_EQ(parsed->state.min_mtu, 68U);
    EXPECT_EQ(parsed->state.max_mtu, 65535U);
    EXPECT_EQ(parsed->state.mac, "3a:d2:d5:e1:65:0e");
    ASSERT_TRUE(parsed->stats.has_value());
    EXPECT_EQ(parsed->stats->rx_packets, 5'000'000'000ULL);
    EXPECT_EQ(parsed->stats->tx_bytes, 42U);
    EXPECT_EQ(parsed->stats->multicast, 3U);
}

TEST(RouteMessages, ALinkReplyWithoutOptionalAttributesLeavesThemAbsent)
{
    NlMsg reply{nlmsg_alloc_simple(RTM_NEWLINK, 0)};
    ifinfomsg header{};
    ASSERT_EQ(nlmsg_append(reply.get(), &header, sizeof(header), NLMSG_ALIGNTO), 0);
    const auto parsed = parse_link_reply(*nlmsg_hdr(reply.get()));
    ASSERT_TRUE(parsed.has_value());
    EXPECT_FALSE(parsed->state.admin_up);
    EXPECT_EQ(parsed->state.min_mtu, std::nullopt);
    EXPECT_EQ(parsed->state.mac, "");
    EXPECT_EQ(parsed->state.oper_state, "unknown");
    EXPECT_FALSE(parsed->stats.has_value());

    NlMsg other{nlmsg_alloc_simple(RTM_NEWADDR, 0)};
    EXPECT_FALSE(parse_link_reply(*nlmsg_hdr(other.get())).has_value());
}

NlMsg route_reply(int family, unsigned char dst_len, unsigned char table, unsigned char type)
{
    NlMsg reply{nlmsg_alloc_simple(RTM_NEWROUTE, 0)};
    rtmsg header{};
    header.rtm_family = static_cast<unsigned char>(family);
    header.rtm_dst_len = dst_len;
    header.rtm_table = table;
    header.rtm_type = type;
    nlmsg_append(reply.get(), &header, sizeof(header), NLMSG_ALIGNTO);
    return reply;
}

TEST(RouteMessages, FindsADefaultRouteThroughTheInterface)
{
    NlMsg direct = route_reply(AF_INET, 0, RT_TABLE_MAIN, RTN_UNICAST);
    nla_put_u32(direct.get(), RTA_OIF, 4);
    const auto found = parse_default_route(*nlmsg_hdr(direct.get()), 4);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->family, "IPv4");
    EXPECT_EQ(found->table, static_cast<std::uint32_t>(RT_TABLE_MAIN));
    EXPECT_FALSE(parse_default_route(*nlmsg_hdr(direct.get()), 5).has_value());
}

TEST(RouteMessages, FindsADefaultRouteAmongMultipathHops)
{
    NlMsg multipath = route_reply(AF_INET6, 0, RT_TABLE_MAIN, RTN_UNICAST);
    std::array<rtnexthop, 2> hops{};
    for (std::size_t index = 0; index < hops.size(); ++index) {
        hops[index].rtnh_len = sizeof(rtnexthop);
        hops[index].rtnh_ifindex = static_cast<int>(10 + index);
    }
    nla_put(multipath.get(), RTA_MULTIPATH, sizeof(hops), hops.data());
    const auto found = parse_default_route(*nlmsg_hdr(multipath.get()), 11);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->family, "IPv6");
    EXPECT_FALSE(parse_default_route(*nlmsg_hdr(multipath.get()), 12).has_value());
}

TEST(RouteMessages, IgnoresRoutesThatAreNotDefaultOrNotUnicastOrLocal)
{
    NlMsg subnet = route_reply(AF_INET, 24, RT_TABLE_MAIN, RTN_UNICAST);
    nla_put_u32(subnet.get(), RTA_OIF, 4);
    EXPECT_FALSE(parse_default_route(*nlmsg_hdr(subnet.get()), 4).has_value());
    NlMsg local = route_reply(AF_INET, 0, RT_TABLE_LOCAL, RTN_UNICAST);
    nla_put_u32(local.get(), RTA_OIF, 4);
    EXPECT_FALSE(parse_default_route(*nlmsg_hdr(local.get()), 4).has_value());
    NlMsg blackhole = route_reply(AF_INET, 0, RT_TABLE_MAIN, RTN_BLACKHOLE);
    nla_put_u32(blackhole.get(), RTA_OIF, 4);
    EXPECT_FALSE(parse_default_route(*nlmsg_hdr(blackhole.get()), 4).has_value());
}

TEST(GenericMessages, FamilyLookupAsksTheController)
{
    const NlMsg message = family_lookup_message("ethtool");
    ASSERT_TRUE(message);
    nlmsghdr* header = nlmsg_hdr(message.get());
    EXPECT_EQ(header->nlmsg_type, GENL_ID_CTRL);
    EXPECT_EQ(static_cast<genlmsghdr*>(nlmsg_data(header))->cmd, CTRL_CMD_GETFAMILY);
    std::array<nlattr*, CTRL_ATTR_MAX + 1> attributes{};
    ASSERT_EQ(genlmsg_parse(header, 0, attributes.data(), CTRL_ATTR_MAX, nullptr), 0);
    EXPECT_EQ(string_of(attributes[CTRL_ATTR_FAMILY_NAME]), "ethtool");
}

TEST(GenericMessages, ParsesTheFamilyId)
{
    NlMsg reply{nlmsg_alloc()};
    genlmsg_put(reply.get(), 0, 0, GENL_ID_CTRL, 0, 0, CTRL_CMD_NEWFAMILY, 1);
    nla_put_u16(reply.get(), CTRL_ATTR_FAMILY_ID, 23);
    EXPECT_EQ(parse_family_id(*nlmsg_hdr(reply.get())), 23);
}

TEST(EthtoolMessages, GetRequestsCarryTheDeviceNameInTheHeaderNest)
{
    const NlMsg message = ethtool_get_message(21, ETHTOOL_MSG_CHANNELS_GET, "hm0a");
    ASSERT_TRUE(message);
    EXPECT_EQ(nlmsg_hdr(message.get())->nlmsg_type, 21);
    const auto request = ethtool_request(message);
    EXPECT_EQ(request.command, ETHTOOL_MSG_CHANNELS_GET);
    EXPECT_EQ(string_of(request.header[ETHTOOL_A_HEADER_DEV_NAME]), "hm0a");
    ASSERT_NE(request.header[ETHTOOL_A_HEADER_FLAGS], nullptr);
    EXPECT_EQ(nla_get_u32(request.header[ETHTOOL_A_HEADER_FLAGS]), static_cast<std::uint32_t>(ETHTOOL_FLAG_COMPACT_BITSETS));
}

TEST(EthtoolMessages, SetChannelsCarriesOnlyTheGivenCounts)
{
    const NlMsg message = set_channels_message(21, "hm0a", ChannelCounts{2, {}, {}, 4});
    ASSERT_TRUE(message);
    const auto request = ethtool_request(message);
    EXPECT_EQ(request.command, ETHTOOL_MSG_CHANNELS_SET);
    ASSERT_NE(request.top[ETHTOOL_A_CHANNELS_RX_COUNT], nullptr);
    EXPECT_EQ(nla_get_u32(request.top[ETHTOOL_A_CHANNELS_RX_COUNT]), 2U);
    EXPECT_EQ(request.top[ETHTOOL_A_CHANNELS_TX_COUNT], nullptr);
    EXPECT_EQ(request.top[ETHTOOL_A_CHANNELS_OTHER_COUNT], nullptr);
    ASSERT_NE(request.top[ETHTOOL_A_CHANNELS_COMBINED_COUNT], nullptr);
    EXPECT_EQ(nla_get_u32(request.top[ETHTOOL_A_CHANNELS_COMBINED_COUNT]), 4U);
}

TEST(EthtoolMessages, SetRingsCarriesOnlyTheGivenSizes)
{
    const NlMsg message = set_rings_message(21, "hm0a", RingSizes{512, {}, {}, 1024});
    ASSERT_TRUE(message);
    const auto request = ethtool_request(message);
    EXPECT_EQ(request.command, ETHTOOL_MSG_RINGS_SET);
    EXPECT_EQ(nla_get_u32(request.top[ETHTOOL_A_RINGS_RX]), 512U);
    EXPECT_EQ(nla_get_u32(request.top[ETHTOOL_A_RINGS_TX]), 1024U);
    EXPECT_EQ(request.top[ETHTOOL_A_RINGS_RX_MINI], nullptr);
}

TEST(EthtoolMessages, SetLinkModesCarriesSpeedDuplexAutoneg)
{
    const NlMsg message = set_link_modes_message(21, "hmt0", LinkModesRequest{100, Duplex::half, false, std::nullopt});
    ASSERT_TRUE(message);
    const auto request = ethtool_request(message);
    EXPECT_EQ(request.command, ETHTOOL_MSG_LINKMODES_SET);
    EXPECT_EQ(nla_get_u32(request.top[ETHTOOL_A_LINKMODES_SPEED]), 100U);
    EXPECT_EQ(nla_get_u8(request.top[ETHTOOL_A_LINKMODES_DUPLEX]), DUPLEX_HALF);
    EXPECT_EQ(nla_get_u8(request.top[ETHTOOL_A_LINKMODES_AUTONEG]), AUTONEG_DISABLE);

    const NlMsg speed_only = set_link_modes_message(21, "hmt0", LinkModesRequest{1000, {}, {}, std::nullopt});
    const auto only = ethtool_request(speed_only);
    EXPECT_EQ(only.top[ETHTOOL_A_LINKMODES_DUPLEX], nullptr);
    EXPECT_EQ(only.top[ETHTOOL_A_LINKMODES_AUTONEG], nullptr);
}

TEST(EthtoolMessages, SetLinkModesCarriesTheAdvertisedModesAsACompactBitsetWithMask)
{
    const LinkModeBits bits{40, {0x1020, 0x80}, {0xffff, 0xff}};
    const NlMsg message = set_link_modes_message(21, "eth1", LinkModesRequest{{}, {}, true, bits});
    ASSERT_TRUE(message);
    const auto request = ethtool_request(message);
    EXPECT_EQ(request.top[ETHTOOL_A_LINKMODES_SPEED], nullptr);
    ASSERT_NE(request.top[ETHTOOL_A_LINKMODES_OURS], nullptr);
    EXPECT_NE(request.top[ETHTOOL_A_LINKMODES_OURS]->nla_type & NLA_F_NESTED, 0);
    std::array<nlattr*, ETHTOOL_A_BITSET_MAX + 1> bitset{};
    ASSERT_EQ(nla_parse_nested(bitset.data(), ETHTOOL_A_BITSET_MAX, request.top[ETHTOOL_A_LINKMODES_OURS], nullptr), 0);
    EXPECT_EQ(bitset[ETHTOOL_A_BITSET_NOMASK], nullptr);
    EXPECT_EQ(nla_get_u32(bitset[ETHTOOL_A_BITSET_SIZE]), 40U);
    ASSERT_EQ(nla_len(bitset[ETHTOOL_A_BITSET_VALUE]), 8);
    std::array<std::uint32_t, 2> words{};
    std::memcpy(words.data(), nla_data(bitset[ETHTOOL_A_BITSET_VALUE]), sizeof(words));
    EXPECT_EQ(words, (std::array<std::uint32_t, 2>{0x1020, 0x80}));
    std::memcpy(words.data(), nla_data(bitset[ETHTOOL_A_BITSET_MASK]), sizeof(words));
    EXPECT_EQ(words, (std::array<std::uint32_t, 2>{0xffff, 0xff}));
}

NlMsg ethtool_reply(std::uint8_t command)
{
    NlMsg reply{nlmsg_alloc()};
    genlmsg_put(reply.get(), 0, 0, 21, 0, 0, command, ETHTOOL_GENL_VERSION);
    nlattr* header = nla_nest_start(reply.get(), 1 | NLA_F_NESTED);
    nla_put_string(reply.get(), ETHTOOL_A_HEADER_DEV_NAME, "hm0a");
    nla_nest_end(reply.get(), header);
    return reply;
}

TEST(EthtoolMessages, ParsesLinkModes)
{
    NlMsg reply = ethtool_reply(ETHTOOL_MSG_LINKMODES_GET_REPLY);
    nla_put_u32(reply.get(), ETHTOOL_A_LINKMODES_SPEED, 25000);
    nla_put_u8(reply.get(), ETHTOOL_A_LINKMODES_DUPLEX, DUPLEX_FULL);
    nla_put_u8(reply.get(), ETHTOOL_A_LINKMODES_AUTONEG, AUTONEG_ENABLE);
    const LinkModes modes = parse_link_modes(*nlmsg_hdr(reply.get()));
    EXPECT_EQ(modes.speed_mbps, 25000U);
    EXPECT_EQ(modes.duplex, Duplex::full);
    EXPECT_TRUE(modes.autoneg);

    EXPECT_EQ(modes.modes.size, 0U);

    NlMsg with_bits = ethtool_reply(ETHTOOL_MSG_LINKMODES_GET_REPLY);
    nla_put_u8(with_bits.get(), ETHTOOL_A_LINKMODES_AUTONEG, AUTONEG_ENABLE);
    nlattr* ours = nla_nest_start(with_bits.get(), ETHTOOL_A_LINKMODES_OURS | NLA_F_NESTED);
    nla_put_u32(with_bits.get(), ETHTOOL_A_BITSET_SIZE, 40);
    std::array<std::uint32_t, 2> value{0x20, 0x1};
    std::array<std::uint32_t, 2> mask{0x2f, 0x3};
    nla_put(with_bits.get(), ETHTOOL_A_BITSET_VALUE, sizeof(value), value.data());
    nla_put(with_bits.get(), ETHTOOL_A_BITSET_MASK, sizeof(mask), mask.data());
    nla_nest_end(with_bits.get(), ours);
    const LinkModes advertised = parse_link_modes(*nlmsg_hdr(with_bits.get()));
    EXPECT_EQ(advertised.modes, (LinkModeBits{40, {0x20, 0x1}, {0x2f, 0x3}}));

    NlMsg unknown = ethtool_reply(ETHTOOL_MSG_LINKMODES_GET_REPLY);
    nla_put_u32(unknown.get(), ETHTOOL_A_LINKMODES_SPEED, static_cast<std::uint32_t>(SPEED_UNKNOWN));
    nla_put_u8(unknown.get(), ETHTOOL_A_LINKMODES_DUPLEX, DUPLEX_UNKNOWN);
    const LinkModes no_link = parse_link_modes(*nlmsg_hdr(unknown.get()));
    EXPECT_EQ(no_link.speed_mbps, std::nullopt);
    EXPECT_EQ(no_link.duplex, Duplex::unknown);
}

TEST(EthtoolMessages, ParsesThePort)
{
    NlMsg reply = ethtool_reply(ETHTOOL_MSG_LINKINFO_GET_REPLY);
    nla_put_u8(reply.get(), ETHTOOL_A_LINKINFO_PORT, PORT_FIBRE);
    EXPECT_EQ(parse_link_port(*nlmsg_hdr(reply.get())), "fibre");
    EXPECT_EQ(port_name(0x42), "port 66");
}

TEST(EthtoolMessages, ParsesChannelsLeavingMissingKindsAbsent)
{
    NlMsg reply = ethtool_reply(ETHTOOL_MSG_CHANNELS_GET_REPLY);
    nla_put_u32(reply.get(), ETHTOOL_A_CHANNELS_RX_MAX, 8);
    nla_put_u32(reply.get(), ETHTOOL_A_CHANNELS_RX_COUNT, 4);
    nla_put_u32(reply.get(), ETHTOOL_A_CHANNELS_TX_MAX, 8);
    nla_put_u32(reply.get(), ETHTOOL_A_CHANNELS_TX_COUNT, 2);
    const Channels channels = parse_channels(*nlmsg_hdr(reply.get()));
    EXPECT_EQ(channels.maximum, (ChannelCounts{8, 8, {}, {}}));
    EXPECT_EQ(channels.current, (ChannelCounts{4, 2, {}, {}}));
}

TEST(EthtoolMessages, ParsesRings)
{
    NlMsg reply = ethtool_reply(ETHTOOL_MSG_RINGS_GET_REPLY);
    nla_put_u32(reply.get(), ETHTOOL_A_RINGS_RX_MAX, 4096);
    nla_put_u32(reply.get(), ETHTOOL_A_RINGS_RX, 1024);
    nla_put_u32(reply.get(), ETHTOOL_A_RINGS_TX_MAX, 4096);
    nla_put_u32(reply.get(), ETHTOOL_A_RINGS_TX, 512);
    const Rings rings = parse_rings(*nlmsg_hdr(reply.get()));
    EXPECT_EQ(rings.maximum, (RingSizes{4096, {}, {}, 4096}));
    EXPECT_EQ(rings.current, (RingSizes{1024, {}, {}, 512}));
}

/// An NLMSG_ERROR as the kernel sends it with NETLINK_EXT_ACK (and, when
/// `capped`, NETLINK_CAP_ACK): nlmsgerr, the request unless capped, TLVs.
NlMsg error_reply(int error, bool capped, const char* text, std::optional<std::uint32_t> missing = {})
{
    NlMsg request = set_mtu_message("hm0a", 70000);
    nlmsghdr* original = nlmsg_hdr(request.get());
    NlMsg reply{nlmsg_alloc_simple(NLMSG_ERROR, NLM_F_ACK_TLVS | (capped ? NLM_F_CAPPED : 0))};
    nlmsgerr payload{};
    payload.error = -error;
    payload.msg = *original;
    nlmsg_append(reply.get(), &payload, sizeof(payload), NLMSG_ALIGNTO);
    if (!capped) {
        nlmsg_append(reply.get(), nlmsg_data(original), static_cast<std::size_t>(nlmsg_datalen(original)),
                     NLMSG_ALIGNTO);
    }
    if (text != nullptr) {
        nla_put_string(reply.get(), NLMSGERR_ATTR_MSG, text);
    }
    if (missing) {
        nla_put_u32(reply.get(), NLMSGERR_ATTR_MISS_TYPE, *missing);
    }
    return reply;
}

TEST(ExtendedAck, ReadsTheErrnoAndTheKernelsMessageWhenCapped)
{
    const NlMsg reply = error_reply(EINVAL, true, "mtu greater than device maximum");
    const NlError error = read_error_message(*nlmsg_hdr(reply.get()), "set MTU 70000 on hm0a");
    EXPECT_EQ(error.error_number, EINVAL);
    EXPECT_EQ(error.operation, "set MTU 70000 on hm0a");
    EXPECT_EQ(error.kernel_message, "mtu greater than device maximum");
}

TEST(ExtendedAck, SkipsTheEchoedRequestWhenNotCapped)
{
    const NlMsg reply = error_reply(ERANGE, false, "value out of range");
    const NlError error = read_error_message(*nlmsg_hdr(reply.get()), "op");
    EXPECT_EQ(error.error_number, ERANGE);
    EXPECT_EQ(error.kernel_message, "value out of range");
}

TEST(ExtendedAck, NamesAMissingAttribute)
{
    const NlMsg reply = error_reply(EINVAL, true, nullptr, 3);
    EXPECT_EQ(read_error_message(*nlmsg_hdr(reply.get()), "op").kernel_message, "(missing attribute type 3)");
}

TEST(ExtendedAck, AnErrorWithoutTlvsHasNoKernelMessage)
{
    NlMsg reply{nlmsg_alloc_simple(NLMSG_ERROR, NLM_F_CAPPED)};
    nlmsgerr payload{};
    payload.error = -ENODEV;
    nlmsg_append(reply.get(), &payload, sizeof(payload), NLMSG_ALIGNTO);
    const NlError error = read_error_message(*nlmsg_hdr(reply.get()), "op");
    EXPECT_EQ(error.error_number, ENODEV);
    EXPECT_EQ(error.kernel_message, "");
}

TEST(ExtendedAck, ATruncatedErrorIsEBADMSG)
{
    NlMsg reply{nlmsg_alloc_simple(NLMSG_ERROR, 0)};
    EXPECT_EQ(read_error_message(*nlmsg_hdr(reply.get()), "op").error_number, EBADMSG);
}

TEST(ExtendedAck, ReadsTheErrorOfAFailedDump)
{
    NlMsg done{nlmsg_alloc_simple(NLMSG_DONE, NLM_F_MULTI | NLM_F_ACK_TLVS)};
    int status = -EMSGSIZE;
    nlmsg_append(done.get(), &status, sizeof(status), NLMSG_ALIGNTO);
    nla_put_string(done.get(), NLMSGERR_ATTR_MSG, "dump too big");
    const NlError error = read_done_message(*nlmsg_hdr(done.get()), "list routes");
    EXPECT_EQ(error.error_number, EMSGSIZE);
    EXPECT_EQ(error.kernel_message, "dump too big");

    NlMsg fine{nlmsg_alloc_simple(NLMSG_DONE, NLM_F_MULTI)};
    int zero = 0;
    nlmsg_append(fine.get(), &zero, sizeof(zero), NLMSG_ALIGNTO);
    EXPECT_EQ(read_done_message(*nlmsg_hdr(fine.get()), "list routes").error_number, 0);
}

TEST(VfMessages, SetVfNestsEachMemberUnderTheVfNumberAndReadsBackTheSame)
{
    topology::VfSettings vf;
    vf.mac = "02:00:00:00:00:2a";
    vf.vlan = 100;
    vf.trust = true;
    vf.spoof_check = false;
    const auto message = set_vf_message("hm0a", 3, vf);
    ASSERT_NE(message, nullptr);
    EXPECT_EQ(nlmsg_hdr(message.get())->nlmsg_type, RTM_SETLINK);
    const auto attributes = link_attributes(message);
    EXPECT_EQ(string_of(attributes[IFLA_IFNAME]), "hm0a");
    ASSERT_NE(attributes[IFLA_VFINFO_LIST], nullptr);
    // The list holds one IFLA_VF_INFO with the four members, each naming VF 3.
    std::array<nlattr*, IFLA_VF_MAX + 1> members{};
    const auto* info = static_cast<nlattr*>(nla_data(attributes[IFLA_VFINFO_LIST]));
    EXPECT_EQ(nla_type(info), IFLA_VF_INFO);
    ASSERT_EQ(nla_parse_nested(members.data(), IFLA_VF_MAX, const_cast<nlattr*>(info), nullptr), 0);
    ASSERT_NE(members[IFLA_VF_MAC], nullptr);
    EXPECT_EQ(nla_len(members[IFLA_VF_MAC]), static_cast<int>(sizeof(ifla_vf_mac)));
    const auto* vlan = static_cast<const ifla_vf_vlan*>(nla_data(members[IFLA_VF_VLAN]));
    EXPECT_EQ(vlan->vf, 3U);
    EXPECT_EQ(vlan->vlan, 100U);
    EXPECT_EQ(vlan->qos, 0U);
    EXPECT_EQ(static_cast<const ifla_vf_spoofchk*>(nla_data(members[IFLA_VF_SPOOFCHK]))->setting, 0U);
    // A reply lays the VFs out the same way.
    const auto vfs = parse_vfs(*nlmsg_hdr(message.get()));
    ASSERT_EQ(vfs.size(), 1U);
    EXPECT_EQ(vfs.begin()->first, 3U);
    EXPECT_EQ(vfs.begin()->second, vf);
}

TEST(VfMessages, OnlyTheMembersAskedAreSentAndADeviceWithoutVfsHasNone)
{
    topology::VfSettings trust_only;
    trust_only.trust = false;
    const auto message = set_vf_message("hm0a", 0, trust_only);
    ASSERT_NE(message, nullptr);
    const auto vfs = parse_vfs(*nlmsg_hdr(message.get()));
    ASSERT_EQ(vfs.size(), 1U);
    EXPECT_EQ(vfs.at(0), trust_only);
    EXPECT_TRUE(parse_vfs(*nlmsg_hdr(get_link_message("hm0a").get())).empty());
    const auto get = get_vfs_message("hm0a");
    ASSERT_NE(get, nullptr);
    const auto attributes = link_attributes(get);
    ASSERT_NE(attributes[IFLA_EXT_MASK], nullptr);
    EXPECT_EQ(nla_get_u32(attributes[IFLA_EXT_MASK]) & RTEXT_FILTER_VF, static_cast<std::uint32_t>(RTEXT_FILTER_VF));
}

} // namespace
} // namespace hammer::kernel_ops
