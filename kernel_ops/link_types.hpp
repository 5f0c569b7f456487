#pragma once

#include "src/control/port_types.hpp"

#include <map>
#include <set>
#include <string>

namespace hammer::kernel_ops {

/// What rtnetlink reports of an interface (RTM_GETLINK): the port-control
/// interface's LinkStatus (IFF_UP, IFLA_CARRIER, IFLA_OPERSTATE, IFLA_MTU,
/// IFLA_MIN_MTU/IFLA_MAX_MTU, the MAC) and what only netlink knows.
struct LinkState : control::LinkStatus {
    int ifindex = 0;
    std::string ifname;
    /// IFF_PROMISC as set through SIOCSIFFLAGS or RTM_SETLINK (the kernel's
    /// gflags): what a DPDK af_packet port turns on and never turns off.
    bool promiscuous = false;
    bool all_multicast = false; ///< IFF_ALLMULTI
};

/// The offloads and other netdev features of an interface (`ethtool -k`),
/// by the kernel's names ("rx-gro", "tx-checksum-ip-generic").
struct Features {
    std::map<std::string, bool> active;   ///< what the device does now
    std::map<std::string, bool> wanted;   ///< what was asked of it
    std::set<std::string> changeable;     ///< what `ethtool -K` may change (hw_features)

    friend bool operator==(const Features&, const Features&) = default;
};

/// A route that sends default traffic (0.0.0.0/0 or ::/0) out of an interface.
struct DefaultRoute {
    std::string family; ///< "IPv4" or "IPv6"
    std::uint32_t table = 0;
};

/// What ETHTOOL_GDRVINFO reports of an interface's driver (`ethtool -i`).
struct DriverInfo {
    std::string driver;           ///< "veth", "tun", "ice"
    std::string version;          ///< "" when the driver fills none in
    std::string firmware_version; ///< "" when the driver fills none in
    std::string bus_info;         ///< "0000:3b:00.0"; "" for a virtual device
};

// What the port-control interface shares with every backend.
using control::ChannelCounts;
using control::Channels;
using control::Duplex;
using control::LinkModeBits;
using control::LinkModes;
using control::LinkModesRequest;
using control::LinkStats;
using control::RingSizes;
using control::Rings;
using control::channel_counts_from_json;
using control::channels_to_restore;
using control::rings_to_restore;
using control::duplex_from_string;
using control::ring_sizes_from_json;
using control::restore_request;
using control::same_settings;
using control::to_json;
using control::to_string;

} // namespace hammer::kernel_ops
