#include "kernel_ops/vf_messages.hpp"

#include "kernel_ops/message_parts.hpp"

#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/msg.h>

#include <cstdio>

namespace hammer::kernel_ops {
namespace {

/// IFLA_VF_MAC carries 32 bytes (room for any link-layer address); Ethernet uses 6.
bool parse_mac(const std::string& text, std::uint8_t (&bytes)[32])
{
    unsigned octets[6];
    if (std::sscanf(text.c_str(), "%2x:%2x:%2x:%2x:%2x:%2x", &octets[0], &octets[1], &octets[2], &octets[3],
                    &octets[4], &octets[5]) != 6) {
        return false;
    }
    for (int index = 0; index < 6; ++index) {
        bytes[index] = static_cast<std::uint8_t>(octets[index]);
    }
    return true;
}

template <typename T>
bool put(nl_msg* msg, int type, const T& value)
{
    return nla_put(msg, type, sizeof(value), &value) >= 0;
}

template <typename T>
const T* payload(const nlattr* attribute)
{
    if (attribute == nullptr || nla_len(attribute) < static_cast<int>(sizeof(T))) {
        return nullptr;
    }
    return static_cast<const T*>(nla_data(attribute));
}

} // namespace

NlMsg set_vf_message(std::string_view pf_ifname, unsigned index, const topology::VfSettings& vf)
{
    NlMsg msg = link_message(RTM_SETLINK, pf_ifname, 0, 0);
    if (!msg) {
        return {};
    }
    nlattr* list = nla_nest_start(msg.get(), IFLA_VFINFO_LIST);
    nlattr* info = list != nullptr ? nla_nest_start(msg.get(), IFLA_VF_INFO) : nullptr;
    if (info == nullptr) {
        return {};
    }
    bool fits = true;
    if (vf.mac) {
        ifla_vf_mac mac{};
        mac.vf = index;
        fits = parse_mac(*vf.mac, mac.mac) && put(msg.get(), IFLA_VF_MAC, mac);
    }
    if (fits && vf.vlan) {
        fits = put(msg.get(), IFLA_VF_VLAN, ifla_vf_vlan{index, *vf.vlan, 0});
    }
    if (fits && vf.trust) {
        fits = put(msg.get(), IFLA_VF_TRUST, ifla_vf_trust{index, *vf.trust ? 1U : 0U});
    }
    if (fits && vf.spoof_check) {
        fits = put(msg.get(), IFLA_VF_SPOOFCHK, ifla_vf_spoofchk{index, *vf.spoof_check ? 1U : 0U});
    }
    if (!fits) {
        return {};
    }
    nla_nest_end(msg.get(), info);
    nla_nest_end(msg.get(), list);
    return msg;
}

NlMsg get_vfs_message(std::string_view pf_ifname)
{
    NlMsg msg = link_message(RTM_GETLINK, pf_ifname, 0, 0);
    if (!msg || nla_put_u32(msg.get(), IFLA_EXT_MASK, RTEXT_FILTER_VF) < 0) {
        return {};
    }
    return msg;
}

std::map<unsigned, topology::VfSettings> parse_vfs(const nlmsghdr& message)
{
    std::map<unsigned, topology::VfSettings> vfs;
    Attributes<IFLA_MAX> link{};
    if (nlmsg_parse(mutable_header(message), sizeof(ifinfomsg), link.data(), IFLA_MAX, nullptr) < 0 ||
        link[IFLA_VFINFO_LIST] == nullptr) {
        return vfs;
    }
    nlattr* info = nullptr;
    int remaining = 0;
    nla_for_each_nested(info, link[IFLA_VFINFO_LIST], remaining)
    {
        if (nla_type(info) != IFLA_VF_INFO) {
            continue;
        }
        Attributes<IFLA_VF_MAX> vf{};
        if (nla_parse_nested(vf.data(), IFLA_VF_MAX, info, nullptr) < 0) {
            continue;
        }
        // Each member names its VF; IFLA_VF_MAC is always there in a reply.
        std::optional<unsigned> index;
        topology::VfSettings settings;
        if (const auto* mac = payload<ifla_vf_mac>(vf[IFLA_VF_MAC])) {
            index = mac->vf;
            char text[18];
            std::snprintf(text, sizeof text, "%02x:%02x:%02x:%02x:%02x:%02x", mac->mac[0], mac->mac[1], mac->mac[2],
                          mac->mac[3], mac->mac[4], mac->mac[5]);
            settings.mac = text;
        }
        if (const auto* vlan = payload<ifla_vf_vlan>(vf[IFLA_VF_VLAN])) {
            index = vlan->vf;
            settings.vlan = vlan->vlan;
        }
        if (const auto* trust = payload<ifla_vf_trust>(vf[IFLA_VF_TRUST])) {
            index = trust->vf;
            settings.trust = trust->setting != 0;
        }
        if (const auto* spoof = payload<ifla_vf_spoofchk>(vf[IFLA_VF_SPOOFCHK])) {
            index = spoof->vf;
            // The kernel reports -1 for a driver that cannot say.
            if (spoof->setting != static_cast<__u32>(-1)) {
                settings.spoof_check = spoof->setting != 0;
            }
        }
        if (index) {
            vfs[*index] = settings;
        }
    }
    return vfs;
}

} // namespace hammer::kernel_ops
