#include "src/report/read_run.hpp"

#include "src/common/diagnostics.hpp"
#include "src/common/json_check.hpp"
#include "src/record/uti.hpp"
#include "src/report/read_throughput.hpp"
#include "src/report/timestamp_ms.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace hammer::report {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 4> outcomes = {"PASS", "FAIL", "ERROR", "SKIP"};
constexpr std::array<std::string_view, 3> statuses = {"PASS", "FAIL", "ERROR"};
constexpr std::array<std::string_view, 2> directions = {"forward", "reverse"};

/// A value shown as text: strings as they are, anything else as compact JSON.
std::string as_text(const json& value)
{
    return value.is_string() ? value.get<std::string>() : value.dump(-1, ' ', false, json::error_handler_t::replace);
}

/// An optional string member; null counts as absent (a pair made by pair-with has no "via").
std::string text_or_empty(ObjectReader& reader, std::string_view key)
{
    const auto* value = reader.optional(key, JsonKind::any);
    if (value == nullptr || value->is_null() ||
        !expect_kind(*value, JsonKind::string, reader.pointer_to(key), reader.diagnostics())) {
        return {};
    }
    return value->get<std::string>();
}

double number(ObjectReader& reader, std::string_view key)
{
    const auto* value = reader.required(key, JsonKind::number);
    return value != nullptr ? value->get<double>() : 0.0;
}

std::optional<double> optional_number(ObjectReader& reader, std::string_view key)
{
    const auto* value = reader.optional(key, JsonKind::number);
    return value != nullptr ? std::optional{value->get<double>()} : std::nullopt;
}

/// A packet count: a whole number, not below 0.
std::uint64_t count(ObjectReader& reader, std::string_view key)
{
    const auto* value = reader.required(key, JsonKind::integer);
    if (value == nullptr) {
        return 0;
    }
    if (value->get<double>() < 0.0) {
        reader.diagnostics().error(reader.pointer_to(key), "must not be negative, found " + value->dump());
        return 0;
    }
    return value->get<std::uint64_t>();
}

/// A number or null (null: not known).
std::optional<double> number_or_null(ObjectReader& reader, std::string_view key)
{
    const auto* value = reader.required(key, JsonKind::any);
    if (value == nullptr || value->is_null()) {
        return std::nullopt;
    }
    if (!expect_kind(*value, JsonKind::number, reader.pointer_to(key), reader.diagnostics())) {
        return std::nullopt;
    }
    return value->get<double>();
}

/// A string member that must be one of `allowed`.
template <std::size_t N>
std::string one_of(ObjectReader& reader, std::string_view key, const std::array<std::string_view, N>& allowed)
{
    auto value = reader.required_string(key);
    if (!value) {
        return {};
    }
    if (std::find(allowed.begin(), allowed.end(), *value) == allowed.end()) {
        std::string names;
        for (const auto name : allowed) {
            names += (names.empty() ? "\"" : ", \"") + std::string{name} + "\"";
        }
        reader.diagnostics().error(reader.pointer_to(key), "must be one of " + names + ", found \"" + *value + "\"");
    }
    return *value;
}

/// In an array, problems are reported for this many bad entries at most: a
/// day-long run with one systematic fault needs a few lines, not 86,400.
constexpr std::size_t max_bad_entries = 3;

/// Copies the problems `from` recorded into `to`.
void merge(const Diagnostics& from, Diagnostics& to)
{
    try {
        from.throw_if_any();
    } catch (const InputError& error) {
        for (const auto& diagnostic : error.diagnostics()) {
            to.error(diagnostic.location, diagnostic.message);
        }
    }
}

/// Calls `read(entry)` with an ObjectReader on each element of the array
/// member `key` (absent: nothing; required: an error), until max_bad_entries
/// elements have had problems. Each element records into diagnostics of its
/// own, so a bad entry deep inside one element does not stop its siblings.
template <typename Read>
void for_each_element(ObjectReader& reader, std::string_view key, bool required, Read read)
{
    const auto* array = required ? reader.required(key, JsonKind::array) : reader.optional(key, JsonKind::array);
    if (array == nullptr) {
        return;
    }
    const auto pointer = reader.pointer_to(key);
    std::size_t bad = 0;
    for (std::size_t i = 0; i < array->size() && bad < max_bad_entries; ++i) {
        Diagnostics problems{reader.diagnostics().file()};
        ObjectReader entry{(*array)[i], pointer_child(pointer, i), problems};
        read(entry);
        if (!problems.empty()) {
            merge(problems, reader.diagnostics());
            ++bad;
        }
    }
}

/// An object member read by `read(reader)`; absent: nothing (an error when required).
template <typename Read>
void with_object(ObjectReader& parent, std::string_view key, bool required, Read read)
{
    const auto* object = required ? parent.required(key, JsonKind::object) : parent.optional(key, JsonKind::object);
    if (object != nullptr) {
        ObjectReader reader{*object, parent.pointer_to(key), parent.diagnostics()};
        read(reader);
    }
}

