#include "src/output/csit.hpp"

#include "src/common/atomic_file.hpp"
#include "src/record/timestamp.hpp"
#include "src/report/timestamp_ms.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <map>
#include <optional>
#include <tuple>

namespace hammer::output {
namespace {

using nlohmann::json;

/// CSIT's latency loads, all four required when latency is given at all.
constexpr std::array<const char*, 4> latency_loads = {"pdr_0", "pdr_10", "pdr_50", "pdr_90"};

/// What the CSIT document of a result shares with every other of its run.
struct RunFacts {
    std::vector<std::string> hosts;
    std::string hammer_version;
    std::string test_id;
    std::string documentation;
    json tags;
    std::string start_time;
    std::string end_time;
};

std::string text_or(const json& object, const char* key, std::string fallback)
{
    const auto found = object.find(key);
    return found != object.end() && found->is_string() && !found->get<std::string>().empty()
               ? found->get<std::string>()
               : std::move(fallback);
}

RunFacts run_facts(const json& uti)
{
    const auto& metadata = uti.at("test").at("metadata");
    const auto& execution = metadata.at("test_execution");
    RunFacts facts;
    // CSIT wants at least one host; results of hammer before the host was
    // recorded name none.
    facts.hosts = {metadata.contains("host") ? text_or(metadata.at("host"), "name", "unknown") : "unknown"};
    facts.hammer_version = text_or(metadata.at("hammer"), "version", "unknown");
    facts.test_id = metadata.at("test").at("id").get<std::string>();
    facts.documentation = metadata.at("test").at("documentation").get<std::string>();
    facts.tags = metadata.at("test").at("tags");
    facts.start_time = execution.at("start_time").get<std::string>();
    facts.end_time = execution.at("end_time").get<std::string>();
    return facts;
}

/// CSIT's names are lower case without spaces.
std::string csit_name(std::string text)
{
    for (auto& c : text) {
        c = c == ' ' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return text;
}

/// A file name part: letters, digits, '-' and '_' kept, anything else '_'.
std::string file_part(std::string text)
{
    for (auto& c : text) {
        if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '-' && c != '_') {
            c = '_';
        }
    }
    return text;
}

/// The step a result belongs to: the last step of its operation-id that
/// started at or before the result was recorded; null when none did.
const json* step_of(const json& pair, const std::string& operation_id, const json& at_ms)
{
    const json* found = nullptr;
    for (const auto& step : pair.at("steps")) {
        if (step.at("operation-id") == operation_id && step.at("start-ms").is_number() && at_ms.is_number() &&
            step.at("start-ms").get<double>() <= at_ms.get<double>()) {
            found = &step;
        }
    }
    return found;
}

/// CSIT's DUT is what it qualifies: here the device behind the pair's `a`
/// end, named by its driver (`ice`, `net_af_packet`), its version the
/// driver's (with the firmware's when known); "unknown" for what the run
/// could not identify, or results of hammer before devices were recorded.
std::pair<std::string, std::string> dut_of(const json& uti, const json& pair)
{
    const auto& a = pair.at("a");
    for (const auto& device : uti.at("test").at("results").value("devices", json::array())) {
        if (device.value("node-id", "") == a.at("node-id") && device.value("tp-id", "") == a.at("tp-id") &&
            !text_or(device, "driver", "").empty()) {
            auto version = text_or(device, "driver-version", "unknown");
            if (const auto firmware = text_or(device, "firmware-version", ""); !firmware.empty()) {
                version += ", firmware " + firmware;
            }
            return {device.at("driver").get<std::string>(), version};
        }
    }
    return {"unknown", "unknown"};
}

/// The fields of CSIT's model that come from the run and the step: times,
/// outcome, the device, and the names of the test.
json test_case(const json& uti, const RunFacts& facts, const json& pair, const json* step,
               const std::string& operation_id, const std::string& type)
{
    std::string start = facts.start_time;
    std::string end = facts.end_time;
    bool passed = false;
    std::string message = "the run ended before the step of this result was recorded";
    if (step != nullptr) {
        start = step->at("timestamp").get<std::string>();
        const auto start_ms = report::parse_timestamp_ms(start);
        if (start_ms && step->at("actual-ms").is_number_integer()) {
            end = record::format_timestamp(std::chrono::system_clock::time_point{
                std::chrono::milliseconds{*start_ms + step->at("actual-ms").get<std::int64_t>()}});
        }
        passed = step->at("outcome") == "PASS";
        message = passed ? "" : step->at("outcome").get<std::string>() + ": " + step->at("message").get<std::string>();
    }
    const auto start_ms = report::parse_timestamp_ms(start);
    const auto end_ms = report::parse_timestamp_ms(end);
    const double duration = start_ms && end_ms && *end_ms > *start_ms ? (*end_ms - *start_ms) / 1000.0 : 0.0;
    const auto pair_id = pair.at("pair-id").get<std::string>();
    const auto short_name = csit_name(operation_id + "-" + type);
    const auto [dut_type, dut_version] = dut_of(uti, pair);
    return {{"version", csit_model_version},
            {"start_time", start},
            {"end_time", end},
            {"duration", duration},
            {"dut_type", dut_type},
            {"dut_version", dut_version},
            // hammer generates the traffic itself.
            {"tg_type", "hammer"},
            {"tg_version", facts.hammer_version},
            {"hosts", facts.hosts},
            {"telemetry", json::array()},
            {"passed", passed},
            {"message", message},
            {"tags", facts.tags},
            {"test_documentation", facts.documentation},
            {"test_id", csit_name(facts.test_id + "." + pair_id + "." + short_name)},
            {"test_name_long", csit_name(pair_id + "-" + short_name)},
            {"test_name_short", short_name},
            {"test_type", type}};
}

/// hammer's R ({"rate", "bandwidth", "forward", "reverse"}) as CSIT's
/// rate_with_bandwidth, which allows only rate and bandwidth.
json csit_rate(const json& rate)
{
    json out{{"rate", rate.at("rate")}};
    if (rate.contains("bandwidth")) {
        out["bandwidth"] = rate.at("bandwidth");
    }
    return out;
}

/// One threshold's bounds as CSIT's lower_and_maybe_upper_rate. A lower
/// bound hammer did not find (even the minimum rate lost more) is 0: the
/// only rate known to pass. No upper bound: the maximum rate passed.
json csit_bounds(const json& bounds)
{
    const auto& lower = bounds.at("lower");
    json out{{"lower", lower.is_null() ? json{{"rate", {{"value", 0}, {"unit", "pps"}}}} : csit_rate(lower)}};
    if (!bounds.at("upper").is_null()) {
        out["upper"] = csit_rate(bounds.at("upper"));
    }
    return out;
}

/// One direction's latency as CSIT's latency_for_loads, in whole
/// microseconds; nothing unless every load CSIT requires was measured with
/// samples. CSIT's `hdrh` (an HdrHistogram) is "": hammer keeps its
/// percentiles instead (p50, p90, p99 in the result).
std::optional<json> csit_latency(const json& direction)
{
    json out = json::object();
    for (const char* load : latency_loads) {
        const auto found = direction.find(load);
        if (found == direction.end() || !found->value("samples", json(0)).is_number() ||
            found->value("samples", 0.0) <= 0 || found->value("max-ns", 0.0) <= 0) {
            return std::nullopt;
        }
        const double min_ns = found->value("min-ns", 0.0);
        const double avg_ns = found->value("avg-ns", 0.0);
        const double max_ns = found->value("max-ns", 0.0);
        // min rounded down, max up: the bounds stay bounds, and a maximum
        // below 1 us does not become CSIT's 0, its sign of a failed measurement.
        out[load] = {{"min", static_cast<std::int64_t>(std::floor(min_ns / 1000.0))},
                     {"avg", static_cast<std::int64_t>(std::llround(avg_ns / 1000.0))},
                     {"max", static_cast<std::int64_t>(std::ceil(max_ns / 1000.0))},
                     {"hdrh", ""},
                     {"unit", "us"}};
    }
    return out;
}

/// CSIT's ndrpdr result of a throughput_search result; nothing for a search
/// the run died in (it has no bounds).
std::optional<json> ndrpdr_result(const json& result)
{
    if (!result.contains("ndr") || !result.contains("pdr")) {
        return std::nullopt;
    }
    json out{{"type", "ndrpdr"}, {"ndr", csit_bounds(result.at("ndr"))}, {"pdr", csit_bounds(result.at("pdr"))}};
    if (const auto latency = result.find("latency"); latency != result.end()) {
        for (const auto& [direction, key] :
             {std::pair{"forward", "latency_forward"}, std::pair{"reverse", "latency_reverse"}}) {
            if (latency->contains(direction)) {
                if (auto numbers = csit_latency(latency->at(direction))) {
                    out[key] = std::move(*numbers);
                }
            }
        }
    }
    return out;
}

/// CSIT's mrr result: hammer's receive_rate is CSIT's already.
std::optional<json> mrr_result(const json& result)
{
    if (!result.contains("receive_rate")) {
        return std::nullopt;
    }
    return json{{"type", "mrr"}, {"receive_rate", result.at("receive_rate")}};
}

/// CSIT's reconf result of an outage: the load offered while the port was
/// changed, and what the change lost, in packets and in time (lost ÷ rate,
/// CSIT's own definition).
json reconf_result(const json& outage)
{
    return {{"type", "reconf"},
            {"aggregate_rate", {{"rate", {{"value", outage.at("offered-pps")}, {"unit", "pps"}}}}},
            {"loss",
             {{"packet", {{"value", outage.at("lost-packets")}, {"unit", "packets"}}},
              {"time", {{"value", outage.at("outage-ms").get<double>() / 1000.0}, {"unit", "s"}}}}}};
}

} // namespace

std::vector<CsitDocument> render_csit(const json& uti)
{
    const auto facts = run_facts(uti);
    std::vector<CsitDocument> documents;
    std::map<std::tuple<std::string, std::string, std::string>, unsigned> counts;
    const auto add = [&](const json& pair, const std::string& operation_id, const std::string& type,
                         const json& at_ms, json result) {
        const auto pair_id = pair.at("pair-id").get<std::string>();
        const auto n = ++counts[{pair_id, operation_id, type}];
        auto document = test_case(uti, facts, pair, step_of(pair, operation_id, at_ms), operation_id, type);
        document["result"] = std::move(result);
        documents.push_back({file_part(pair_id) + "." + file_part(operation_id) + "." + type + "." +
                                 std::to_string(n) + ".json",
                             std::move(document)});
    };
    for (const auto& pair : uti.at("test").at("results").at("pairs")) {
        for (const auto& entry : pair.value("throughput", json::array())) {
            const auto type = entry.at("type").get<std::string>();
            const auto result = type == "NDRPDR" ? ndrpdr_result(entry.at("result"))
                                : type == "MRR"  ? mrr_result(entry.at("result"))
                                                 : std::nullopt;
            if (result) {
                add(pair, entry.at("operation-id").get<std::string>(), csit_name(type), entry.at("at-ms"), *result);
            }
        }
        for (const auto& outage : pair.value("outages", json::array())) {
            add(pair, outage.at("operation-id").get<std::string>(), "reconf", outage.at("at-ms"),
                reconf_result(outage));
        }
    }
    return documents;
}

void write_csit(const std::filesystem::path& run_directory, const json& uti)
{
    const auto documents = render_csit(uti);
    if (documents.empty()) {
        return;
    }
    const auto directory = run_directory / csit_directory_name;
    std::filesystem::create_directories(directory);
    for (const auto& [file_name, document] : documents) {
        write_file_atomically(directory / file_name,
                              document.dump(2, ' ', false, json::error_handler_t::replace) + "\n");
    }
}

} // namespace hammer::output
