#include "src/store/verify.hpp"

#include "src/record/uti.hpp"
#include "src/store/run_record.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <tuple>

namespace hammer::store {
namespace {

/// A hash shortened for a message; whole ones are in `history --json`.
std::string short_hash(const std::string& hash)
{
    return hash.empty() ? "\"\"" : hash.substr(0, 16) + "…";
}

std::string shown(const std::string& value)
{
    return "\"" + value + "\"";
}

std::string shown(bool value)
{
    return value ? "true" : "false";
}

std::string shown(std::int64_t value)
{
    return std::to_string(value);
}

std::string shown(const std::optional<std::int64_t>& value)
{
    return value ? std::to_string(*value) : "null";
}

/// Collects "column X: the row says A, the document says B" for one run.
class Differences {
public:
    template <typename T>
    void compare(const std::string& what, const T& stored, const T& derived)
    {
        if (!(stored == derived)) {
            found_.push_back(what + ": the store says " + shown(stored) + ", the document " + shown(derived));
        }
    }

    void add(std::string text) { found_.push_back(std::move(text)); }

    [[nodiscard]] std::vector<std::string> take() { return std::move(found_); }

private:
    std::vector<std::string> found_;
};

void compare_run(Differences& differences, const RunRow& stored, const RunRow& derived)
{
    differences.compare("column run_id", stored.run_id, derived.run_id);
    differences.compare("column start_time", stored.start_time, derived.start_time);
    differences.compare("column end_time", stored.end_time, derived.end_time);
    differences.compare("column topology_file", stored.topology_file, derived.topology_file);
    differences.compare("column network_id", stored.network_id, derived.network_id);
    differences.compare("column config_file", stored.config_file, derived.config_file);
    differences.compare("column seed", stored.seed, derived.seed);
    differences.compare("column status", stored.status, derived.status);
    differences.compare("column interrupted", stored.interrupted, derived.interrupted);
    differences.compare("column restored", stored.restored, derived.restored);
    differences.compare("column hash", stored.hash, derived.hash);
    differences.compare("column previous_hash", stored.previous_hash, derived.previous_hash);
    differences.compare("column host", stored.host, derived.host);
    differences.compare("column testbed", stored.testbed, derived.testbed);
    differences.compare("column kernel_release", stored.kernel_release, derived.kernel_release);
    differences.compare("column cpu_model", stored.cpu_model, derived.cpu_model);
    differences.compare("column hammer_version", stored.hammer_version, derived.hammer_version);
    differences.compare("column dpdk_version", stored.dpdk_version, derived.dpdk_version);
}

void compare_step(Differences& differences, const StepRow& stored, const StepRow& derived)
{
    const auto prefix = "step " + stored.pair_id + "/" + std::to_string(stored.step) + " ";
    differences.compare(prefix + "slot", stored.slot, derived.slot);
    differences.compare(prefix + "operation_id", stored.operation_id, derived.operation_id);
    differences.compare(prefix + "operation", stored.operation, derived.operation);
    differences.compare(prefix + "loop", stored.loop, derived.loop);
    differences.compare(prefix + "outcome", stored.outcome, derived.outcome);
    differences.compare(prefix + "phase", stored.phase, derived.phase);
    differences.compare(prefix + "message", stored.message, derived.message);
    differences.compare(prefix + "start_time", stored.start_time, derived.start_time);
    differences.compare(prefix + "planned_start_ms", stored.planned_start_ms, derived.planned_start_ms);
    differences.compare(prefix + "planned_ms", stored.planned_ms, derived.planned_ms);
    differences.compare(prefix + "start_ms", stored.start_ms, derived.start_ms);
    differences.compare(prefix + "actual_ms", stored.actual_ms, derived.actual_ms);
    differences.compare(prefix + "overrun_ms", stored.overrun_ms, derived.overrun_ms);
    differences.compare(prefix + "setup_attempts", stored.setup_attempts, derived.setup_attempts);
}

/// Steps are matched by (pair, step index), counters by their key, so a row
/// that was removed, added or changed is named as such.
void compare_steps(Differences& differences, const std::vector<StepRow>& stored, const std::vector<StepRow>& derived)
{
    std::map<std::pair<std::string, std::int64_t>, const StepRow*> expected;
    for (const auto& step : derived) {
        expected.emplace(std::pair{step.pair_id, step.step}, &step);
    }
    for (const auto& step : stored) {
        const auto found = expected.find({step.pair_id, step.step});
        if (found == expected.end()) {
            differences.add("step " + step.pair_id + "/" + std::to_string(step.step) +
                            " is in the store, not in the document");
            continue;
        }
        compare_step(differences, step, *found->second);
        expected.erase(found);
    }
    for (const auto& [key, step] : expected) {
        differences.add("step " + key.first + "/" + std::to_string(key.second) +
                        " is in the document, not in the store");
    }
}

void compare_counters(Differences& differences, const std::vector<CounterRow>& stored,
                      const std::vector<CounterRow>& derived)
{
    using Key = std::tuple<std::string, std::string, std::string, std::string>;
    const auto key_of = [](const CounterRow& row) { return Key{row.node_id, row.tp_id, row.direction, row.counter}; };
    const auto name_of = [](const Key& key) {
        return "counter " + std::get<0>(key) + "/" + std::get<1>(key) + " " + std::get<2>(key) + " " +
               std::get<3>(key);
    };
    std::map<Key, std::string> expected;
    for (const auto& row : derived) {
        expected.emplace(key_of(row), row.value);
    }
    for (const auto& row : stored) {
        const auto found = expected.find(key_of(row));
        if (found == expected.end()) {
            differences.add(name_of(key_of(row)) + " is in the store, not in the document");
            continue;
        }
        differences.compare(name_of(found->first), row.value, found->second);
        expected.erase(found);
    }
    for (const auto& [key, value] : expected) {
        differences.add(name_of(key) + " is in the document, not in the store");
    }
}

/// Devices are matched by (node, tp, backend).
void compare_devices(Differences& differences, const std::vector<DeviceRow>& stored,
                     const std::vector<DeviceRow>& derived)
{
    using Key = std::tuple<std::string, std::string, std::string>;
    const auto key_of = [](const DeviceRow& row) { return Key{row.node_id, row.tp_id, row.backend}; };
    const auto name_of = [](const Key& key) {
        return "device " + std::get<0>(key) + "/" + std::get<1>(key) + " (" + std::get<2>(key) + ")";
    };
    std::map<Key, const DeviceRow*> expected;
    for (const auto& row : derived) {
        expected.emplace(key_of(row), &row);
    }
    for (const auto& row : stored) {
        const auto found = expected.find(key_of(row));
        if (found == expected.end()) {
            differences.add(name_of(key_of(row)) + " is in the store, not in the document");
            continue;
        }
        const auto prefix = name_of(found->first) + " ";
        const DeviceRow& want = *found->second;
        differences.compare(prefix + "driver", row.driver, want.driver);
        differences.compare(prefix + "driver_version", row.driver_version, want.driver_version);
        differences.compare(prefix + "firmware_version", row.firmware_version, want.firmware_version);
        differences.compare(prefix + "bus_info", row.bus_info, want.bus_info);
        differences.compare(prefix + "pci_id", row.pci_id, want.pci_id);
        expected.erase(found);
    }
    for (const auto& [key, row] : expected) {
        differences.add(name_of(key) + " is in the document, not in the store");
    }
}

/// What is wrong with one stored run taken alone: its document against its
/// hash, its rows against its document.
std::vector<std::string> check_run(const RunRecord& stored)
{
    Differences differences;
    const auto document = nlohmann::json::parse(stored.document, nullptr, false);
    if (document.is_discarded()) {
        differences.add("its stored document is not JSON");
        return differences.take();
    }
    RunRecord derived;
    try {
        derived = record_of(document);
    } catch (const std::invalid_argument& error) {
        differences.add(std::string{"its stored document is not a result: "} + error.what());
        return differences.take();
    }
    const auto recomputed = record::document_hash(document);
    if (recomputed != derived.run.hash) {
        differences.add("its document hashes to " + short_hash(recomputed) + " but says " +
                        short_hash(derived.run.hash) + ": the document was changed");
    }
    compare_run(differences, stored.run, derived.run);
    compare_steps(differences, stored.steps, derived.steps);
    compare_counters(differences, stored.counters, derived.counters);
    compare_devices(differences, stored.devices, derived.devices);
    return differences.take();
}

} // namespace

std::vector<ChainLink> chain_links(const std::vector<RunRow>& runs)
{
    std::vector<ChainLink> links;
    std::map<std::string, std::int64_t> earlier; ///< hash → position
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const auto& run = runs[i];
        if (i > 0 && run.previous_hash == runs[i - 1].hash) {
            links.push_back({Link::follows, runs[i - 1].position});
        } else if (run.previous_hash.empty()) {
            links.push_back({i == 0 ? Link::first : Link::branches, 0});
        } else if (const auto found = earlier.find(run.previous_hash); found != earlier.end()) {
            links.push_back({Link::branches, found->second});
        } else {
            links.push_back({Link::dangling, 0});
        }
        earlier.emplace(run.hash, run.position);
    }
    return links;
}

std::vector<Problem> verify_store(ResultStore& store)
{
    std::vector<Problem> problems;
    const auto runs = store.runs();
    const auto links = chain_links(runs);
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const auto& run = runs[i];
        const auto report = [&problems, &run](std::string what) {
            problems.push_back({run.position, run.run_id, std::move(what)});
        };
        const auto expected_position = i == 0 ? 1 : runs[i - 1].position + 1;
        if (run.position != expected_position) {
            report("stored at position " + std::to_string(run.position) + " where " +
                   std::to_string(expected_position) + " was next: runs were removed before it");
        }
        if (links[i].link == Link::dangling) {
            report("its previous_hash " + short_hash(run.previous_hash) +
                   " is the hash of no run stored before it: that run was removed or changed");
        }
        for (auto& what : check_run(store.load(run.position))) {
            report(std::move(what));
        }
    }
    return problems;
}

} // namespace hammer::store
