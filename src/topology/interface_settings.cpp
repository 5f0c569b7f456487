#include "src/topology/interface_settings.hpp"

#include "src/common/json_check.hpp"
#include "src/common/text.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <charconv>
#include <set>

namespace hammer::topology {
namespace {

/// IEEE 802.1Q: VLAN ids 0 and 4095 are reserved.
constexpr unsigned max_vlan_id = 4094;
/// RFC 791: every IPv4 host takes 68-byte datagrams; the kernel refuses a lower MTU.
constexpr std::uint32_t min_mtu = 68;
constexpr std::uint32_t max_mtu = 65535;
/// sriov_totalvfs is a 16-bit PCI capability field (PCIe base spec, SR-IOV TotalVFs).
constexpr unsigned max_vfs = 65535;
/// IFNAMSIZ less its terminating NUL.
constexpr std::size_t max_ifname_length = 15;

/// The address's bytes in network order (4 or 16 of them).
std::array<unsigned char, 16> address_bytes(const IpAddress& address)
{
    std::array<unsigned char, 16> bytes{};
    (void)inet_pton(address.ipv6 ? AF_INET6 : AF_INET, address.text.c_str(), bytes.data());
    return bytes;
}

class SettingsReader {
public:
    SettingsReader(const std::string& pointer, Diagnostics& diagnostics)
        : pointer_{pointer}, diagnostics_{diagnostics}
    {
    }

    InterfaceSettings read(const nlohmann::json& json)
    {
        InterfaceSettings settings;
        if (!expect_kind(json, JsonKind::object, pointer_, diagnostics_)) {
            return settings;
        }
        for (const auto& [key, value] : json.items()) {
            const auto pointer = pointer_child(pointer_, key);
            if (key == "addresses") {
                settings.addresses = read_prefixes(value, pointer);
            } else if (key == "mtu") {
                settings.mtu = read_bounded(value, pointer, min_mtu, max_mtu);
            } else if (key == "admin-up") {
                settings.admin_up = read_boolean(value, pointer);
            } else if (key == "promiscuous") {
                settings.promiscuous = read_boolean(value, pointer);
            } else if (key == "all-multicast") {
                settings.all_multicast = read_boolean(value, pointer);
            } else if (key == "vlans") {
                settings.vlans = read_vlans(value, pointer);
            } else if (key == "multicast-groups") {
                settings.multicast_groups = read_groups(value, pointer);
            } else if (key == "features") {
                settings.features = read_features(value, pointer);
            } else if (key == "sriov-numvfs") {
                settings.sriov_numvfs = read_bounded(value, pointer, 0, max_vfs);
            } else if (key == "vf") {
                settings.vf = read_vf(value, pointer);
            } else {
                settings.ignored.push_back(pointer);
            }
        }
        return settings;
    }

private:
    std::optional<bool> read_boolean(const nlohmann::json& value, const std::string& pointer)
    {
        if (!expect_kind(value, JsonKind::boolean, pointer, diagnostics_)) {
            return std::nullopt;
        }
        return value.get<bool>();
    }

    std::optional<unsigned> read_bounded(const nlohmann::json& value, const std::string& pointer, unsigned low,
                                         unsigned high)
    {
        // A whole number as the rest of the input takes one: 9000 or 9000.0.
        if (!is_kind(value, JsonKind::integer) || value.get<double>() < low || value.get<double>() > high) {
            diagnostics_.error(pointer, "expected a whole number " + std::to_string(low) + ".." +
                                            std::to_string(high) + ", found " + describe_value(value));
            return std::nullopt;
        }
        return static_cast<unsigned>(value.get<double>());
    }

