#pragma once

// What the port-control interface reads and changes, as plain values: the
// same for a kernel netdev (netlink, ethtool) and an ethdev port. The names
// follow ethtool's, which both sides can be described in.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hammer::control {

/// Admin state, carrier and MTU of a port: `ip link show` / testpmd's `show port info`.
struct LinkStatus {
    bool admin_up = false;  ///< IFF_UP; an ethdev port: started and not set link-down
    bool carrier = false;   ///< IFLA_CARRIER; an ethdev port: rte_eth_link link_status
    std::string oper_state; ///< RFC 2863 as the kernel names it: "up", "down", "lowerlayerdown", ...
    std::uint32_t mtu = 0;
    std::optional<std::uint32_t> min_mtu; ///< absent when the device does not say
    std::optional<std::uint32_t> max_mtu;
    std::string mac;        ///< "3a:d2:d5:e1:65:e1"; empty for devices without one (tun)
};

/// The 64-bit interface counters (IFLA_STATS64; ethdev: rte_eth_stats), device totals.
struct LinkStats {
    std::uint64_t rx_packets = 0;
    std::uint64_t tx_packets = 0;
    std::uint64_t rx_bytes = 0;
    std::uint64_t tx_bytes = 0;
    std::uint64_t rx_errors = 0;
    std::uint64_t tx_errors = 0;
    std::uint64_t rx_dropped = 0;
    std::uint64_t tx_dropped = 0;
    std::uint64_t multicast = 0; ///< received multicast packets
};

enum class Duplex { half, full, unknown };

[[nodiscard]] std::string_view to_string(Duplex duplex) noexcept;
[[nodiscard]] std::optional<Duplex> duplex_from_string(std::string_view text) noexcept;

/// The advertised link modes as the kernel's compact bitset
/// (ETHTOOL_A_LINKMODES_OURS): bit n of the 32-bit words is link mode n of
/// enum ethtool_link_mode_bit_indices.
struct LinkModeBits {
    std::uint32_t size = 0;                ///< number of link modes the kernel knows
    std::vector<std::uint32_t> advertised; ///< ETHTOOL_A_BITSET_VALUE
    std::vector<std::uint32_t> supported;  ///< ETHTOOL_A_BITSET_MASK

    friend bool operator==(const LinkModeBits&, const LinkModeBits&) = default;
};

/// Speed, duplex, autonegotiation and advertised modes
/// (ETHTOOL_MSG_LINKMODES_GET), with the port type from ETHTOOL_MSG_LINKINFO_GET.
struct LinkModes {
    std::optional<std::uint32_t> speed_mbps; ///< absent when the device reports SPEED_UNKNOWN
    Duplex duplex = Duplex::unknown;
    bool autoneg = false;
    LinkModeBits modes;
    std::string port; ///< "tp", "fibre", "da", "other", ...; empty when LINKINFO is not readable

    friend bool operator==(const LinkModes&, const LinkModes&) = default;
};

/// What ETHTOOL_MSG_LINKMODES_SET is asked to change; absent members stay as they are.
struct LinkModesRequest {
    std::optional<std::uint32_t> speed_mbps;
    std::optional<Duplex> duplex;
    std::optional<bool> autoneg;
    std::optional<LinkModeBits> advertise; ///< advertised := advertised bits, within the supported mask
};

/// Whether `now` has the settings of `wanted` that a user sets: with
/// autonegotiation on, the advertised modes (speed and duplex are then the
/// negotiation's result, not settings); with it off, speed and duplex.
[[nodiscard]] bool same_settings(const LinkModes& wanted, const LinkModes& now) noexcept;

/// The request that puts `wanted` back. Autoneg on: the advertised modes, no
/// speed or duplex, because the kernel would narrow the advertised modes to
/// that speed. Autoneg off: the forced speed and duplex.
[[nodiscard]] LinkModesRequest restore_request(const LinkModes& wanted);

/// Channel counts (ETHTOOL_MSG_CHANNELS_SET); absent members stay as they are.
struct ChannelCounts {
    std::optional<std::uint32_t> rx;
    std::optional<std::uint32_t> tx;
    std::optional<std::uint32_t> other;
    std::optional<std::uint32_t> combined;

    friend bool operator==(const ChannelCounts&, const ChannelCounts&) = default;
};

/// Channels as the driver reports them. A kind the driver does not have
/// (maximum 0, so the kernel leaves both attributes out) is absent in both.
struct Channels {
    ChannelCounts maximum;
    ChannelCounts current;
};

/// Ring sizes (ETHTOOL_MSG_RINGS_SET); absent members stay as they are.
struct RingSizes {
    std::optional<std::uint32_t> rx;
    std::optional<std::uint32_t> rx_mini;
    std::optional<std::uint32_t> rx_jumbo;
    std::optional<std::uint32_t> tx;

    friend bool operator==(const RingSizes&, const RingSizes&) = default;
};

struct Rings {
    RingSizes maximum;
    RingSizes current;
};

/// The channel counts of `wanted` that `now` lacks, only the kinds `wanted`
/// has, so a restore never asks for one the driver lacks; all empty: nothing to do.
[[nodiscard]] ChannelCounts channels_to_restore(const ChannelCounts& wanted, const ChannelCounts& now);

/// The ring sizes of `wanted` that `now` lacks, as channels_to_restore.
[[nodiscard]] RingSizes rings_to_restore(const RingSizes& wanted, const RingSizes& now);

[[nodiscard]] nlohmann::json to_json(const LinkStats& stats);
[[nodiscard]] nlohmann::json to_json(const LinkModes& modes);
[[nodiscard]] nlohmann::json to_json(const ChannelCounts& counts);
[[nodiscard]] nlohmann::json to_json(const Channels& channels);
[[nodiscard]] nlohmann::json to_json(const RingSizes& sizes);
[[nodiscard]] nlohmann::json to_json(const Rings& rings);

/// Read back what to_json wrote; absent keys stay absent. Throw nlohmann::json::exception on a wrong type.
[[nodiscard]] ChannelCounts channel_counts_from_json(const nlohmann::json& json);
[[nodiscard]] RingSizes ring_sizes_from_json(const nlohmann::json& json);

} // namespace hammer::control
