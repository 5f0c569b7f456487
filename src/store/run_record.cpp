#include "src/store/run_record.hpp"

#include "src/common/diagnostics.hpp"
#include "src/record/uti.hpp"

#include <cstdint>
#include <set>
#include <tuple>
#include <string_view>

namespace hammer::store {
namespace {

using nlohmann::json;

/// Reads members of one object of the document, naming the JSON pointer of
/// whatever is missing or of the wrong type.
class Members {
public:
    Members(const json& object, std::string pointer) : object_{object}, pointer_{std::move(pointer)}
    {
        if (!object_.is_object()) {
            throw std::invalid_argument{"result member " + pointer_ + " is not an object"};
        }
    }

    [[nodiscard]] const json& at(std::string_view key) const
    {
        const auto found = object_.find(key);
        if (found == object_.end()) {
            throw std::invalid_argument{"result member " + path(key) + " is missing"};
        }
        return *found;
    }

    [[nodiscard]] Members object(std::string_view key) const { return {at(key), path(key)}; }

    [[nodiscard]] const json& array(std::string_view key) const
    {
        const auto& value = at(key);
        if (!value.is_array()) {
            wrong_type(key, "an array");
        }
        return value;
    }

    [[nodiscard]] std::string text(std::string_view key) const
    {
        const auto& value = at(key);
        if (!value.is_string()) {
            wrong_type(key, "a string");
        }
        return value.get<std::string>();
    }

    /// A string, or "" for null: a pair's origin and via may be null.
    [[nodiscard]] std::string text_or_empty(std::string_view key) const
    {
        return at(key).is_null() ? "" : text(key);
    }

    [[nodiscard]] std::int64_t integer(std::string_view key) const
    {
        const auto& value = at(key);
        if (!value.is_number_integer() ||
            (value.is_number_unsigned() && value.get<std::uint64_t>() > std::uint64_t{INT64_MAX})) {
            wrong_type(key, "an integer");
        }
        return value.get<std::int64_t>();
    }

    [[nodiscard]] std::optional<std::int64_t> optional_integer(std::string_view key) const
    {
        return at(key).is_null() ? std::nullopt : std::optional{integer(key)};
    }

    [[nodiscard]] bool boolean(std::string_view key) const
    {
        const auto& value = at(key);
        if (!value.is_boolean()) {
            wrong_type(key, "true or false");
        }
        return value.get<bool>();
    }

    [[nodiscard]] std::string unsigned_digits(std::string_view key) const
    {
        const auto& value = at(key);
        if (!value.is_number_unsigned()) {
            wrong_type(key, "a non-negative integer");
        }
        return std::to_string(value.get<std::uint64_t>());
    }

    [[nodiscard]] bool has(std::string_view key) const { return object_.contains(key); }

    /// A string, or "" when the member is missing or null: what documents of
    /// an older hammer, or a device that did not say, leave out.
    [[nodiscard]] std::string text_if_any(std::string_view key) const
    {
        return !has(key) || at(key).is_null() ? "" : text(key);
    }

    [[nodiscard]] std::string path(std::string_view key) const { return pointer_child(pointer_, key); }

    [[nodiscard]] const json& value() const { return object_; }

private:
    [[noreturn]] void wrong_type(std::string_view key, std::string_view expected) const
    {
        throw std::invalid_argument{"result member " + path(key) + " is not " + std::string{expected}};
    }