    std::optional<VfSettings> read_vf(const nlohmann::json& value, const std::string& pointer)
    {
        if (!expect_kind(value, JsonKind::object, pointer, diagnostics_)) {
            return std::nullopt;
        }
        VfSettings vf;
        for (const auto& [key, member] : value.items()) {
            const auto member_pointer = pointer_child(pointer, key);
            if (key == "mac") {
                vf.mac = read_unicast_mac(member, member_pointer);
            } else if (key == "vlan") {
                vf.vlan = read_bounded(member, member_pointer, 0, 4095);
            } else if (key == "trust") {
                vf.trust = read_boolean(member, member_pointer);
            } else if (key == "spoof-check") {
                vf.spoof_check = read_boolean(member, member_pointer);
            } else {
                diagnostics_.error(member_pointer, "unknown member " + in_quotes(key) +
                                                       " (a VF has \"mac\", \"vlan\", \"trust\", \"spoof-check\")");
            }
        }
        return vf;
    }

    /// "02:00:00:00:00:01" in lower case; a multicast or all-zero address is refused.
    std::optional<std::string> read_unicast_mac(const nlohmann::json& value, const std::string& pointer)
    {
        if (!expect_kind(value, JsonKind::string, pointer, diagnostics_)) {
            return std::nullopt;
        }
        const auto text = value.get<std::string>();
        unsigned bytes[6];
        char end = 0;
        if (text.size() != 17 || std::sscanf(text.c_str(), "%2x:%2x:%2x:%2x:%2x:%2x%c", &bytes[0], &bytes[1],
                                             &bytes[2], &bytes[3], &bytes[4], &bytes[5], &end) != 6) {
            diagnostics_.error(pointer, in_quotes(text) + " is not a MAC address like 02:00:00:00:00:01");
            return std::nullopt;
        }
        if ((bytes[0] & 1U) != 0 || text == "00:00:00:00:00:00") {
            diagnostics_.error(pointer, in_quotes(text) + " is not a unicast address");
            return std::nullopt;
        }
        std::string lower = text;
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
        return lower;
    }

    std::vector<IpPrefix> read_prefixes(const nlohmann::json& value, const std::string& pointer)
    {
        std::vector<IpPrefix> prefixes;
        if (!expect_kind(value, JsonKind::array, pointer, diagnostics_)) {
            return prefixes;
        }
        for (std::size_t i = 0; i < value.size(); ++i) {
            const auto item_pointer = pointer_child(pointer, i);
            if (!expect_kind(value[i], JsonKind::string, item_pointer, diagnostics_)) {
                continue;
            }
            std::string why;
            auto prefix = parse_ip_prefix(value[i].get<std::string>(), why);
            if (prefix && is_multicast(prefix->address)) {
                why = "is a multicast address: give groups in \"multicast-groups\"";
                prefix.reset();
            }
            if (!prefix) {
                diagnostics_.error(item_pointer, "\"" + value[i].get<std::string>() + "\" " + why);
            } else if (std::find(prefixes.begin(), prefixes.end(), *prefix) != prefixes.end()) {
                diagnostics_.error(item_pointer, "\"" + prefix->to_string() + "\" is listed twice");
            } else {
                prefixes.push_back(std::move(*prefix));
            }
        }
        return prefixes;
    }

    std::vector<IpAddress> read_groups(const nlohmann::json& value, const std::string& pointer)
    {
        std::vector<IpAddress> groups;
        if (!expect_kind(value, JsonKind::array, pointer, diagnostics_)) {
            return groups;
        }
        for (std::size_t i = 0; i < value.size(); ++i) {
            const auto item_pointer = pointer_child(pointer, i);
            if (!expect_kind(value[i], JsonKind::string, item_pointer, diagnostics_)) {
                continue;
            }
            std::string why;
            auto group = parse_ip_address(value[i].get<std::string>(), why);
            if (group && !is_multicast(*group)) {
                why = "is not a multicast group (224.0.0.0/4 or ff00::/8)";
                group.reset();
            }
            if (!group) {
                diagnostics_.error(item_pointer, "\"" + value[i].get<std::string>() + "\" " + why);
            } else if (std::find(groups.begin(), groups.end(), *group) != groups.end()) {
                diagnostics_.error(item_pointer, "\"" + group->text + "\" is listed twice");
            } else {
                groups.push_back(std::move(*group));
            }
        }
        return groups;
    }

