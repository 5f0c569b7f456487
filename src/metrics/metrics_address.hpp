#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace hammer::metrics {

/// Where `hammer run --metrics` serves its metrics.
struct MetricsAddress {
    std::string host = "127.0.0.1"; ///< a numeric IPv4 address, or an IPv6 one without brackets
    std::uint16_t port = 0;         ///< 0: a free port the kernel picks (logged)

    /// "127.0.0.1:9464" or "[::1]:9464", as civetweb's listening_ports takes it.
    [[nodiscard]] std::string listening() const;
};

/// The --metrics flag's name, for its errors.
inline constexpr std::string_view metrics_flag = "--metrics";

/// Reads "[ADDR:]PORT": PORT alone binds 127.0.0.1 (the metrics are for this
/// host unless asked otherwise); ADDR is a numeric IPv4 address or a
/// bracketed IPv6 one ("[::]:9464"). Throws InputError naming --metrics.
[[nodiscard]] MetricsAddress parse_metrics_address(std::string_view text);

} // namespace hammer::metrics