Endpoint read_endpoint(ObjectReader& parent, std::string_view key)
{
    Endpoint endpoint;
    with_object(parent, key, false, [&](ObjectReader& reader) {
        endpoint.node_id = text_or_empty(reader, "node-id");
        endpoint.tp_id = text_or_empty(reader, "tp-id");
    });
    return endpoint;
}

Latency read_latency(ObjectReader& reader)
{
    Latency latency;
    latency.min_ns = number(reader, "min-ns");
    latency.avg_ns = number(reader, "avg-ns");
    latency.max_ns = number(reader, "max-ns");
    latency.p50_ns = optional_number(reader, "p50-ns");
    latency.p90_ns = optional_number(reader, "p90-ns");
    latency.p99_ns = optional_number(reader, "p99-ns");
    latency.p999_ns = optional_number(reader, "p999-ns");
    return latency;
}

std::optional<Latency> optional_latency(ObjectReader& parent)
{
    std::optional<Latency> latency;
    with_object(parent, "latency", false, [&](ObjectReader& reader) { latency = read_latency(reader); });
    return latency;
}

void read_throughput(ObjectReader& parent, double& pps, double& bps)
{
    with_object(parent, "throughput", true, [&](ObjectReader& reader) {
        pps = number(reader, "pps");
        bps = number(reader, "bps");
    });
}

Step read_step(ObjectReader& reader)
{
    Step step;
    step.operation_id = reader.required_string("operation-id").value_or("");
    step.operation = text_or_empty(reader, "operation");
    step.outcome = one_of(reader, "outcome", outcomes);
    step.message = text_or_empty(reader, "message");
    step.phase = text_or_empty(reader, "phase");
    step.timestamp = text_or_empty(reader, "timestamp");
    if (const auto* loop = reader.optional("loop", JsonKind::integer)) {
        step.loop = loop->get<std::int64_t>();
    }
    if (const auto* slot = reader.optional("slot", JsonKind::integer)) {
        step.slot = slot->get<std::int64_t>();
    }
    step.start_ms = number(reader, "start-ms");
    step.actual_ms = number_or_null(reader, "actual-ms");
    step.planned_ms = number(reader, "planned-ms");
    step.planned_start_ms = optional_number(reader, "planned-start-ms").value_or(step.start_ms);
    // null for a step the run died in: it did not overrun as far as anyone knows.
    if (const auto* overrun = reader.optional("overrun-ms", JsonKind::any); overrun != nullptr && !overrun->is_null()) {
        if (expect_kind(*overrun, JsonKind::number, reader.pointer_to("overrun-ms"), reader.diagnostics())) {
            step.overrun_ms = overrun->get<double>();
        }
    }
    return step;
}

TrafficPoint read_traffic(ObjectReader& reader)
{
    TrafficPoint point;
    point.at_ms = number(reader, "at-ms");
    point.operation_id = text_or_empty(reader, "operation-id");
    point.direction = one_of(reader, "direction", directions);
    point.tx_packets = count(reader, "tx-packets");
    point.rx_packets = count(reader, "rx-packets");
    point.lost_packets = reader.has("lost-packets") ? count(reader, "lost-packets")
                         : point.tx_packets > point.rx_packets ? point.tx_packets - point.rx_packets
                                                               : 0;
    point.duration_ms = number(reader, "duration-ms");
    read_throughput(reader, point.pps, point.bps);
    point.latency = optional_latency(reader);
    return point;
}

Sample read_sample(ObjectReader& reader)
{
    Sample sample;
    sample.at_ms = number(reader, "at-ms");
    sample.direction = one_of(reader, "direction", directions);
    sample.tx_pps = number(reader, "tx-pps");
    sample.rx_pps = number(reader, "rx-pps");
    return sample;
}

Outage read_outage(ObjectReader& reader)
{
    Outage outage;
    outage.at_ms = number(reader, "at-ms");
    outage.operation_id = text_or_empty(reader, "operation-id");
    outage.endpoint.node_id = text_or_empty(reader, "node-id");
    outage.endpoint.tp_id = text_or_empty(reader, "tp-id");
    outage.change = text_or_empty(reader, "change");
    outage.lost_packets = count(reader, "lost-packets");
    outage.offered_pps = number(reader, "offered-pps");
    outage.window_ms = number(reader, "window-ms");
    outage.outage_ms = number(reader, "outage-ms");
    return outage;
}

