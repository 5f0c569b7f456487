#include "kernel_ops/messages.hpp"

#include "kernel_ops/message_parts.hpp"

#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include <linux/ethtool.h>
#include <linux/ethtool_netlink.h>
#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>

namespace hammer::kernel_ops {

NlMsg message(int type, int flags)
{
    return NlMsg{nlmsg_alloc_simple(type, flags)};
}

NlMsg link_message(int type, std::string_view ifname, unsigned flags, unsigned change)
{
    NlMsg msg = message(type, NLM_F_REQUEST);
    ifinfomsg header{};
    header.ifi_family = AF_UNSPEC;
    header.ifi_flags = flags;
    header.ifi_change = change;
    if (!msg || nlmsg_append(msg.get(), &header, sizeof(header), NLMSG_ALIGNTO) < 0 ||
        nla_put_string(msg.get(), IFLA_IFNAME, std::string{ifname}.c_str()) < 0) {
        return {};
    }
    return msg;
}

std::optional<std::uint32_t> read_u32(const nlattr* attribute)
{
    if (attribute == nullptr || nla_len(attribute) < static_cast<int>(sizeof(std::uint32_t))) {
        return std::nullopt;
    }
    return nla_get_u32(const_cast<nlattr*>(attribute));
}

std::optional<std::uint8_t> read_u8(const nlattr* attribute)
{
    if (attribute == nullptr || nla_len(attribute) < 1) {
        return std::nullopt;
    }
    return nla_get_u8(const_cast<nlattr*>(attribute));
}

nlmsghdr* mutable_header(const nlmsghdr& reply)
{
    return const_cast<nlmsghdr*>(&reply);
}

std::string mac_text(const nlattr* attribute)
{
    if (attribute == nullptr || nla_len(attribute) <= 0) {
        return {};
    }
    const auto* bytes = static_cast<const unsigned char*>(nla_data(attribute));
    std::string text;
    for (int index = 0; index < nla_len(attribute); ++index) {
        std::array<char, 4> octet{};
        std::snprintf(octet.data(), octet.size(), index == 0 ? "%02x" : ":%02x", bytes[index]);
        text += octet.data();
    }
    return text;
}

namespace {

// Every ethtool request and reply carries its header nest as attribute 1
// (ETHTOOL_A_LINKMODES_HEADER, ETHTOOL_A_CHANNELS_HEADER, ...).
constexpr int ethtool_header_attribute = 1;

/// A generic netlink request with its ethtool header nest naming the device.
/// Compact bitsets keep LINKMODES replies small; features are read by name,
/// from verbose ones (`compact` false).
NlMsg ethtool_message(int family_id, std::uint8_t command, std::string_view ifname, bool compact = true)
{
    NlMsg msg{nlmsg_alloc()};
    if (!msg || genlmsg_put(msg.get(), NL_AUTO_PORT, NL_AUTO_SEQ, family_id, 0, 0, command, ETHTOOL_GENL_VERSION) ==
                    nullptr) {
        return {};
    }
    // Generic netlink validates strictly (NL_VALIDATE_STRICT): nests must carry NLA_F_NESTED.
    nlattr* header = nla_nest_start(msg.get(), ethtool_header_attribute | NLA_F_NESTED);
    if (header == nullptr || nla_put_string(msg.get(), ETHTOOL_A_HEADER_DEV_NAME, std::string{ifname}.c_str()) < 0 ||
        nla_put_u32(msg.get(), ETHTOOL_A_HEADER_FLAGS, compact ? ETHTOOL_FLAG_COMPACT_BITSETS : 0) < 0) {
        return {};
    }
    nla_nest_end(msg.get(), header);
    return msg;
}

bool put_u32(nl_msg* msg, int type, const std::optional<std::uint32_t>& value)
{
    return !value || nla_put_u32(msg, type, *value) >= 0;
}

/// The attributes of a generic netlink reply; false when it is not one.
template <int max>
bool parse_generic(const nlmsghdr& reply, Attributes<max>& attributes)
{
    attributes.fill(nullptr);
    return reply.nlmsg_len >= NLMSG_LENGTH(GENL_HDRLEN) &&
           genlmsg_parse(mutable_header(reply), 0, attributes.data(), max, nullptr) >= 0;
}

/// The u32 words of a binary bitset attribute, as many as `size` bits need.
std::vector<std::uint32_t> bitset_words(const nlattr* attribute, std::uint32_t size)
{
    std::vector<std::uint32_t> words((size + 31) / 32, 0);
    if (attribute != nullptr) {
        std::memcpy(words.data(), nla_data(attribute),
                    std::min(words.size() * sizeof(std::uint32_t), static_cast<std::size_t>(nla_len(attribute))));
    }
    return words;
}

/// A compact bitset (requested with ETHTOOL_FLAG_COMPACT_BITSETS): SIZE,
/// VALUE, MASK. Empty when the kernel sent a verbose one or none.
LinkModeBits parse_compact_bitset(const nlattr* nest)
{
    Attributes<ETHTOOL_A_BITSET_MAX> attributes{};
    LinkModeBits bits;
    if (nla_parse_nested(attributes.data(), ETHTOOL_A_BITSET_MAX, const_cast<nlattr*>(nest), nullptr) < 0) {
        return bits;
    }
    const auto size = read_u32(attributes[ETHTOOL_A_BITSET_SIZE]);
    if (!size || attributes[ETHTOOL_A_BITSET_VALUE] == nullptr) {
        return bits;
    }
    bits.size = *size;
    bits.advertised = bitset_words(attributes[ETHTOOL_A_BITSET_VALUE], *size);
    bits.supported = bitset_words(attributes[ETHTOOL_A_BITSET_MASK], *size);
    return bits;
}

/// The bits of a verbose bitset (ETHTOOL_A_BITSET_BITS), by name: true when
/// ETHTOOL_A_BITSET_BIT_VALUE is there. A list bitset (NOMASK) names only its set bits.
std::map<std::string, bool> parse_verbose_bitset(const nlattr* nest)
{
    std::map<std::string, bool> bits;
    Attributes<ETHTOOL_A_BITSET_MAX> set{};
    if (nest == nullptr ||
        nla_parse_nested(set.data(), ETHTOOL_A_BITSET_MAX, const_cast<nlattr*>(nest), nullptr) < 0 ||
        set[ETHTOOL_A_BITSET_BITS] == nullptr) {
        return bits;
    }
    const bool list = set[ETHTOOL_A_BITSET_NOMASK] != nullptr;
    nlattr* bit = nullptr;
    int remaining = 0;
    nla_for_each_nested(bit, set[ETHTOOL_A_BITSET_BITS], remaining)
    {
        Attributes<ETHTOOL_A_BITSET_BIT_MAX> fields{};
        if (nla_type(bit) != ETHTOOL_A_BITSET_BITS_BIT ||
            nla_parse_nested(fields.data(), ETHTOOL_A_BITSET_BIT_MAX, bit, nullptr) < 0 ||
            fields[ETHTOOL_A_BITSET_BIT_NAME] == nullptr) {
            continue;
        }
        bits[nla_get_string(fields[ETHTOOL_A_BITSET_BIT_NAME])] =
            list || fields[ETHTOOL_A_BITSET_BIT_VALUE] != nullptr;
    }
    return bits;
}

std::string oper_state_name(std::uint8_t state)
{
    // RFC 2863 ifOperStatus, as IF_OPER_* in linux/if.h numbers them (0: unknown).
    static constexpr std::array<const char*, 7> names{"unknown", "notpresent",  "down", "lowerlayerdown",
                                                      "testing", "dormant", "up"};
    return state < names.size() ? names[state] : "unknown";
}


} // namespace

NlMsg get_link_message(std::string_view ifname)
{
    return link_message(RTM_GETLINK, ifname, 0, 0);
}

NlMsg set_admin_message(std::string_view ifname, bool up)
{
    return link_message(RTM_SETLINK, ifname, up ? static_cast<unsigned>(IFF_UP) : 0U, IFF_UP);
}

NlMsg set_promiscuous_message(std::string_view ifname, bool enabled)
{
    return link_message(RTM_SETLINK, ifname, enabled ? static_cast<unsigned>(IFF_PROMISC) : 0U, IFF_PROMISC);
}

NlMsg set_mtu_message(std::string_view ifname, std::uint32_t mtu)
{
    NlMsg msg = link_message(RTM_SETLINK, ifname, 0, 0);
    if (!msg || nla_put_u32(msg.get(), IFLA_MTU, mtu) < 0) {
        return {};
    }
    return msg;
}

NlMsg dump_routes_message(int address_family)
{
    NlMsg msg = message(RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP);
    rtmsg header{};
    header.rtm_family = static_cast<unsigned char>(address_family);
    if (!msg || nlmsg_append(msg.get(), &header, sizeof(header), NLMSG_ALIGNTO) < 0) {
        return {};
    }
    return msg;
}

std::optional<LinkReply> parse_link_reply(const nlmsghdr& reply)
{
    if (reply.nlmsg_type != RTM_NEWLINK || reply.nlmsg_len < NLMSG_LENGTH(sizeof(ifinfomsg))) {
        return std::nullopt;
    }
    Attributes<IFLA_MAX> attributes{};
    if (nlmsg_parse(mutable_header(reply), sizeof(ifinfomsg), attributes.data(), IFLA_MAX, nullptr) < 0) {
        return std::nullopt;
    }
    const auto* header = static_cast<const ifinfomsg*>(NLMSG_DATA(&reply));
    LinkReply result;
    LinkState& state = result.state;
    state.ifindex = header->ifi_index;
    state.admin_up = (header->ifi_flags & IFF_UP) != 0;
    state.promiscuous = (header->ifi_flags & IFF_PROMISC) != 0;
    state.all_multicast = (header->ifi_flags & IFF_ALLMULTI) != 0;
    if (const nlattr* name = attributes[IFLA_IFNAME]; name != nullptr) {
        const auto* text = static_cast<const char*>(nla_data(name));
        state.ifname.assign(text, strnlen(text, static_cast<std::size_t>(nla_len(name))));
    }
    state.carrier = read_u8(attributes[IFLA_CARRIER]).value_or(0) != 0;
    state.oper_state = oper_state_name(read_u8(attributes[IFLA_OPERSTATE]).value_or(0));
    state.mtu = read_u32(attributes[IFLA_MTU]).value_or(0);
    state.min_mtu = read_u32(attributes[IFLA_MIN_MTU]);
    state.max_mtu = read_u32(attributes[IFLA_MAX_MTU]);
    state.mac = mac_text(attributes[IFLA_ADDRESS]);
    if (const nlattr* stats = attributes[IFLA_STATS64]; stats != nullptr) {
        // Newer kernels append counters; older ones may send fewer: copy what both know.
        rtnl_link_stats64 raw{};
        std::memcpy(&raw, nla_data(stats), std::min(sizeof(raw), static_cast<std::size_t>(nla_len(stats))));
        result.stats = LinkStats{raw.rx_packets, raw.tx_packets, raw.rx_bytes,   raw.tx_bytes,  raw.rx_errors,
                                 raw.tx_errors,  raw.rx_dropped, raw.tx_dropped, raw.multicast};
    }
    return result;
}

std::optional<DefaultRoute> parse_default_route(const nlmsghdr& reply, int ifindex)
{
    if (reply.nlmsg_type != RTM_NEWROUTE || reply.nlmsg_len < NLMSG_LENGTH(sizeof(rtmsg))) {
        return std::nullopt;
    }
    const auto* header = static_cast<const rtmsg*>(NLMSG_DATA(&reply));
    Attributes<RTA_MAX> attributes{};
    if (nlmsg_parse(mutable_header(reply), sizeof(rtmsg), attributes.data(), RTA_MAX, nullptr) < 0) {
        return std::nullopt;
    }
    const std::uint32_t table = read_u32(attributes[RTA_TABLE]).value_or(header->rtm_table);
    // The local table holds the addresses of the host itself, never a default route out.
    if (header->rtm_dst_len != 0 || header->rtm_type != RTN_UNICAST || table == RT_TABLE_LOCAL) {
        return std::nullopt;
    }
    bool through = read_u32(attributes[RTA_OIF]) == static_cast<std::uint32_t>(ifindex);
    if (const nlattr* multipath = attributes[RTA_MULTIPATH]; !through && multipath != nullptr) {
        const auto* hop = static_cast<const rtnexthop*>(nla_data(multipath));
        int left = nla_len(multipath);
        while (!through && RTNH_OK(hop, left)) {
            through = hop->rtnh_ifindex == ifindex;
            left -= static_cast<int>(RTNH_ALIGN(hop->rtnh_len));
            hop = RTNH_NEXT(hop);
        }
    }
    if (!through) {
        return std::nullopt;
    }
    return DefaultRoute{header->rtm_family == AF_INET6 ? "IPv6" : "IPv4", table};
}

NlMsg family_lookup_message(std::string_view family_name)
{
    NlMsg msg{nlmsg_alloc()};
    if (!msg ||
        genlmsg_put(msg.get(), NL_AUTO_PORT, NL_AUTO_SEQ, GENL_ID_CTRL, 0, 0, CTRL_CMD_GETFAMILY, 1) == nullptr ||
        nla_put_string(msg.get(), CTRL_ATTR_FAMILY_NAME, std::string{family_name}.c_str()) < 0) {
        return {};
    }
    return msg;
}

std::optional<int> parse_family_id(const nlmsghdr& reply)
{
    Attributes<CTRL_ATTR_MAX> attributes{};
    if (reply.nlmsg_type != GENL_ID_CTRL || !parse_generic<CTRL_ATTR_MAX>(reply, attributes)) {
        return std::nullopt;
    }
    const nlattr* id = attributes[CTRL_ATTR_FAMILY_ID];
    if (id == nullptr || nla_len(id) < static_cast<int>(sizeof(std::uint16_t))) {
        return std::nullopt;
    }
    return nla_get_u16(const_cast<nlattr*>(id));
}

NlMsg ethtool_get_message(int family_id, std::uint8_t command, std::string_view ifname)
{
    return ethtool_message(family_id, command, ifname, command != ETHTOOL_MSG_FEATURES_GET);
}

NlMsg set_features_message(int family_id, std::string_view ifname, const std::map<std::string, bool>& wanted)
{
    NlMsg msg = ethtool_message(family_id, ETHTOOL_MSG_FEATURES_SET, ifname, false);
    nlattr* set = msg ? nla_nest_start(msg.get(), ETHTOOL_A_FEATURES_WANTED | NLA_F_NESTED) : nullptr;
    nlattr* bits = set != nullptr ? nla_nest_start(msg.get(), ETHTOOL_A_BITSET_BITS | NLA_F_NESTED) : nullptr;
    if (bits == nullptr) {
        return {};
    }
    // No NOMASK: the bits listed are the mask, so the others stay as they are.
    for (const auto& [name, on] : wanted) {
        nlattr* bit = nla_nest_start(msg.get(), ETHTOOL_A_BITSET_BITS_BIT | NLA_F_NESTED);
        if (bit == nullptr || nla_put_string(msg.get(), ETHTOOL_A_BITSET_BIT_NAME, name.c_str()) < 0 ||
            (on && nla_put_flag(msg.get(), ETHTOOL_A_BITSET_BIT_VALUE) < 0)) {
            return {};
        }
        nla_nest_end(msg.get(), bit);
    }
    nla_nest_end(msg.get(), bits);
    nla_nest_end(msg.get(), set);
    return msg;
}

Features parse_features(const nlmsghdr& reply)
{
    Features features;
    Attributes<ETHTOOL_A_FEATURES_MAX> attributes{};
    if (!parse_generic<ETHTOOL_A_FEATURES_MAX>(reply, attributes)) {
        return features;
    }
    features.active = parse_verbose_bitset(attributes[ETHTOOL_A_FEATURES_ACTIVE]);
    features.wanted = parse_verbose_bitset(attributes[ETHTOOL_A_FEATURES_WANTED]);
    // HW lists what may change; NOCHANGE what the device cannot change even so.
    const auto nochange = parse_verbose_bitset(attributes[ETHTOOL_A_FEATURES_NOCHANGE]);
    for (const auto& [name, on] : parse_verbose_bitset(attributes[ETHTOOL_A_FEATURES_HW])) {
        if (on && !nochange.contains(name)) {
            features.changeable.insert(name);
        }
    }
    // A list bitset names set bits only: a feature that is off is absent.
    for (auto* map : {&features.active, &features.wanted}) {
        for (const auto& name : features.changeable) {
            map->try_emplace(name, false);
        }
    }
    return features;
}

NlMsg set_channels_message(int family_id, std::string_view ifname, const ChannelCounts& counts)
{
    NlMsg msg = ethtool_message(family_id, ETHTOOL_MSG_CHANNELS_SET, ifname);
    if (!msg || !put_u32(msg.get(), ETHTOOL_A_CHANNELS_RX_COUNT, counts.rx) ||
        !put_u32(msg.get(), ETHTOOL_A_CHANNELS_TX_COUNT, counts.tx) ||
        !put_u32(msg.get(), ETHTOOL_A_CHANNELS_OTHER_COUNT, counts.other) ||
        !put_u32(msg.get(), ETHTOOL_A_CHANNELS_COMBINED_COUNT, counts.combined)) {
        return {};
    }
    return msg;
}

NlMsg set_rings_message(int family_id, std::string_view ifname, const RingSizes& sizes)
{
    NlMsg msg = ethtool_message(family_id, ETHTOOL_MSG_RINGS_SET, ifname);
    if (!msg || !put_u32(msg.get(), ETHTOOL_A_RINGS_RX, sizes.rx) ||
        !put_u32(msg.get(), ETHTOOL_A_RINGS_RX_MINI, sizes.rx_mini) ||
        !put_u32(msg.get(), ETHTOOL_A_RINGS_RX_JUMBO, sizes.rx_jumbo) ||
        !put_u32(msg.get(), ETHTOOL_A_RINGS_TX, sizes.tx)) {
        return {};
    }
    return msg;
}

NlMsg set_link_modes_message(int family_id, std::string_view ifname, const LinkModesRequest& request)
{
    NlMsg msg = ethtool_message(family_id, ETHTOOL_MSG_LINKMODES_SET, ifname);
    if (!msg || !put_u32(msg.get(), ETHTOOL_A_LINKMODES_SPEED, request.speed_mbps)) {
        return {};
    }
    if (request.duplex && *request.duplex != Duplex::unknown &&
        nla_put_u8(msg.get(), ETHTOOL_A_LINKMODES_DUPLEX, *request.duplex == Duplex::full ? DUPLEX_FULL : DUPLEX_HALF) <
            0) {
        return {};
    }
    if (request.autoneg &&
        nla_put_u8(msg.get(), ETHTOOL_A_LINKMODES_AUTONEG, *request.autoneg ? AUTONEG_ENABLE : AUTONEG_DISABLE) < 0) {
        return {};
    }
    if (request.advertise) {
        // A compact bitset with a mask: the bits under MASK (the supported
        // modes) take VALUE; ETHTOOL_A_BITSET_NOMASK would clear all others.
        const LinkModeBits& bits = *request.advertise;
        const int bytes = static_cast<int>(bits.advertised.size() * sizeof(std::uint32_t));
        nlattr* ours = nla_nest_start(msg.get(), ETHTOOL_A_LINKMODES_OURS | NLA_F_NESTED);
        if (ours == nullptr || bits.supported.size() != bits.advertised.size() ||
            nla_put_u32(msg.get(), ETHTOOL_A_BITSET_SIZE, bits.size) < 0 ||
            nla_put(msg.get(), ETHTOOL_A_BITSET_VALUE, bytes, bits.advertised.data()) < 0 ||
            nla_put(msg.get(), ETHTOOL_A_BITSET_MASK, bytes, bits.supported.data()) < 0) {
            return {};
        }
        nla_nest_end(msg.get(), ours);
    }
    return msg;
}

LinkModes parse_link_modes(const nlmsghdr& reply)
{
    Attributes<ETHTOOL_A_LINKMODES_MAX> attributes{};
    LinkModes modes;
    if (!parse_generic<ETHTOOL_A_LINKMODES_MAX>(reply, attributes)) {
        return modes;
    }
    // SPEED_UNKNOWN is -1 as a u32; 0 is what drivers without a link report.
    if (const auto speed = read_u32(attributes[ETHTOOL_A_LINKMODES_SPEED]);
        speed && *speed != static_cast<std::uint32_t>(SPEED_UNKNOWN) && *speed != 0) {
        modes.speed_mbps = speed;
    }
    switch (read_u8(attributes[ETHTOOL_A_LINKMODES_DUPLEX]).value_or(DUPLEX_UNKNOWN)) {
    case DUPLEX_HALF: modes.duplex = Duplex::half; break;
    case DUPLEX_FULL: modes.duplex = Duplex::full; break;
    default: modes.duplex = Duplex::unknown; break;
    }
    modes.autoneg = read_u8(attributes[ETHTOOL_A_LINKMODES_AUTONEG]).value_or(AUTONEG_DISABLE) == AUTONEG_ENABLE;
    if (attributes[ETHTOOL_A_LINKMODES_OURS] != nullptr) {
        modes.modes = parse_compact_bitset(attributes[ETHTOOL_A_LINKMODES_OURS]);
    }
    return modes;
}

std::string parse_link_port(const nlmsghdr& reply)
{
    Attributes<ETHTOOL_A_LINKINFO_MAX> attributes{};
    if (!parse_generic<ETHTOOL_A_LINKINFO_MAX>(reply, attributes)) {
        return {};
    }
    const auto port = read_u8(attributes[ETHTOOL_A_LINKINFO_PORT]);
    return port ? port_name(*port) : std::string{};
}

Channels parse_channels(const nlmsghdr& reply)
{
    Attributes<ETHTOOL_A_CHANNELS_MAX> attributes{};
    Channels channels;
    if (!parse_generic<ETHTOOL_A_CHANNELS_MAX>(reply, attributes)) {
        return channels;
    }
    channels.maximum = {read_u32(attributes[ETHTOOL_A_CHANNELS_RX_MAX]), read_u32(attributes[ETHTOOL_A_CHANNELS_TX_MAX]),
                        read_u32(attributes[ETHTOOL_A_CHANNELS_OTHER_MAX]),
                        read_u32(attributes[ETHTOOL_A_CHANNELS_COMBINED_MAX])};
    channels.current = {read_u32(attributes[ETHTOOL_A_CHANNELS_RX_COUNT]),
                        read_u32(attributes[ETHTOOL_A_CHANNELS_TX_COUNT]),
                        read_u32(attributes[ETHTOOL_A_CHANNELS_OTHER_COUNT]),
                        read_u32(attributes[ETHTOOL_A_CHANNELS_COMBINED_COUNT])};
    return channels;
}

Rings parse_rings(const nlmsghdr& reply)
{
    Attributes<ETHTOOL_A_RINGS_MAX> attributes{};
    Rings rings;
    if (!parse_generic<ETHTOOL_A_RINGS_MAX>(reply, attributes)) {
        return rings;
    }
    rings.maximum = {read_u32(attributes[ETHTOOL_A_RINGS_RX_MAX]), read_u32(attributes[ETHTOOL_A_RINGS_RX_MINI_MAX]),
                     read_u32(attributes[ETHTOOL_A_RINGS_RX_JUMBO_MAX]), read_u32(attributes[ETHTOOL_A_RINGS_TX_MAX])};
    rings.current = {read_u32(attributes[ETHTOOL_A_RINGS_RX]), read_u32(attributes[ETHTOOL_A_RINGS_RX_MINI]),
                     read_u32(attributes[ETHTOOL_A_RINGS_RX_JUMBO]), read_u32(attributes[ETHTOOL_A_RINGS_TX])};
    return rings;
}

std::string port_name(std::uint8_t port)
{
    switch (port) {
    case PORT_TP: return "tp";
    case PORT_AUI: return "aui";
    case PORT_BNC: return "bnc";
    case PORT_MII: return "mii";
    case PORT_FIBRE: return "fibre";
    case PORT_DA: return "da";
    case PORT_NONE: return "none";
    case PORT_OTHER: return "other";
    default: return "port " + std::to_string(port);
    }
}

} // namespace hammer::kernel_ops
