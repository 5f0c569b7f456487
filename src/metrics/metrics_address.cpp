#include "src/metrics/metrics_address.hpp"

#include "src/common/diagnostics.hpp"
#include "src/common/text.hpp"

#include <arpa/inet.h>

#include <charconv>

namespace hammer::metrics {
namespace {

[[noreturn]] void refuse(std::string_view text, const std::string& why)
{
    throw InputError{{Diagnostic{std::string{metrics_flag}, "",
                                 in_quotes(text) + " is not [ADDR:]PORT such as 9464, 127.0.0.1:9464 or [::1]:9464: " +
                                     why}}};
}

std::uint16_t port_of(std::string_view whole, std::string_view port)
{
    unsigned value = 0;
    const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || error != std::errc{} || end != port.data() + port.size() || value > 65535) {
        refuse(whole, "the port is a number from 0 to 65535");
    }
    return static_cast<std::uint16_t>(value);
}

} // namespace

std::string MetricsAddress::listening() const
{
    const bool ipv6 = host.find(':') != std::string::npos;
    return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

MetricsAddress parse_metrics_address(std::string_view text)
{
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) {
        return {"127.0.0.1", port_of(text, text)};
    }
    auto host = text.substr(0, colon);
    const bool bracketed = host.size() >= 2 && host.front() == '[' && host.back() == ']';
    if (bracketed) {
        host = host.substr(1, host.size() - 2);
    }
    const std::string address{host};
    unsigned char bytes[16];
    const bool valid = bracketed ? ::inet_pton(AF_INET6, address.c_str(), bytes) == 1
                                 : ::inet_pton(AF_INET, address.c_str(), bytes) == 1;
    if (!valid) {
        refuse(text, "the address is a numeric IPv4 address or an IPv6 one in brackets");
    }
    return {address, port_of(text, text.substr(colon + 1))};
}

} // namespace hammer::metrics