    const json& object_;
    std::string pointer_;
};

RunRow run_row(const Members& top)
{
    const auto metadata = top.object("test").object("metadata");
    const auto execution = metadata.object("test_execution");
    const auto history = metadata.object("test").object("test-history");
    const auto hammer = metadata.object("hammer");
    RunRow row;
    row.run_id = hammer.text("run-id");
    row.start_time = execution.text("start_time");
    row.end_time = execution.text("end_time");
    row.topology_file = hammer.text("topology-file");
    row.network_id = top.object("network").text("network-id");
    row.config_file = hammer.text("config-file");
    row.seed = hammer.unsigned_digits("seed");
    row.status = execution.text("status");
    row.interrupted = execution.boolean("interrupted");
    row.restored = execution.boolean("restored");
    row.hash = history.text("hash");
    row.previous_hash = history.text("previous_hash");
    row.hammer_version = hammer.text_if_any("version");
    if (metadata.has("host")) {
        const auto host = metadata.object("host");
        row.host = host.text_if_any("name");
        row.testbed = host.text_if_any("testbed");
        row.kernel_release = host.text_if_any("kernel-release");
        row.cpu_model = host.text_if_any("cpu-model");
    }
    if (metadata.has("software")) {
        row.dpdk_version = metadata.object("software").text_if_any("dpdk");
    }
    return row;
}

std::vector<DeviceRow> device_rows(const Members& results)
{
    std::vector<DeviceRow> rows;
    if (!results.has("devices")) {
        return rows;
    }
    const auto& devices = results.array("devices");
    std::set<std::tuple<std::string, std::string, std::string>> seen;
    for (std::size_t d = 0; d < devices.size(); ++d) {
        const Members device{devices[d], pointer_child(results.path("devices"), d)};
        // A hand-made document may name a device twice: the first one counts.
        if (!seen.emplace(device.text("node-id"), device.text("tp-id"), device.text("backend")).second) {
            continue;
        }
        rows.push_back({.node_id = device.text("node-id"),
                        .tp_id = device.text("tp-id"),
                        .backend = device.text("backend"),
                        .driver = device.text_if_any("driver"),
                        .driver_version = device.text_if_any("driver-version"),
                        .firmware_version = device.text_if_any("firmware-version"),
                        .bus_info = device.text_if_any("bus-info"),
                        .pci_id = device.text_if_any("pci-id")});
    }
    return rows;
}

std::vector<StepRow> step_rows(const Members& results)
{
    std::vector<StepRow> rows;
    const auto& pairs = results.array("pairs");
    for (std::size_t p = 0; p < pairs.size(); ++p) {
        const Members pair{pairs[p], pointer_child(results.path("pairs"), p)};
        const auto pair_id = pair.text("pair-id");
        const auto& steps = pair.array("steps");
        for (std::size_t s = 0; s < steps.size(); ++s) {
            const Members step{steps[s], pointer_child(pair.path("steps"), s)};
            rows.push_back({.pair_id = pair_id,
                            .step = static_cast<std::int64_t>(s),
                            .slot = step.integer("slot"),
                            .operation_id = step.text("operation-id"),
                            .operation = step.text("operation"),
                            .loop = step.integer("loop"),
                            .outcome = step.text("outcome"),
                            .phase = step.text("phase"),
                            .message = step.text("message"),
                            .start_time = step.text("timestamp"),
                            .planned_start_ms = step.integer("planned-start-ms"),
                            .planned_ms = step.integer("planned-ms"),
                            .start_ms = step.optional_integer("start-ms"),
                            .actual_ms = step.optional_integer("actual-ms"),
                            .overrun_ms = step.optional_integer("overrun-ms"),
                            .setup_attempts = step.optional_integer("setup-attempts")});
        }
    }
    return rows;
}

std::vector<CounterRow> counter_rows(const Members& results)
{
    std::vector<CounterRow> rows;
    const auto& nodes = results.array("node");
    for (std::size_t n = 0; n < nodes.size(); ++n) {
        const Members node{nodes[n], pointer_child(results.path("node"), n)};
        const auto node_id = node.text("node-id");
        const auto& points = node.array("termination-point");
        for (std::size_t t = 0; t < points.size(); ++t) {
            const Members point{points[t], pointer_child(node.path("termination-point"), t)};
            const auto tp_id = point.text("tp-id");
            for (const std::string direction : {"rx", "tx"}) {
                // Members are sorted by name, so the rows come in one order.
                for (const auto& [counter, value] : point.object(direction + "-counters").value().items()) {
                    rows.push_back(
                        {node_id, tp_id, direction, counter, value.dump(-1, ' ', false, json::error_handler_t::replace)});
                }
            }
        }
    }
    return rows;
}

} // namespace

RunRecord record_of(const json& uti)
{
    const Members top{uti, ""};
    // A document of a newer structure would be stored as rows this hammer
    // may misread; older ones (0.x: before results had their own version) are read.
    if (const auto problem = record::result_version_problem(top.text("version"))) {
        throw std::invalid_argument{"result member /version: " + *problem};
    }
    const auto results = top.object("test").object("results");
    return {run_row(top), step_rows(results), counter_rows(results), device_rows(results),
            uti.dump(-1, ' ', false, json::error_handler_t::replace)};
}

} // namespace hammer::store