    std::vector<VlanInterface> read_vlans(const nlohmann::json& value, const std::string& pointer)
    {
        std::vector<VlanInterface> vlans;
        if (!expect_kind(value, JsonKind::array, pointer, diagnostics_)) {
            return vlans;
        }
        std::set<unsigned> ids;
        for (std::size_t i = 0; i < value.size(); ++i) {
            ObjectReader reader{value[i], pointer_child(pointer, i), diagnostics_};
            if (!reader.is_object()) {
                continue;
            }
            VlanInterface vlan;
            if (const auto* id = reader.required("id", JsonKind::any)) {
                vlan.id = read_bounded(*id, reader.pointer_to("id"), 1, max_vlan_id).value_or(0);
                if (vlan.id != 0 && !ids.insert(vlan.id).second) {
                    diagnostics_.error(reader.pointer_to("id"), "VLAN " + std::to_string(vlan.id) + " is listed twice");
                }
            }
            vlan.ifname = reader.optional_string("ifname").value_or("");
            if (const auto* addresses = reader.optional("addresses", JsonKind::any)) {
                vlan.addresses = read_prefixes(*addresses, reader.pointer_to("addresses"));
            }
            reader.reject_unknown_members();
            vlans.push_back(std::move(vlan));
        }
        return vlans;
    }

    std::map<std::string, bool> read_features(const nlohmann::json& value, const std::string& pointer)
    {
        std::map<std::string, bool> features;
        if (!expect_kind(value, JsonKind::object, pointer, diagnostics_)) {
            return features;
        }
        for (const auto& [name, state] : value.items()) {
            const auto item_pointer = pointer_child(pointer, name);
            if (name.empty()) {
                diagnostics_.error(item_pointer, "a feature needs a name (as `ethtool -k` lists them)");
            } else if (const auto on = read_boolean(state, item_pointer)) {
                features[name] = *on;
            }
        }
        return features;
    }

