#include "src/record/uti.hpp"

#include "src/common/diagnostics.hpp"
#include "src/common/text.hpp"
#include "src/record/sha256.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <system_error>
#include <tuple>
#include <unistd.h>
#include <utility>

namespace hammer::record {
namespace {

using nlohmann::json;

/// Every step outcome: each summary counts all four, zeros included, so a
/// reader never has to tell "none" from "not recorded".
constexpr std::array<const char*, 4> outcome_names = {"PASS", "FAIL", "ERROR", "SKIP"};

constexpr std::string_view interrupted_message = "the run ended before this step finished";

[[noreturn]] void inconsistent(const Journal& journal, std::size_t event_index, std::string message)
{
    // Event i is line i + 1: read_journal keeps one event per line and refuses empty lines.
    throw InputError{
        {Diagnostic{journal.path.string(), "line " + std::to_string(event_index + 1), std::move(message)}}};
}

const std::string& text_of(const json& event, const char* member)
{
    return event.at(member).get_ref<const std::string&>();
}

bool is_event(const json& event, std::string_view name)
{
    return text_of(event, "event") == name;
}

/// The members `names` of `event` that it has.
json pick(const json& event, std::initializer_list<const char*> names)
{
    json picked = json::object();
    for (const char* name : names) {
        if (event.contains(name)) {
            picked[name] = event[name];
        }
    }
    return picked;
}

/// An event's own fields, without the bookkeeping every event carries
/// (seq, time, at, event) and without `dropped`.
json own_fields(const json& event, std::string_view dropped)
{
    json fields = json::object();
    for (const auto& [key, value] : event.items()) {
        if (key != "seq" && key != "time" && key != "at" && key != "event" && key != dropped) {
            fields[key] = value;
        }
    }
    return fields;
}

json member_or(const json& object, const char* member, json fallback)
{
    return object.contains(member) ? object[member] : std::move(fallback);
}

// ---- network: state[] and command-history[] of each node ----

/// node-id → position in network.node[].
std::map<std::string, std::size_t> index_nodes(const json& nodes)
{
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (nodes[i].is_object() && nodes[i].contains("node-id") && nodes[i]["node-id"].is_string()) {
            index.emplace(nodes[i]["node-id"].get<std::string>(), i);
        }
    }
    return index;
}

/// The state-id of the state[] entry an event makes, nothing for events that make none.
std::optional<std::string> state_id_of(const json& event)
{
    const auto& name = text_of(event, "event");
    if (name == "snapshot") {
        return "pre-test";
    }
    if (name == "state") {
        return text_of(event, "state-id");
    }
    if (name == "recovery") {
        return "recovery";
    }
    if (name == "endpoint-lost") {
        return "lost";
    }
    if (name == "restore") {
        // SKIP: the backend had nothing to put back for that property.
        const auto& outcome = text_of(event, "outcome");
        return outcome == "PASS" || outcome == "SKIP" ? "restored" : "restore-failed";
    }
    return std::nullopt;
}

json state_entry(const json& event, std::string state_id)
{
    json data;
    if (is_event(event, "state")) {
        data = event["operational-data"].is_null() ? json::object() : event["operational-data"];
        data["tp-id"] = event["tp-id"];
    } else {
        data = own_fields(event, "node-id");
    }
    return {{"state-id", std::move(state_id)}, {"timestamp", event["time"]}, {"operational-data", std::move(data)}};
}

json command_entry(const json& event)
{
    return {{"timestamp", event["time"]},
            {"command", event["command"]},
            {"return-code", event["return-code"]},
            {"response", event["response"]}};
}

void append_to(json& node, const char* member, json entry)
{
    if (!node.contains(member)) {
        node[member] = json::array();
    }
    node[member].push_back(std::move(entry));
}

json render_network(const json& topology_network, const Journal& journal)
{
    json network = topology_network;
    auto& nodes = network["node"];
    const auto index = index_nodes(nodes);
    for (std::size_t i = 0; i < journal.events.size(); ++i) {
        const auto& event = journal.events[i];
        const bool is_command = is_event(event, "command");
        auto state_id = state_id_of(event);
        if (!is_command && !state_id) {
            continue;
        }
        const auto& node_id = text_of(event, "node-id");
        const auto node = index.find(node_id);
        if (node == index.end()) {
            inconsistent(journal, i, "node " + in_quotes(node_id) + " is not in the run's topology");
        }
        if (is_command) {
            append_to(nodes[node->second], "command-history", command_entry(event));
        } else {
            append_to(nodes[node->second], "state", state_entry(event, std::move(*state_id)));
        }
    }
    return network;
}

// ---- test.metadata ----

const json* last_event(const Journal& journal, std::string_view name)
{
    const auto found = std::find_if(journal.events.rbegin(), journal.events.rend(),
                                    [name](const json& event) { return is_event(event, name); });
    return found == journal.events.rend() ? nullptr : &*found;
}

json render_execution(const Journal& journal)
{
    const json* run_end = last_event(journal, "run-end");
    // Without run-end the process died: nothing vouches for the steps it left.
    std::string status = run_end == nullptr ? "ERROR" : text_of(*run_end, "status");
    // A run whose steps all skipped did not fail: the UTI knows PASS and FAIL.
    if (status == "SKIP") {
        status = "PASS";
    }
    const bool interrupted = last_event(journal, "stop-requested") != nullptr ||
                             (run_end != nullptr && (*run_end)["interrupted"].get<bool>());
    return {{"start_time", journal.events.front()["time"]},
            {"end_time", run_end != nullptr ? (*run_end)["time"] : journal.events.back()["time"]},
            {"status", std::move(status)},
            {"interrupted", interrupted},
            {"restored", is_restored(journal)}};
}

json render_metadata(const Journal& journal)
{
    const auto& header = run_header(journal);
    json metadata;
    metadata["test_executor"] = header["executor"];
    metadata["test_execution"] = render_execution(journal);
    metadata["test"] = {{"id", header["test-id"]},
                        {"type", "HAMMER"},
                        {"tags", header["tags"]},
                        {"documentation", header["documentation"]},
                        {"test-history", {{"hash", ""}, {"previous_hash", header["previous-hash"]}}}};
    metadata["hammer"] = {{"version", header["hammer-version"]},
                          {"run-id", header["run-id"]},
                          {"seed", header["seed"]},
                          {"seed-source", header["seed-source"]},
                          {"mode", header["mode"]},
                          {"duration-ms", header["duration-ms"]},
                          {"topology-file", header["topology-file"]},
                          {"config-file", header["config-file"]},
                          {"config", header["config"]}};
    return metadata;
}

// ---- test.results.total ----

double ratio(std::uint64_t part, std::uint64_t whole)
{
    return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

/// The traffic events of one direction (or both), summed.
class Flow {
public:
    void add(const json& traffic)
    {
        tx_packets_ += traffic["tx-packets"].get<std::uint64_t>();
        rx_packets_ += traffic["rx-packets"].get<std::uint64_t>();
        tx_bytes_ += traffic["tx-bytes"].get<std::uint64_t>();
        rx_bytes_ += traffic["rx-bytes"].get<std::uint64_t>();
        duration_ms_ += traffic["duration-ms"].get<std::uint64_t>();
        if (traffic.contains("latency")) {
            add_latency(traffic["latency"], traffic["rx-packets"].get<std::uint64_t>());
        }
    }

    [[nodiscard]] json to_json() const
    {
        const std::uint64_t lost = tx_packets_ > rx_packets_ ? tx_packets_ - rx_packets_ : 0;
        const double seconds = static_cast<double>(duration_ms_) / 1000.0;
        json flow = {{"tx-packets", tx_packets_},
                     {"rx-packets", rx_packets_},
                     {"tx-bytes", tx_bytes_},
                     {"rx-bytes", rx_bytes_},
                     {"lost-packets", lost},
                     {"loss-ratio", ratio(lost, tx_packets_)},
                     {"duration-ms", duration_ms_},
                     {"throughput",
                      {{"pps", duration_ms_ == 0 ? 0.0 : static_cast<double>(rx_packets_) / seconds},
                       {"bps", duration_ms_ == 0 ? 0.0 : static_cast<double>(rx_bytes_) * 8.0 / seconds}}}};
        if (latency_samples_ > 0) {
            flow["latency"] = {{"min-ns", min_ns_}, {"max-ns", max_ns_}, {"avg-ns", average_ns()}};
        }
        return flow;
    }

private:
    void add_latency(const json& latency, std::uint64_t rx_packets)
    {
        const auto& min = latency["min-ns"];
        const auto& max = latency["max-ns"];
        if (latency_samples_ == 0 || min.get<double>() < min_ns_.get<double>()) {
            min_ns_ = min;
        }
        if (latency_samples_ == 0 || max.get<double>() > max_ns_.get<double>()) {
            max_ns_ = max;
        }
        const double average = latency["avg-ns"].get<double>();
        weighted_sum_ns_ += average * static_cast<double>(rx_packets);
        weight_ += rx_packets;
        plain_sum_ns_ += average;
        ++latency_samples_;
    }

    /// Weighted by received packets, so a long step counts for what it
    /// measured; a plain mean when no measurement received anything.
    [[nodiscard]] double average_ns() const
    {
        return weight_ > 0 ? weighted_sum_ns_ / static_cast<double>(weight_)
                           : plain_sum_ns_ / static_cast<double>(latency_samples_);
    }

    std::uint64_t tx_packets_ = 0;
    std::uint64_t rx_packets_ = 0;
    std::uint64_t tx_bytes_ = 0;
    std::uint64_t rx_bytes_ = 0;
    std::uint64_t duration_ms_ = 0;
    json min_ns_; ///< kept as written, so integers stay integers
    json max_ns_;
    double weighted_sum_ns_ = 0.0;
    std::uint64_t weight_ = 0;
    double plain_sum_ns_ = 0.0;
    std::size_t latency_samples_ = 0;
};

json render_total(const Journal& journal)
{
    Flow forward;
    Flow reverse;
    Flow both;
    for (const auto& event : journal.events) {
        if (!is_event(event, "traffic")) {
            continue;
        }
        (text_of(event, "direction") == "forward" ? forward : reverse).add(event);
        both.add(event);
    }
    return {{"forward", forward.to_json()}, {"reverse", reverse.to_json()}, {"total", both.to_json()}};
}

// ---- test.results.node: counters per termination point ----

using EndpointKey = std::pair<std::string, std::string>; ///< node-id, tp-id

struct EndpointCounters {
    json rx = json::object();
    json tx = json::object();
    std::size_t first_event = 0; ///< the event that named it first, for messages
};

/// Counters are deltas: numbers add up. Anything else is not a count, so the
/// latest observation stands.
json summed(const json& sum, const json& value)
{
    if (!sum.is_number() || !value.is_number()) {
        return value;
    }
    if (sum.is_number_unsigned() && value.is_number_unsigned()) {
        return sum.get<std::uint64_t>() + value.get<std::uint64_t>();
    }
    if (sum.is_number_integer() && value.is_number_integer()) {
        return sum.get<std::int64_t>() + value.get<std::int64_t>();
    }
    return sum.get<double>() + value.get<double>();
}

void add_counts(json& sums, const json& counts)
{
    // null: a step that counted nothing on that side.
    if (counts.is_null()) {
        return;
    }
    for (const auto& [key, value] : counts.items()) {
        sums[key] = summed(sums.contains(key) ? sums[key] : json{}, value);
    }
}

std::map<EndpointKey, EndpointCounters> collect_counters(const Journal& journal)
{
    std::map<EndpointKey, EndpointCounters> counters;
    for (const auto& pair : run_header(journal)["pairs"]) {
        for (const char* side : {"a", "b"}) {
            counters.try_emplace({text_of(pair[side], "node-id"), text_of(pair[side], "tp-id")});
        }
    }
    for (std::size_t i = 0; i < journal.events.size(); ++i) {
        const auto& event = journal.events[i];
        if (!is_event(event, "counters")) {
            continue;
        }
        auto [entry, added] = counters.try_emplace({text_of(event, "node-id"), text_of(event, "tp-id")});
        if (added) {
            entry->second.first_event = i;
        }
        add_counts(entry->second.rx, event["rx"]);
        add_counts(entry->second.tx, event["tx"]);
    }
    return counters;
}

json render_nodes(const Journal& journal)
{
    auto counters = collect_counters(journal);
    json nodes = json::array();
    for (const auto& node : run_header(journal)["topology"]["network"]["node"]) {
        if (!node.is_object()) {
            continue;
        }
        json points = json::array();
        const auto node_id = node.value("node-id", "");
        for (const auto& point : member_or(node, "termination-point", json::array())) {
            if (!point.is_object()) {
                continue;
            }
            const auto found = counters.find({node_id, point.value("tp-id", "")});
            if (found == counters.end()) {
                continue;
            }
            points.push_back({{"tp-id", found->first.second},
                              {"rx-counters", std::move(found->second.rx)},
                              {"tx-counters", std::move(found->second.tx)}});
            counters.erase(found);
        }
        if (!points.empty()) {
            nodes.push_back({{"node-id", node_id}, {"termination-point", std::move(points)}});
        }
    }
    if (!counters.empty()) {
        const auto& [key, unknown] = *counters.begin();
        inconsistent(journal, unknown.first_event,
                     "termination point " + in_quotes(key.first + "/" + key.second) + " is not in the run's topology");
    }
    return nodes;
}

// ---- test.results.pairs and summary ----

json outcome_counts()
{
    json counts = json::object();
    for (const char* name : outcome_names) {
        counts[name] = 0;
    }
    return counts;
}

void count_outcome(json& counts, const json& step)
{
    auto& count = counts[text_of(step, "outcome")];
    count = count.get<std::uint64_t>() + 1;
}

/// What is known of a step whose slot-end never came: the run died in it.
json interrupted_step(const json& slot_start)
{
    json step = pick(slot_start, {"slot", "operation-id", "operation", "loop", "planned-start-ms", "planned-ms"});
    step["outcome"] = "ERROR";
    step["message"] = interrupted_message;
    step["phase"] = "interrupted";
    step["timestamp"] = slot_start["time"];
    step["start-ms"] = slot_start["at"];
    // How long it ran and how often setup was tried died with the process.
    step["actual-ms"] = nullptr;
    step["overrun-ms"] = nullptr;
    step["setup-attempts"] = nullptr;
    return step;
}

json finished_step(const json& slot_end, const json& timestamp)
{
    json step = pick(slot_end, {"slot", "operation-id", "operation", "loop", "outcome", "message", "phase",
                                "planned-start-ms", "planned-ms", "start-ms", "actual-ms", "overrun-ms",
                                "setup-attempts"});
    step["timestamp"] = timestamp;
    return step;
}

json event_record(const json& event)
{
    json record = own_fields(event, "pair-id");
    record["timestamp"] = event["time"];
    return record;
}

/// The per-pair results, built event by event.
class PairResults {
public:
    explicit PairResults(const Journal& journal) : journal_{journal}
    {
        for (const auto& pair : run_header(journal)["pairs"]) {
            index_.emplace(text_of(pair, "pair-id"), pairs_.size());
            pairs_.push_back({{"pair-id", pair["pair-id"]},
                              {"a", pair["a"]},
                              {"b", pair["b"]},
                              {"origin", member_or(pair, "origin", nullptr)},
                              {"via", member_or(pair, "via", nullptr)},
                              {"steps", json::array()},
                              {"recoveries", json::array()},
                              {"lost-endpoints", json::array()}});
        }
    }

    void add(std::size_t event_index)
    {
        const auto& event = journal_.events[event_index];
        const auto& name = text_of(event, "event");
        if (name == "slot-start") {
            start_step(event_index);
        } else if (name == "slot-end") {
            end_step(event_index);
        } else if (name == "recovery") {
            pair_of(event_index)["recoveries"].push_back(event_record(event));
        } else if (name == "endpoint-lost") {
            pair_of(event_index)["lost-endpoints"].push_back(event_record(event));
        }
    }

    /// The pairs with their summaries, and the summary of the whole run.
    [[nodiscard]] std::pair<json, json> finish() &&
    {
        json summary = outcome_counts();
        json operations = json::object();
        for (auto& pair : pairs_) {
            pair["summary"] = outcome_counts();
            for (const auto& step : pair["steps"]) {
                count_outcome(pair["summary"], step);
                count_outcome(summary, step);
                add_to_operation(operations, step);
            }
        }
        summary["operations"] = std::move(operations);
        return {json(std::move(pairs_)), std::move(summary)};
    }

private:
    json& pair_of(std::size_t event_index)
    {
        const auto& pair_id = text_of(journal_.events[event_index], "pair-id");
        const auto found = index_.find(pair_id);
        if (found == index_.end()) {
            inconsistent(journal_, event_index, "pair " + in_quotes(pair_id) + " is not among the run's pairs");
        }
        return pairs_[found->second];
    }

    /// A step is placed when its slot starts, as interrupted until its slot-end says otherwise.
    void start_step(std::size_t event_index)
    {
        const auto& event = journal_.events[event_index];
        auto& steps = pair_of(event_index)["steps"];
        open_steps_[{text_of(event, "pair-id"), event["slot"].get<std::uint64_t>()}] = steps.size();
        steps.push_back(interrupted_step(event));
    }

    void end_step(std::size_t event_index)
    {
        const auto& event = journal_.events[event_index];
        auto& steps = pair_of(event_index)["steps"];
        const auto open = open_steps_.find({text_of(event, "pair-id"), event["slot"].get<std::uint64_t>()});
        if (open == open_steps_.end()) {
            // Its slot-start was not recorded: the end is all there is to go by.
            steps.push_back(finished_step(event, event["time"]));
            return;
        }
        auto& step = steps[open->second];
        step = finished_step(event, step["timestamp"]);
        open_steps_.erase(open);
    }

    static void add_to_operation(json& operations, const json& step)
    {
        const auto& id = text_of(step, "operation-id");
        if (!operations.contains(id)) {
            operations[id] = outcome_counts();
            operations[id]["time-ms"] = 0;
        }
        auto& operation = operations[id];
        count_outcome(operation, step);
        if (step["actual-ms"].is_number_integer()) {
            operation["time-ms"] = operation["time-ms"].get<std::int64_t>() + step["actual-ms"].get<std::int64_t>();
        }
    }

    const Journal& journal_;
    std::vector<json> pairs_;
    std::map<std::string, std::size_t> index_;
    std::map<std::pair<std::string, std::uint64_t>, std::size_t> open_steps_; ///< (pair-id, slot) → step
};

json render_results(const Journal& journal)
{
    PairResults pairs{journal};
    for (std::size_t i = 0; i < journal.events.size(); ++i) {
        pairs.add(i);
    }
    auto [pair_list, summary] = std::move(pairs).finish();
    json results;
    results["total"] = render_total(journal);
    results["node"] = render_nodes(journal);
    results["pairs"] = std::move(pair_list);
    results["summary"] = std::move(summary);
    return results;
}

// ---- files ----

[[noreturn]] void throw_errno(const std::string& what, const std::filesystem::path& path)
{
    throw std::system_error{errno, std::generic_category(), what + " " + path.string()};
}

/// An open file descriptor. close() reports; the destructor closes silently,
/// for the paths that are already failing.
class FileDescriptor {
public:
    [[nodiscard]] static FileDescriptor open(const std::filesystem::path& path, int flags, mode_t mode = 0)
    {
        const int fd = ::open(path.c_str(), flags | O_CLOEXEC, mode);
        if (fd < 0) {
            throw_errno("cannot open", path);
        }
        return FileDescriptor{path, fd};
    }

    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    ~FileDescriptor()
    {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }

    void write_all(std::string_view data)
    {
        while (!data.empty()) {
            const auto written = ::write(fd_, data.data(), data.size());
            if (written < 0 && errno != EINTR) {
                throw_errno("cannot write", path_);
            }
            data.remove_prefix(written < 0 ? 0 : static_cast<std::size_t>(written));
        }
    }

    void sync()
    {
        if (::fsync(fd_) != 0) {
            throw_errno("cannot sync", path_);
        }
    }

    void close()
    {
        // close(2) may report a delayed write error (NFS): the one chance to hear of it.
        const int fd = std::exchange(fd_, -1);
        if (::close(fd) != 0) {
            throw_errno("cannot close", path_);
        }
    }

private:
    FileDescriptor(std::filesystem::path path, int fd) : path_{std::move(path)}, fd_{fd} {}

    std::filesystem::path path_;
    int fd_ = -1;
};

void write_synced(const std::filesystem::path& path, std::string_view text)
{
    auto file = FileDescriptor::open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    file.write_all(text);
    file.sync();
    file.close();
}

struct ResultStamp {
    std::string start_time;
    std::string hash;
};

/// The member at `path` inside `document` when every step exists, else nullptr.
const json* member_at(const json& document, std::initializer_list<const char*> path)
{
    const json* current = &document;
    for (const char* key : path) {
        if (!current->is_object() || !current->contains(key)) {
            return nullptr;
        }
        current = &(*current)[key];
    }
    return current;
}

std::optional<ResultStamp> stamp_of(const std::filesystem::path& file)
{
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (ec || size > max_journal_bytes) {
        return std::nullopt;
    }
    std::ifstream in{file, std::ios::binary};
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    const auto document = json::parse(text.str(), nullptr, false);
    const json* start_time = member_at(document, {"test", "metadata", "test_execution", "start_time"});
    const json* hash = member_at(document, {"test", "metadata", "test", "test-history", "hash"});
    if (start_time == nullptr || !start_time->is_string() || hash == nullptr || !hash->is_string()) {
        return std::nullopt;
    }
    return ResultStamp{start_time->get<std::string>(), hash->get<std::string>()};
}

bool same_directory(const std::filesystem::path& a, const std::filesystem::path& b)
{
    std::error_code ec;
    const bool same = std::filesystem::equivalent(a, b, ec);
    return ec ? a.lexically_normal() == b.lexically_normal() : same;
}

} // namespace

json render_uti(const Journal& journal)
{
    const auto& topology = run_header(journal)["topology"];
    json uti;
    uti["version"] = member_or(topology, "version", "");
    uti["metadata"] = member_or(topology, "metadata", json::object());
    uti["reference"] = member_or(topology, "reference", json::object());
    uti["network"] = render_network(topology["network"], journal);
    uti["test"]["metadata"] = render_metadata(journal);
    uti["test"]["results"] = render_results(journal);
    uti["test"]["metadata"]["test"]["test-history"]["hash"] = document_hash(uti);
    return uti;
}

std::string document_hash(const json& uti)
{
    json canonical = uti;
    canonical["test"]["metadata"]["test"]["test-history"]["hash"] = "";
    // dump() sorts keys and leaves no whitespace: one text per document. The
    // replace handler changes nothing in valid UTF-8 and never throws.
    return sha256_hex(canonical.dump(-1, ' ', false, json::error_handler_t::replace));
}

void write_result(const std::filesystem::path& run_directory, const json& uti)
{
    const auto target = run_directory / result_file_name;
    auto temporary = target;
    temporary += ".tmp";
    try {
        write_synced(temporary, uti.dump(2, ' ', false, json::error_handler_t::replace) + "\n");
    } catch (...) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        throw;
    }
    if (::rename(temporary.c_str(), target.c_str()) != 0) {
        throw_errno("cannot rename " + temporary.string() + " to", target);
    }
    // The rename is only durable once the directory entry is on disk too.
    auto directory = FileDescriptor::open(run_directory, O_RDONLY | O_DIRECTORY);
    directory.sync();
    directory.close();
}

std::string latest_result_hash(const std::filesystem::path& runs_directory, const std::filesystem::path& exclude)
{
    std::optional<std::pair<ResultStamp, std::filesystem::path>> newest;
    std::error_code ec;
    for (std::filesystem::directory_iterator entry{runs_directory, ec}, end; !ec && entry != end;
         entry.increment(ec)) {
        std::error_code type_error;
        if (!entry->is_directory(type_error) || same_directory(entry->path(), exclude)) {
            continue;
        }
        auto stamp = stamp_of(entry->path() / result_file_name);
        // Same start time: the directory name decides, so the answer does not
        // depend on the order the file system lists entries in.
        if (stamp && (!newest || std::tie(stamp->start_time, entry->path()) >
                                     std::tie(newest->first.start_time, newest->second))) {
            newest.emplace(std::move(*stamp), entry->path());
        }
    }
    return newest ? newest->first.hash : "";
}

} // namespace hammer::record
