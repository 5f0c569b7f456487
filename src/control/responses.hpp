#pragma once

// What a query or change answered, as the response of its command-history
// entry: short, `ip`/`ethtool`-like, one line, whichever backend answered.

#include "src/control/port_types.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hammer::control {

/// "admin up, carrier, operstate up, mtu 1500 (68-65535), mac 3a:d2:d5:e1:65:e1"
[[nodiscard]] std::string link_response(const LinkStatus& link);
/// "RX: packets 3 bytes 192 errors 0 dropped 0 multicast 0; TX: packets 3 bytes 192 errors 0 dropped 0"
[[nodiscard]] std::string stats_response(const LinkStats& stats);
/// "max rx 8 tx 8; current rx 8 tx 8"
[[nodiscard]] std::string channels_response(const Channels& channels);
/// "max rx 4096 tx 4096; current rx 1024 tx 1024"
[[nodiscard]] std::string rings_response(const Rings& rings);
/// "speed 10000Mb/s duplex full autoneg off port tp"
[[nodiscard]] std::string link_modes_response(const LinkModes& modes);

/// How a refused request reads in command-history, the way `ip` and `ethtool`
/// report one: "Error: mtu greater than device maximum. (EINVAL: Invalid argument)".
[[nodiscard]] std::string error_response(int error_number, std::string_view message);

/// Appends " KEY N" to `text` when `value` is there: how ethtool lists counts.
void append_count(std::string& text, std::string_view key, const std::optional<std::uint32_t>& value);

} // namespace hammer::control