    const std::string& pointer_;
    Diagnostics& diagnostics_;
};

} // namespace

std::string IpPrefix::to_string() const
{
    return address.text + "/" + std::to_string(prefix_length);
}

std::optional<IpAddress> parse_ip_address(std::string_view text, std::string& why)
{
    const std::string copy{text};
    std::array<unsigned char, 16> bytes{};
    std::array<char, INET6_ADDRSTRLEN> normal{};
    for (const int family : {AF_INET, AF_INET6}) {
        if (inet_pton(family, copy.c_str(), bytes.data()) == 1 &&
            inet_ntop(family, bytes.data(), normal.data(), normal.size()) != nullptr) {
            return IpAddress{family == AF_INET6, normal.data()};
        }
    }
    why = "is not an IPv4 or IPv6 address";
    return std::nullopt;
}

std::optional<IpPrefix> parse_ip_prefix(std::string_view text, std::string& why)
{
    const auto slash = text.find('/');
    if (slash == std::string_view::npos) {
        why = "needs a prefix length (\"192.0.2.1/24\", \"2001:db8::1/64\")";
        return std::nullopt;
    }
    auto address = parse_ip_address(text.substr(0, slash), why);
    if (!address) {
        return std::nullopt;
    }
    const auto length_text = text.substr(slash + 1);
    unsigned length = 0;
    const auto [end, error] = std::from_chars(length_text.data(), length_text.data() + length_text.size(), length);
    const unsigned longest = address->ipv6 ? 128 : 32;
    if (length_text.empty() || error != std::errc{} || end != length_text.data() + length_text.size() ||
        length > longest) {
        why = "has no prefix length 0.." + std::to_string(longest) + " after '/'";
        return std::nullopt;
    }
    return IpPrefix{std::move(*address), length};
}

bool is_multicast(const IpAddress& address)
{
    const auto bytes = address_bytes(address);
    return address.ipv6 ? bytes[0] == 0xff : (bytes[0] & 0xf0U) == 0xe0;
}

bool same_subnet(const IpPrefix& a, const IpPrefix& b)
{
    if (a.address.ipv6 != b.address.ipv6) {
        return false;
    }
    const auto left = address_bytes(a.address);
    const auto right = address_bytes(b.address);
    const unsigned bits = std::min(a.prefix_length, b.prefix_length);
    for (unsigned bit = 0; bit < bits; ++bit) {
        const unsigned mask = 0x80U >> (bit % 8);
        if ((left[bit / 8] & mask) != (right[bit / 8] & mask)) {
            return false;
        }
    }
    return true;
}

bool InterfaceSettings::empty() const
{
    return addresses.empty() && !mtu && !admin_up && !promiscuous && !all_multicast && vlans.empty() &&
           multicast_groups.empty() && features.empty() && !sriov_numvfs && !vf;
}

nlohmann::json VfSettings::to_json() const
{
    nlohmann::json json = nlohmann::json::object();
    if (mac) {
        json["mac"] = *mac;
    }
    if (vlan) {
        json["vlan"] = *vlan;
    }
    if (trust) {
        json["trust"] = *trust;
    }
    if (spoof_check) {
        json["spoof-check"] = *spoof_check;
    }
    return json;
}

nlohmann::json InterfaceSettings::to_json() const
{
    auto prefixes = [](const std::vector<IpPrefix>& list) {
        auto array = nlohmann::json::array();
        for (const auto& prefix : list) {
            array.push_back(prefix.to_string());
        }
        return array;
    };
    nlohmann::json json = nlohmann::json::object();
    if (!addresses.empty()) {
        json["addresses"] = prefixes(addresses);
    }
    if (mtu) {
        json["mtu"] = *mtu;
    }
    if (admin_up) {
        json["admin-up"] = *admin_up;
    }
    if (promiscuous) {
        json["promiscuous"] = *promiscuous;
    }
    if (all_multicast) {
        json["all-multicast"] = *all_multicast;
    }
    for (const auto& vlan : vlans) {
        json["vlans"].push_back({{"id", vlan.id}, {"ifname", vlan.ifname}, {"addresses", prefixes(vlan.addresses)}});
    }
    for (const auto& group : multicast_groups) {
        json["multicast-groups"].push_back(group.text);
    }
    if (!features.empty()) {
        json["features"] = features;
    }
    if (sriov_numvfs) {
        json["sriov-numvfs"] = *sriov_numvfs;
    }
    if (vf) {
        json["vf"] = vf->to_json();
    }
    return json;
}

InterfaceSettings merge(const InterfaceSettings& base, const InterfaceSettings& other)
{
    InterfaceSettings merged = base;
    if (!other.addresses.empty()) {
        merged.addresses = other.addresses;
    }
    merged.mtu = other.mtu ? other.mtu : base.mtu;
    merged.admin_up = other.admin_up ? other.admin_up : base.admin_up;
    merged.promiscuous = other.promiscuous ? other.promiscuous : base.promiscuous;
    merged.all_multicast = other.all_multicast ? other.all_multicast : base.all_multicast;
    if (!other.vlans.empty()) {
        merged.vlans = other.vlans;
    }
    if (!other.multicast_groups.empty()) {
        merged.multicast_groups = other.multicast_groups;
    }
    for (const auto& [name, on] : other.features) {
        merged.features[name] = on;
    }
    merged.sriov_numvfs = other.sriov_numvfs ? other.sriov_numvfs : base.sriov_numvfs;
    merged.vf = other.vf ? other.vf : base.vf;
    merged.ignored.insert(merged.ignored.end(), other.ignored.begin(), other.ignored.end());
    return merged;
}

InterfaceSettings read_interface_settings(const nlohmann::json& json, const std::string& pointer,
                                          Diagnostics& diagnostics)
{
    return SettingsReader{pointer, diagnostics}.read(json);
}

void name_vlans(InterfaceSettings& settings, std::string_view parent_ifname, const std::string& pointer,
                Diagnostics& diagnostics)
{
    for (auto& vlan : settings.vlans) {
        if (vlan.ifname.empty()) {
            vlan.ifname = std::string{parent_ifname} + "." + std::to_string(vlan.id);
        }
        if (vlan.ifname.size() > max_ifname_length) {
            diagnostics.error(pointer, "VLAN " + std::to_string(vlan.id) + "'s interface name \"" + vlan.ifname +
                                           "\" is longer than 15 characters: give it an \"ifname\"");
        }
    }
}

} // namespace hammer::topology
