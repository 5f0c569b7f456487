#include "kernel_ops/snapshot.hpp"

#include "kernel_ops/errors.hpp"
#include "kernel_ops/sriov.hpp"
#include "src/common/text.hpp"

#include <algorithm>
#include <cerrno>
#include <functional>

namespace hammer::kernel_ops {
namespace {

/// An ethtool read for a snapshot: EOPNOTSUPP is "unreadable", not a failure.
template <typename T, typename Value>
std::optional<NlError> read_part(Result<T> result, Readable<Value>& part, Value (*pick)(const T&))
{
    if (result) {
        part.value = pick(result.value());
        return std::nullopt;
    }
    if (classify(result.error().error_number) == ErrorKind::unsupported) {
        part.unreadable = result.error().describe();
        return std::nullopt;
    }
    return result.error();
}

template <typename T>
nlohmann::json part_json(const Readable<T>& part)
{
    if (part.value) {
        return to_json(*part.value);
    }
    return {{"unreadable", part.unreadable}};
}

LinkModes link_modes_from_json(const nlohmann::json& json)
{
    LinkModes modes;
    if (json.at("speed").is_number()) {
        modes.speed_mbps = json.at("speed").get<std::uint32_t>();
    }
    modes.duplex = duplex_from_string(json.at("duplex").get<std::string>()).value_or(Duplex::unknown);
    modes.autoneg = json.at("autoneg").get<bool>();
    if (json.contains("link_mode_bits")) {
        modes.modes.size = json.at("link_mode_bits").get<std::uint32_t>();
        modes.modes.advertised = json.at("advertised").get<std::vector<std::uint32_t>>();
        modes.modes.supported = json.at("supported").get<std::vector<std::uint32_t>>();
    }
    modes.port = json.value("port", "");
    return modes;
}

template <typename T>
Readable<T> part_from_json(const nlohmann::json& json, T (*parse)(const nlohmann::json&))
{
    if (json.contains("unreadable")) {
        return {std::nullopt, json.at("unreadable").get<std::string>()};
    }
    return {parse(json), {}};
}

nlohmann::json address_json(const InterfaceAddress& address)
{
    return {{"address", address.address}, {"prefix_length", address.prefix_length}, {"autojoin", address.autojoin}};
}

InterfaceAddress address_from_json(const nlohmann::json& json)
{
    InterfaceAddress address;
    address.address = json.at("address").get<std::string>();
    address.ipv6 = address.address.find(':') != std::string::npos;
    address.prefix_length = json.at("prefix_length").get<unsigned>();
    address.autojoin = json.at("autojoin").get<bool>();
    return address;
}

bool contains(const std::vector<InterfaceAddress>& addresses, const InterfaceAddress& address)
{
    return std::find(addresses.begin(), addresses.end(), address) != addresses.end();
}

bool contains(const std::vector<std::string>& names, const std::string& name)
{
    return std::find(names.begin(), names.end(), name) != names.end();
}

std::vector<std::string> prefixes(const std::vector<InterfaceAddress>& addresses)
{
    std::vector<std::string> texts;
    for (const auto& address : addresses) {
        texts.push_back(address.prefix() + (address.autojoin ? " autojoin" : ""));
    }
    return texts;
}

/// What `pf` has for the VF whose interface is `ifname`; nullopt when sysfs
/// does not show `ifname` as one of its VFs (the start-up says so).
Result<std::optional<VfSnapshot>> read_vf(Netlink& netlink, std::string_view ifname, std::string_view pf,
                                          const std::filesystem::path& sysfs_root)
{
    const auto number = find_sriov_device(netlink, pf, sysfs_root).vf_number(ifname);
    if (!number) {
        return std::optional<VfSnapshot>{};
    }
    auto vfs = netlink.read_vfs(pf);
    if (!vfs) {
        return vfs.error();
    }
    const auto found = vfs.value().find(*number);
    return std::optional<VfSnapshot>{
        VfSnapshot{std::string{pf}, *number, found != vfs.value().end() ? found->second : topology::VfSettings{}}};
}

/// The features of `expected` that `actual` has otherwise, as `expected` has them.
std::map<std::string, bool> features_to_restore(const std::map<std::string, bool>& expected,
                                                const std::map<std::string, bool>& actual)
{
    std::map<std::string, bool> request;
    for (const auto& [name, on] : expected) {
        if (const auto now = actual.find(name); now != actual.end() && now->second != on) {
            request[name] = on;
        }
    }
    return request;
}

/// Puts the VLAN interfaces and the addresses back as `snapshot` lists them.
void restore_addressing(Netlink& netlink, const InterfaceSnapshot& snapshot, const InterfaceSnapshot& current,
                        const std::function<bool(const Result<void>&)>& note)
{
    // VLANs first: their own addresses and memberships go with them.
    if (snapshot.vlans && current.vlans) {
        for (const auto& vlan : *current.vlans) {
            if (!contains(*snapshot.vlans, vlan)) {
                note(netlink.delete_link(vlan));
            }
        }
    }
    if (snapshot.addresses && current.addresses) {
        for (const auto& address : *current.addresses) {
            if (!contains(*snapshot.addresses, address)) {
                note(netlink.delete_address(snapshot.ifname, address));
            }
        }
        // An interface set down loses its IPv6 addresses (keep_addr_on_down
        // is 0 by default): a link flap takes them, the restore gives them back.
        for (const auto& address : *snapshot.addresses) {
            if (!contains(*current.addresses, address)) {
                note(netlink.add_address(snapshot.ifname, address));
            }
        }
    }
}

} // namespace

Result<InterfaceSnapshot> take_snapshot(Netlink& netlink, std::string_view ifname,
                                        const std::filesystem::path& sysfs_root, std::string_view pf)
{
    auto link = netlink.read_link(ifname);
    if (!link) {
        return link.error();
    }
    InterfaceSnapshot snapshot;
    snapshot.ifname = std::string{ifname};
    snapshot.netns = netlink.netns();
    snapshot.admin_up = link.value().admin_up;
    snapshot.promiscuous = link.value().promiscuous;
    snapshot.all_multicast = link.value().all_multicast;
    snapshot.mtu = link.value().mtu;
    auto addresses = netlink.read_addresses(ifname);
    if (!addresses) {
        return addresses.error();
    }
    snapshot.addresses.emplace();
    for (auto& address : addresses.value()) {
        if (!address.link_local) {
            snapshot.addresses->push_back(std::move(address));
        }
    }
    auto vlans = netlink.read_vlans(ifname);
    if (!vlans) {
        return vlans.error();
    }
    snapshot.vlans.emplace();
    for (auto& vlan : vlans.value()) {
        snapshot.vlans->push_back(std::move(vlan.ifname));
    }
    if (auto pf = find_sriov_device(netlink, ifname, sysfs_root); pf.capable()) {
        auto count = pf.read_numvfs();
        if (!count) {
            return count.error();
        }
        snapshot.sriov_numvfs = count.value();
    }
    if (!pf.empty()) {
        auto vf = read_vf(netlink, ifname, pf, sysfs_root);
        if (!vf) {
            return vf.error();
        }
        snapshot.vf = std::move(vf.value());
    }
    if (auto failed = read_part<Channels, ChannelCounts>(netlink.read_channels(ifname), snapshot.channels,
                                                         [](const Channels& channels) { return channels.current; })) {
        return *failed;
    }
    if (auto failed = read_part<Rings, RingSizes>(netlink.read_rings(ifname), snapshot.rings,
                                                  [](const Rings& rings) { return rings.current; })) {
        return *failed;
    }
    if (auto failed = read_part<LinkModes, LinkModes>(netlink.read_link_modes(ifname), snapshot.link_modes,
                                                      [](const LinkModes& modes) { return modes; })) {
        return *failed;
    }
    if (auto failed = read_part<Features, std::map<std::string, bool>>(
            netlink.read_features(ifname), snapshot.features, [](const Features& features) {
                std::map<std::string, bool> wanted;
                for (const auto& name : features.changeable) {
                    wanted[name] = features.wanted.at(name);
                }
                return wanted;
            })) {
        return *failed;
    }
    return snapshot;
}

nlohmann::json to_json(const InterfaceSnapshot& snapshot)
{
    nlohmann::json json{{"ifname", snapshot.ifname},
                        {"netns", snapshot.netns},
                        {"admin_up", snapshot.admin_up},
                        {"mtu", snapshot.mtu},
                        {"channels", part_json(snapshot.channels)},
                        {"rings", part_json(snapshot.rings)},
                        {"link_modes", part_json(snapshot.link_modes)}};
    if (snapshot.promiscuous) {
        json["promiscuous"] = *snapshot.promiscuous;
    }
    if (snapshot.all_multicast) {
        json["all_multicast"] = *snapshot.all_multicast;
    }
    if (snapshot.sriov_numvfs) {
        json["sriov_numvfs"] = *snapshot.sriov_numvfs;
    }
    if (snapshot.vf) {
        json["vf"] = {{"pf", snapshot.vf->pf}, {"number", snapshot.vf->number},
                      {"settings", snapshot.vf->settings.to_json()}};
    }
    json["features"] = snapshot.features.value ? nlohmann::json(*snapshot.features.value)
                                               : nlohmann::json{{"unreadable", snapshot.features.unreadable}};
    if (snapshot.addresses) {
        json["addresses"] = nlohmann::json::array();
        for (const auto& address : *snapshot.addresses) {
            json["addresses"].push_back(address_json(address));
        }
    }
    if (snapshot.vlans) {
        json["vlans"] = *snapshot.vlans;
    }
    return json;
}

InterfaceSnapshot snapshot_from_json(const nlohmann::json& json)
{
    InterfaceSnapshot snapshot;
    snapshot.ifname = json.at("ifname").get<std::string>();
    snapshot.netns = json.at("netns").get<std::string>();
    snapshot.admin_up = json.at("admin_up").get<bool>();
    if (json.contains("promiscuous")) {
        snapshot.promiscuous = json.at("promiscuous").get<bool>();
    }
    if (json.contains("all_multicast")) {
        snapshot.all_multicast = json.at("all_multicast").get<bool>();
    }
    if (json.contains("addresses")) {
        snapshot.addresses.emplace();
        for (const auto& address : json.at("addresses")) {
            snapshot.addresses->push_back(address_from_json(address));
        }
    }
    if (json.contains("vlans")) {
        snapshot.vlans = json.at("vlans").get<std::vector<std::string>>();
    }
    if (json.contains("sriov_numvfs")) {
        snapshot.sriov_numvfs = json.at("sriov_numvfs").get<unsigned>();
    }
    if (const auto vf = json.find("vf"); vf != json.end()) {
        const auto& settings = vf->at("settings");
        topology::VfSettings read;
        if (settings.contains("mac")) {
            read.mac = settings.at("mac").get<std::string>();
        }
        if (settings.contains("vlan")) {
            read.vlan = settings.at("vlan").get<unsigned>();
        }
        if (settings.contains("trust")) {
            read.trust = settings.at("trust").get<bool>();
        }
        if (settings.contains("spoof-check")) {
            read.spoof_check = settings.at("spoof-check").get<bool>();
        }
        snapshot.vf = VfSnapshot{vf->at("pf").get<std::string>(), vf->at("number").get<unsigned>(), read};
    }
    if (const auto features = json.find("features"); features != json.end()) {
        snapshot.features = features->contains("unreadable")
                                ? Readable<std::map<std::string, bool>>{std::nullopt, features->at("unreadable")}
                                : Readable<std::map<std::string, bool>>{features->get<std::map<std::string, bool>>(), {}};
    } else {
        snapshot.features.unreadable = "not in this snapshot";
    }
    snapshot.mtu = json.at("mtu").get<std::uint32_t>();
    snapshot.channels = part_from_json<ChannelCounts>(json.at("channels"), channel_counts_from_json);
    snapshot.rings = part_from_json<RingSizes>(json.at("rings"), ring_sizes_from_json);
    snapshot.link_modes = part_from_json<LinkModes>(json.at("link_modes"), link_modes_from_json);
    return snapshot;
}

std::vector<std::string> differences(const InterfaceSnapshot& expected, const InterfaceSnapshot& actual)
{
    std::vector<std::string> found;
    if (actual.admin_up != expected.admin_up) {
        found.push_back(std::string{"admin "} + (actual.admin_up ? "up" : "down") + ", expected " +
                        (expected.admin_up ? "up" : "down"));
    }
    if (actual.mtu != expected.mtu) {
        found.push_back("mtu " + std::to_string(actual.mtu) + ", expected " + std::to_string(expected.mtu));
    }
    if (expected.promiscuous && actual.promiscuous && *actual.promiscuous != *expected.promiscuous) {
        found.push_back(std::string{"promisc "} + (*actual.promiscuous ? "on" : "off") + ", expected " +
                        (*expected.promiscuous ? "on" : "off"));
    }
    if (expected.all_multicast && actual.all_multicast && *actual.all_multicast != *expected.all_multicast) {
        found.push_back(std::string{"allmulticast "} + (*actual.all_multicast ? "on" : "off") + ", expected " +
                        (*expected.all_multicast ? "on" : "off"));
    }
    if (expected.addresses && actual.addresses) {
        auto sorted = [](std::vector<std::string> texts) {
            std::sort(texts.begin(), texts.end());
            return texts;
        };
        const auto want = sorted(prefixes(*expected.addresses));
        const auto have = sorted(prefixes(*actual.addresses));
        if (want != have) {
            found.push_back("addresses [" + joined(have, ", ") + "], expected [" + joined(want, ", ") + "]");
        }
    }
    if (expected.vlans && actual.vlans) {
        for (const auto& vlan : *actual.vlans) {
            if (!contains(*expected.vlans, vlan)) {
                found.push_back("VLAN interface " + vlan + " is still there");
            }
        }
        for (const auto& vlan : *expected.vlans) {
            if (!contains(*actual.vlans, vlan)) {
                found.push_back("VLAN interface " + vlan + " is gone");
            }
        }
    }
    if (expected.channels.value && actual.channels.value &&
        !(channels_to_restore(*expected.channels.value, *actual.channels.value) == ChannelCounts{})) {
        found.push_back("channels " + to_json(*actual.channels.value).dump() + ", expected " +
                        to_json(*expected.channels.value).dump());
    }
    if (expected.rings.value && actual.rings.value &&
        !(rings_to_restore(*expected.rings.value, *actual.rings.value) == RingSizes{})) {
        found.push_back("rings " + to_json(*actual.rings.value).dump() + ", expected " +
                        to_json(*expected.rings.value).dump());
    }
    if (expected.link_modes.value && actual.link_modes.value &&
        !same_settings(*expected.link_modes.value, *actual.link_modes.value)) {
        found.push_back("link modes " + to_json(*actual.link_modes.value).dump() + ", expected " +
                        to_json(*expected.link_modes.value).dump());
    }
    if (expected.vf && actual.vf && expected.vf->settings != actual.vf->settings) {
        found.push_back("VF " + std::to_string(actual.vf->number) + " of " + actual.vf->pf + " " +
                        actual.vf->settings.to_json().dump() + ", expected " + expected.vf->settings.to_json().dump());
    }
    if (expected.sriov_numvfs && actual.sriov_numvfs && *expected.sriov_numvfs != *actual.sriov_numvfs) {
        found.push_back("sriov_numvfs " + std::to_string(*actual.sriov_numvfs) + ", expected " +
                        std::to_string(*expected.sriov_numvfs));
    }
    if (expected.features.value && actual.features.value) {
        for (const auto& [name, on] : features_to_restore(*expected.features.value, *actual.features.value)) {
            found.push_back("feature " + name + (on ? " off, expected on" : " on, expected off"));
        }
    }
    // A part that became (un)readable cannot be compared: the driver changed under hammer.
    if (expected.channels.value.has_value() != actual.channels.value.has_value() ||
        expected.rings.value.has_value() != actual.rings.value.has_value() ||
        expected.link_modes.value.has_value() != actual.link_modes.value.has_value()) {
        found.push_back("channels, rings or link modes readable in one reading and not in the other");
    }
    return found;
}

operations::Verdict restore_snapshot(Netlink& netlink, const InterfaceSnapshot& snapshot,
                                     const std::filesystem::path& sysfs_root)
{
    auto now = take_snapshot(netlink, snapshot.ifname, sysfs_root, snapshot.vf ? snapshot.vf->pf : std::string{});
    if (!now) {
        return operations::Verdict::error(now.error().describe());
    }
    std::vector<std::string> refused;
    auto note = [&refused](const Result<void>& done) {
        if (!done) {
            refused.push_back(done.error().describe());
        }
        return done.has_value() || classify(done.error().error_number) != ErrorKind::infrastructure;
    };
    const InterfaceSnapshot& current = now.value();
    // The VFs first: what the PF's other settings come back to is the PF alone.
    if (snapshot.sriov_numvfs && current.sriov_numvfs && *current.sriov_numvfs != *snapshot.sriov_numvfs) {
        std::vector<std::string> written;
        note(find_sriov_device(netlink, snapshot.ifname, sysfs_root).write_numvfs(*snapshot.sriov_numvfs, written));
    }
    if (snapshot.vf && current.vf && snapshot.vf->settings != current.vf->settings) {
        note(netlink.set_vf(snapshot.vf->pf, snapshot.vf->number, snapshot.vf->settings));
    }
    restore_addressing(netlink, snapshot, current, note);
    // Driver-level settings first, the MTU next, the admin state last: the
    // interface comes up (or goes down) with everything else already back.
    if (snapshot.channels.value && current.channels.value) {
        const ChannelCounts request = channels_to_restore(*snapshot.channels.value, *current.channels.value);
        if (!(request == ChannelCounts{}) && !note(netlink.set_channels(snapshot.ifname, request))) {
            return operations::Verdict::error(refused.back());
        }
    }
    if (snapshot.rings.value && current.rings.value) {
        const RingSizes request = rings_to_restore(*snapshot.rings.value, *current.rings.value);
        if (!(request == RingSizes{}) && !note(netlink.set_rings(snapshot.ifname, request))) {
            return operations::Verdict::error(refused.back());
        }
    }
    if (snapshot.link_modes.value && current.link_modes.value &&
        !same_settings(*snapshot.link_modes.value, *current.link_modes.value)) {
        if (!note(netlink.set_link_modes(snapshot.ifname, restore_request(*snapshot.link_modes.value)))) {
            return operations::Verdict::error(refused.back());
        }
    }
    if (snapshot.features.value && current.features.value) {
        const auto request = features_to_restore(*snapshot.features.value, *current.features.value);
        if (!request.empty() && !note(netlink.set_features(snapshot.ifname, request))) {
            return operations::Verdict::error(refused.back());
        }
    }
    if (current.mtu != snapshot.mtu && !note(netlink.set_mtu(snapshot.ifname, snapshot.mtu))) {
        return operations::Verdict::error(refused.back());
    }
    if (snapshot.promiscuous && current.promiscuous != snapshot.promiscuous &&
        !note(netlink.set_promiscuous(snapshot.ifname, *snapshot.promiscuous))) {
        return operations::Verdict::error(refused.back());
    }
    if (snapshot.all_multicast && current.all_multicast != snapshot.all_multicast &&
        !note(netlink.set_all_multicast(snapshot.ifname, *snapshot.all_multicast))) {
        return operations::Verdict::error(refused.back());
    }
    if (current.admin_up != snapshot.admin_up && !note(netlink.set_admin(snapshot.ifname, snapshot.admin_up))) {
        return operations::Verdict::error(refused.back());
    }

    auto after = take_snapshot(netlink, snapshot.ifname, sysfs_root, snapshot.vf ? snapshot.vf->pf : std::string{});
    if (!after) {
        return operations::Verdict::error(after.error().describe());
    }
    std::vector<std::string> problems = differences(snapshot, after.value());
    problems.insert(problems.begin(), refused.begin(), refused.end());
    if (problems.empty()) {
        return operations::Verdict::pass(snapshot.ifname + " restored");
    }
    return operations::Verdict::fail(snapshot.ifname + " not restored: " + joined(problems, "; "));
}

} // namespace hammer::kernel_ops
