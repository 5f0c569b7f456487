#pragma once

#include "src/common/diagnostics.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hammer::topology {

/// An IPv4 or IPv6 address, kept as the text the topology gave, normalised
/// ("2001:db8::1", "192.0.2.1").
struct IpAddress {
    bool ipv6 = false;
    std::string text;

    friend bool operator==(const IpAddress&, const IpAddress&) = default;
};

/// An address with its prefix length: "192.0.2.1/24".
struct IpPrefix {
    IpAddress address;
    unsigned prefix_length = 0;

    [[nodiscard]] std::string to_string() const;
    friend bool operator==(const IpPrefix&, const IpPrefix&) = default;
};

/// Parses "192.0.2.1/24" or "2001:db8::1/64": nullopt with `why` set when it
/// is not an address with a prefix length that fits its family.
[[nodiscard]] std::optional<IpPrefix> parse_ip_prefix(std::string_view text, std::string& why);
/// Parses "239.1.1.1" or "ff0e::1": nullopt with `why` set when it is not an address.
[[nodiscard]] std::optional<IpAddress> parse_ip_address(std::string_view text, std::string& why);
/// Whether the address is in 224.0.0.0/4 or ff00::/8.
[[nodiscard]] bool is_multicast(const IpAddress& address);
/// Whether the two prefixes share their network (same family, and the
/// shorter of the two prefix lengths covers both addresses).
[[nodiscard]] bool same_subnet(const IpPrefix& a, const IpPrefix& b);

/// An 802.1Q sub-interface made on the termination point's interface.
struct VlanInterface {
    unsigned id = 0;     ///< 1..4094
    std::string ifname;  ///< "ifname" in the topology, else "<parent>.<id>" (see name_vlans)
    std::vector<IpPrefix> addresses;

    friend bool operator==(const VlanInterface&, const VlanInterface&) = default;
};

/// What a PF sets for one of its VFs, as `ip link set PF vf N mac M vlan V
/// trust on spoofchk off` does (netlink IFLA_VF_*): the "vf" member of the
/// VF's own start-up. Absent members stay as the PF has them.
struct VfSettings {
    std::optional<std::string> mac;  ///< "mac": "02:00:00:00:00:01", a unicast address
    std::optional<unsigned> vlan;    ///< "vlan": 0..4095, 0 for none (the PF tags and strips it)
    std::optional<bool> trust;       ///< "trust": the VF may change its MAC, go promiscuous
    std::optional<bool> spoof_check; ///< "spoof-check": the PF drops frames from another source MAC

    [[nodiscard]] nlohmann::json to_json() const;
    friend bool operator==(const VfSettings&, const VfSettings&) = default;
};

/// What `configuration.start-up` (and each `configuration.run-time` entry)
/// sets on a termination point's interface before the run, in the model's
/// hyphenated names. Absent members leave the interface as it is found.
struct InterfaceSettings {
    std::vector<IpPrefix> addresses;             ///< "addresses"
    std::optional<std::uint32_t> mtu;            ///< "mtu"
    std::optional<bool> admin_up;                ///< "admin-up"
    std::optional<bool> promiscuous;             ///< "promiscuous"
    std::optional<bool> all_multicast;           ///< "all-multicast"
    std::vector<VlanInterface> vlans;            ///< "vlans"
    std::vector<IpAddress> multicast_groups;     ///< "multicast-groups": joined by a socket (kernel), the port's multicast list (ethdev)
    std::map<std::string, bool> features;        ///< "features": ethtool feature name → on/off
    std::optional<unsigned> sriov_numvfs;        ///< "sriov-numvfs", on a PF
    std::optional<VfSettings> vf;                ///< "vf", on a VF: set through its PF
    /// Members hammer does not apply (type-specific configuration that
    /// belongs to another tool, such as CSIT's "vpp-startup"), by JSON
    /// pointer: kept in the model and the result, noted, not refused.
    std::vector<std::string> ignored;

    /// Whether applying it would change nothing.
    [[nodiscard]] bool empty() const;
    /// The members hammer applies, in the topology's names, for the journal.
    [[nodiscard]] nlohmann::json to_json() const;

    friend bool operator==(const InterfaceSettings&, const InterfaceSettings&) = default;
};

/// `other`'s members over `base`'s: a termination point's start-up over its node's.
[[nodiscard]] InterfaceSettings merge(const InterfaceSettings& base, const InterfaceSettings& other);

/// Reads one start-up or run-time object at `pointer`; problems go to
/// `diagnostics`. VLANs without "ifname" are named later by name_vlans.
[[nodiscard]] InterfaceSettings read_interface_settings(const nlohmann::json& json, const std::string& pointer,
                                                        Diagnostics& diagnostics);

/// Names the VLAN sub-interfaces that gave no "ifname" after their parent,
/// as `ip link add link P name P.ID type vlan id ID` would: "<parent>.<id>".
/// A name longer than the kernel's 15 characters is an error at `pointer`.
void name_vlans(InterfaceSettings& settings, std::string_view parent_ifname, const std::string& pointer,
                Diagnostics& diagnostics);

} // namespace hammer::topology
