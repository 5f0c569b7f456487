#include "src/report/read_throughput.hpp"

#include <array>

namespace hammer::report {
namespace {

using nlohmann::json;

constexpr std::array<const char*, 2> direction_names = {"forward", "reverse"};

const json* at(const json& document, const std::string& pointer)
{
    const json::json_pointer where{pointer};
    return document.is_object() && document.contains(where) ? &document.at(where) : nullptr;
}

std::optional<double> number_at(const json& document, const std::string& pointer)
{
    const json* value = at(document, pointer);
    return value != nullptr && value->is_number() ? std::optional{value->get<double>()} : std::nullopt;
}

double number_or_zero(const json& document, const std::string& pointer)
{
    return number_at(document, pointer).value_or(0.0);
}

std::string text_at(const json& document, const std::string& pointer)
{
    const json* value = at(document, pointer);
    return value != nullptr && value->is_string() ? value->get<std::string>() : std::string{};
}

bool flag_at(const json& document, const std::string& pointer, bool fallback)
{
    const json* value = at(document, pointer);
    return value != nullptr && value->is_boolean() ? value->get<bool>() : fallback;
}

std::uint64_t count_at(const json& document, const std::string& pointer)
{
    const json* value = at(document, pointer);
    return value != nullptr && value->is_number_unsigned() ? value->get<std::uint64_t>() : 0;
}

SearchBound read_bound(const json& result, const std::string& name)
{
    const std::string base = "/" + name;
    SearchBound bound;
    bound.name = name;
    bound.loss_ratio = number_or_zero(result, base + "/loss-ratio");
    bound.lower_pps = number_at(result, base + "/lower/forward/rate/value");
    bound.lower_bps = number_at(result, base + "/lower/forward/bandwidth/value");
    bound.upper_pps = number_at(result, base + "/upper/forward/rate/value");
    bound.relative_width = number_or_zero(result, base + "/relative-width");
    bound.width_reached = flag_at(result, base + "/width-reached", false);
    return bound;
}

void read_trials(const json& result, ThroughputResult& out)
{
    const json* trials = at(result, "/trials");
    if (trials == nullptr || !trials->is_array()) {
        return;
    }
    for (const json& trial : *trials) {
        out.trials.push_back({static_cast<std::int64_t>(number_or_zero(trial, "/phase")),
                              number_or_zero(trial, "/rate-pps"), number_or_zero(trial, "/duration-ms"),
                              count_at(trial, "/offered"), count_at(trial, "/received"),
                              number_or_zero(trial, "/loss-ratio")});
    }
}

void read_latency(const json& result, ThroughputResult& out)
{
    for (const char* direction : direction_names) {
        const json* loads = at(result, std::string{"/latency/"} + direction);
        if (loads == nullptr || !loads->is_object()) {
            continue;
        }
        for (const auto& [load, values] : loads->items()) {
            out.latency.push_back({direction, load, number_or_zero(values, "/rate-pps"),
                                   number_or_zero(values, "/p50-ns"), number_or_zero(values, "/p90-ns"),
                                   number_or_zero(values, "/p99-ns"), number_or_zero(values, "/max-ns")});
        }
    }
}

} // namespace

ThroughputResult read_throughput_result(const json& entry)
{
    ThroughputResult out;
    out.operation_id = text_at(entry, "/operation-id");
    out.type = text_at(entry, "/type");
    out.at_ms = number_or_zero(entry, "/at-ms");
    const json* result = at(entry, "/result");
    if (result == nullptr || !result->is_object()) {
        return out;
    }
    if (out.type == "NDRPDR") {
        for (const char* name : {"ndr", "pdr"}) {
            if (at(*result, std::string{"/"} + name) != nullptr) {
                out.bounds.push_back(read_bound(*result, name));
            }
        }
        out.complete = flag_at(*result, "/search/complete", true);
        out.stopped_because = text_at(*result, "/search/stopped-because");
        out.elapsed_ms = number_or_zero(*result, "/search/elapsed-ms");
        read_latency(*result, out);
    } else if (out.type == "MRR" && at(*result, "/receive_rate") != nullptr) {
        out.receive_rates.push_back({"total", number_or_zero(*result, "/receive_rate/rate/avg"),
                                     number_or_zero(*result, "/receive_rate/rate/stdev")});
        for (const char* direction : direction_names) {
            const std::string base = std::string{"/"} + direction + "/receive_rate/rate";
            if (number_at(*result, base + "/avg")) {
                out.receive_rates.push_back(
                    {direction, number_or_zero(*result, base + "/avg"), number_or_zero(*result, base + "/stdev")});
            }
        }
    }
    read_trials(*result, out);
    return out;
}

} // namespace hammer::report
