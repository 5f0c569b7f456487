#include "src/control/port_types.hpp"

namespace hammer::control {
namespace {

void put(nlohmann::json& json, const char* key, const std::optional<std::uint32_t>& value)
{
    if (value) {
        json[key] = *value;
    }
}

std::optional<std::uint32_t> get(const nlohmann::json& json, const char* key)
{
    if (!json.contains(key)) {
        return std::nullopt;
    }
    return json.at(key).get<std::uint32_t>();
}

} // namespace

std::string_view to_string(Duplex duplex) noexcept
{
    switch (duplex) {
    case Duplex::half: return "half";
    case Duplex::full: return "full";
    case Duplex::unknown: break;
    }
    return "unknown";
}

std::optional<Duplex> duplex_from_string(std::string_view text) noexcept
{
    for (const Duplex duplex : {Duplex::half, Duplex::full, Duplex::unknown}) {
        if (to_string(duplex) == text) {
            return duplex;
        }
    }
    return std::nullopt;
}

nlohmann::json to_json(const LinkStats& stats)
{
    return {{"rx_packets", stats.rx_packets}, {"tx_packets", stats.tx_packets}, {"rx_bytes", stats.rx_bytes},
            {"tx_bytes", stats.tx_bytes},     {"rx_errors", stats.rx_errors},   {"tx_errors", stats.tx_errors},
            {"rx_dropped", stats.rx_dropped}, {"tx_dropped", stats.tx_dropped}, {"multicast", stats.multicast}};
}

bool same_settings(const LinkModes& wanted, const LinkModes& now) noexcept
{
    if (wanted.autoneg != now.autoneg) {
        return false;
    }
    if (wanted.autoneg) {
        return wanted.modes.advertised == now.modes.advertised;
    }
    return wanted.speed_mbps == now.speed_mbps && wanted.duplex == now.duplex;
}

LinkModesRequest restore_request(const LinkModes& wanted)
{
    LinkModesRequest request;
    request.autoneg = wanted.autoneg;
    if (wanted.autoneg) {
        if (wanted.modes.size > 0) {
            request.advertise = wanted.modes;
        }
        return request;
    }
    request.speed_mbps = wanted.speed_mbps;
    if (wanted.duplex != Duplex::unknown) {
        request.duplex = wanted.duplex;
    }
    return request;
}

nlohmann::json to_json(const LinkModes& modes)
{
    nlohmann::json json{{"duplex", to_string(modes.duplex)}, {"autoneg", modes.autoneg}};
    json["speed"] = modes.speed_mbps ? nlohmann::json(*modes.speed_mbps) : nlohmann::json("unknown");
    if (modes.modes.size > 0) {
        json["link_mode_bits"] = modes.modes.size;
        json["advertised"] = modes.modes.advertised;
        json["supported"] = modes.modes.supported;
    }
    if (!modes.port.empty()) {
        json["port"] = modes.port;
    }
    return json;
}

nlohmann::json to_json(const ChannelCounts& counts)
{
    nlohmann::json json = nlohmann::json::object();
    put(json, "rx", counts.rx);
    put(json, "tx", counts.tx);
    put(json, "other", counts.other);
    put(json, "combined", counts.combined);
    return json;
}

nlohmann::json to_json(const Channels& channels)
{
    return {{"max", to_json(channels.maximum)}, {"current", to_json(channels.current)}};
}

nlohmann::json to_json(const RingSizes& sizes)
{
    nlohmann::json json = nlohmann::json::object();
    put(json, "rx", sizes.rx);
    put(json, "rx_mini", sizes.rx_mini);
    put(json, "rx_jumbo", sizes.rx_jumbo);
    put(json, "tx", sizes.tx);
    return json;
}

nlohmann::json to_json(const Rings& rings)
{
    return {{"max", to_json(rings.maximum)}, {"current", to_json(rings.current)}};
}

ChannelCounts channel_counts_from_json(const nlohmann::json& json)
{
    return {get(json, "rx"), get(json, "tx"), get(json, "other"), get(json, "combined")};
}

RingSizes ring_sizes_from_json(const nlohmann::json& json)
{
    return {get(json, "rx"), get(json, "rx_mini"), get(json, "rx_jumbo"), get(json, "tx")};
}


ChannelCounts channels_to_restore(const ChannelCounts& wanted, const ChannelCounts& now)
{
    ChannelCounts request;
    auto take = [](const std::optional<std::uint32_t>& want, const std::optional<std::uint32_t>& have) {
        return want && want != have ? want : std::nullopt;
    };
    request.rx = take(wanted.rx, now.rx);
    request.tx = take(wanted.tx, now.tx);
    request.other = take(wanted.other, now.other);
    request.combined = take(wanted.combined, now.combined);
    return request;
}

RingSizes rings_to_restore(const RingSizes& wanted, const RingSizes& now)
{
    RingSizes request;
    auto take = [](const std::optional<std::uint32_t>& want, const std::optional<std::uint32_t>& have) {
        return want && want != have ? want : std::nullopt;
    };
    request.rx = take(wanted.rx, now.rx);
    request.rx_mini = take(wanted.rx_mini, now.rx_mini);
    request.rx_jumbo = take(wanted.rx_jumbo, now.rx_jumbo);
    request.tx = take(wanted.tx, now.tx);
    return request;
}

} // namespace hammer::control