PairEvent read_event(ObjectReader& reader, bool lost, std::optional<std::int64_t> start_epoch_ms)
{
    PairEvent event;
    event.lost = lost;
    event.timestamp = text_or_empty(reader, "timestamp");
    event.endpoint = {text_or_empty(reader, "node-id"), text_or_empty(reader, "tp-id")};
    event.outcome = lost ? "lost" : text_or_empty(reader, "outcome");
    event.message = text_or_empty(reader, "message");
    if (const auto* attempt = reader.optional("attempt", JsonKind::integer)) {
        event.attempt = attempt->get<std::int64_t>();
    }
    const auto at = parse_timestamp_ms(event.timestamp);
    if (at && start_epoch_ms) {
        event.at_ms = static_cast<double>(*at - *start_epoch_ms);
    }
    return event;
}

Pair read_pair(ObjectReader& reader, std::optional<std::int64_t> start_epoch_ms)
{
    Pair pair;
    pair.pair_id = reader.required_string("pair-id").value_or("");
    pair.a = read_endpoint(reader, "a");
    pair.b = read_endpoint(reader, "b");
    pair.origin = text_or_empty(reader, "origin");
    pair.via = text_or_empty(reader, "via");
    pair.records_traffic = reader.has("traffic") || reader.has("samples");
    for_each_element(reader, "steps", true, [&](ObjectReader& step) { pair.steps.push_back(read_step(step)); });
    for_each_element(reader, "traffic", false, [&](ObjectReader& point) {
        pair.traffic.push_back(read_traffic(point));
    });
    for_each_element(reader, "samples", false, [&](ObjectReader& sample) {
        pair.samples.push_back(read_sample(sample));
    });
    // Results of a hammer before outages were recorded have none.
    for_each_element(reader, "outages", false, [&](ObjectReader& outage) {
        pair.outages.push_back(read_outage(outage));
    });
    // Results of a hammer before throughput_search and mrr have none.
    if (const auto* results = reader.optional("throughput", JsonKind::array)) {
        for (const auto& entry : *results) {
            pair.throughput.push_back(read_throughput_result(entry));
        }
    }
    for (const auto& [key, lost] : {std::pair{"recoveries", false}, std::pair{"lost-endpoints", true}}) {
        for_each_element(reader, key, false, [&](ObjectReader& event) {
            pair.events.push_back(read_event(event, lost, start_epoch_ms));
        });
    }
    std::stable_sort(pair.events.begin(), pair.events.end(),
                     [](const PairEvent& x, const PairEvent& y) { return x.timestamp < y.timestamp; });
    return pair;
}

Flow read_flow(ObjectReader& reader)
{
    Flow flow;
    flow.tx_packets = count(reader, "tx-packets");
    flow.rx_packets = count(reader, "rx-packets");
    flow.lost_packets = count(reader, "lost-packets");
    flow.loss_ratio = number(reader, "loss-ratio");
    read_throughput(reader, flow.pps, flow.bps);
    flow.latency = optional_latency(reader);
    return flow;
}

std::map<std::string, std::string> read_counter_values(ObjectReader& parent, std::string_view key)
{
    std::map<std::string, std::string> values;
    if (const auto* object = parent.optional(key, JsonKind::object)) {
        for (const auto& [name, value] : object->items()) {
            values[name] = as_text(value);
        }
    }
    return values;
}

void read_results(ObjectReader& results, RunView& run, std::optional<std::int64_t> start_epoch_ms)
{
    for_each_element(results, "pairs", true, [&](ObjectReader& pair) {
        run.pairs.push_back(read_pair(pair, start_epoch_ms));
    });
    with_object(results, "total", false, [&](ObjectReader& total) {
        Totals totals;
        with_object(total, "forward", true, [&](ObjectReader& flow) { totals.forward = read_flow(flow); });
        with_object(total, "reverse", true, [&](ObjectReader& flow) { totals.reverse = read_flow(flow); });
        with_object(total, "total", true, [&](ObjectReader& flow) { totals.total = read_flow(flow); });
        run.totals = std::move(totals);
    });
    for_each_element(results, "node", false, [&](ObjectReader& node) {
        const auto node_id = text_or_empty(node, "node-id");
        for_each_element(node, "termination-point", false, [&](ObjectReader& tp) {
            PointCounters counters;
            counters.endpoint = {node_id, text_or_empty(tp, "tp-id")};
            counters.rx = read_counter_values(tp, "rx-counters");
            counters.tx = read_counter_values(tp, "tx-counters");
            run.counters.push_back(std::move(counters));
        });
    });
}

void read_network(ObjectReader& network, RunView& run)
{
    run.network_id = text_or_empty(network, "network-id");
    for_each_element(network, "node", false, [&](ObjectReader& node) {
        const auto node_id = text_or_empty(node, "node-id");
        for_each_element(node, "command-history", false, [&](ObjectReader& command) {
            Command item;
            item.timestamp = text_or_empty(command, "timestamp");
            item.node_id = node_id;
            // A string or, from a topology that gave it so, a JSON object.
            if (const auto* text = command.optional("command", JsonKind::any)) {
                item.command = as_text(*text);
            }
            if (const auto* code = command.optional("return-code", JsonKind::any)) {
                item.return_code = as_text(*code);
                item.failed = !(code->is_number_integer() && code->get<std::int64_t>() == 0);
            }
            if (const auto* response = command.optional("response", JsonKind::any)) {
                item.response = as_text(*response);
            }
            run.commands.push_back(std::move(item));
        });
        for_each_element(node, "state", false, [&](ObjectReader& state) {
            StateEntry item;
            item.timestamp = text_or_empty(state, "timestamp");
            item.node_id = node_id;
            item.state_id = text_or_empty(state, "state-id");
            if (const auto* data = state.optional("operational-data", JsonKind::object)) {
                auto details = *data;
                if (details.contains("tp-id")) {
                    item.tp_id = as_text(details["tp-id"]);
                    details.erase("tp-id");
                }
                item.details = as_text(details);
            }
            run.states.push_back(std::move(item));
        });
    });
    const auto by_time = [](const auto& x, const auto& y) { return x.timestamp < y.timestamp; };
    std::stable_sort(run.commands.begin(), run.commands.end(), by_time);
    std::stable_sort(run.states.begin(), run.states.end(), by_time);
}

std::string executor_text(const json& executor)
{
    std::string text = executor.contains("ci") ? as_text(executor["ci"]) : "";
    if (executor.contains("job") && !as_text(executor["job"]).empty()) {
        text += " " + as_text(executor["job"]);
    }
    if (executor.contains("build") && !executor["build"].is_null()) {
        text += " #" + as_text(executor["build"]);
    }
    return text;
}

void read_metadata(ObjectReader& metadata, RunView& run)
{
    with_object(metadata, "test_execution", true, [&](ObjectReader& execution) {
        run.status = one_of(execution, "status", statuses);
        run.start_time = execution.required_string("start_time").value_or("");
        run.end_time = text_or_empty(execution, "end_time");
        if (const auto* interrupted = execution.optional("interrupted", JsonKind::boolean)) {
            run.interrupted = interrupted->get<bool>();
        }
        if (const auto* restored = execution.optional("restored", JsonKind::boolean)) {
            run.restored = restored->get<bool>();
        }
    });
    with_object(metadata, "test", false, [&](ObjectReader& test) {
        run.test_id = text_or_empty(test, "id");
        run.documentation = text_or_empty(test, "documentation");
        if (const auto* tags = test.optional("tags", JsonKind::array)) {
            for (const auto& tag : *tags) {
                run.tags.push_back(as_text(tag));
            }
        }
        with_object(test, "test-history", false, [&](ObjectReader& history) {
            run.hash = text_or_empty(history, "hash");
            run.previous_hash = text_or_empty(history, "previous_hash");
        });
    });
    with_object(metadata, "hammer", true, [&](ObjectReader& hammer) {
        run.run_id = hammer.required_string("run-id").value_or("");
        run.hammer_version = text_or_empty(hammer, "version");
        if (const auto* seed = hammer.optional("seed", JsonKind::any)) {
            run.seed = as_text(*seed);
        }
        run.seed_source = text_or_empty(hammer, "seed-source");
        run.mode = text_or_empty(hammer, "mode");
        run.duration_ms = optional_number(hammer, "duration-ms");
        run.topology_file = text_or_empty(hammer, "topology-file");
        run.config_file = text_or_empty(hammer, "config-file");
    });
    if (const auto* executor = metadata.optional("test_executor", JsonKind::object)) {
        run.executor = executor_text(*executor);
    }
}

} // namespace

RunView read_run(const json& document, const std::string& file_name)
{
    Diagnostics diagnostics{file_name};
    RunView run;
    run.file = file_name;
    ObjectReader root{document, "", diagnostics};
    // Results of hammer before results had their own version have none of
    // their own: `version` is then the topology's, 0.x, and still read.
    if (const auto version = root.optional_string("version")) {
        if (const auto problem = record::result_version_problem(*version)) {
            diagnostics.error(root.pointer_to("version"), *problem);
        }
        run.result_version = *version;
    }
    run.topology_version = root.optional_string("topology-version").value_or(run.result_version);
    with_object(root, "test", true, [&](ObjectReader& test) {
        with_object(test, "metadata", true, [&](ObjectReader& metadata) { read_metadata(metadata, run); });
        const auto start_epoch_ms = parse_timestamp_ms(run.start_time);
        with_object(test, "results", true,
                    [&](ObjectReader& results) { read_results(results, run, start_epoch_ms); });
    });
    with_object(root, "network", false, [&](ObjectReader& network) { read_network(network, run); });
    diagnostics.throw_if_any();
    return run;
}

} // namespace hammer::report
