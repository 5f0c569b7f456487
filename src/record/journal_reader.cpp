#include "src/record/journal_reader.hpp"

#include "src/common/diagnostics.hpp"
#include "src/common/text.hpp"
#include "src/operations/outcome.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace hammer::record {
namespace {

/// What a field of an event must hold.
enum class Kind {
    text,
    count, ///< a non-negative integer
    integer,
    number, ///< any JSON number
    boolean,
    object,
    members, ///< an object, or null for one without members (`{}` in a C++ initializer is null)
    array,
    any,
    outcome,   ///< "PASS", "SKIP", "FAIL" or "ERROR"
    direction, ///< "forward" or "reverse"
    latency,   ///< {"min-ns", "avg-ns", "max-ns"}: numbers
    topology,  ///< a topology document: its network's nodes are where state is recorded
    pairs,     ///< [{"pair-id", "a": endpoint, "b": endpoint, ...}]
};

struct Field {
    std::string_view name;
    Kind kind;
    bool optional = false;
};

using Shape = std::vector<Field>;

/// Every event carries these (see Recorder).
const Shape& common_shape()
{
    static const Shape shape = {
        {"seq", Kind::count}, {"time", Kind::text}, {"at", Kind::integer}, {"event", Kind::text}};
    return shape;
}

/// The fields of each event kind that rendering reads, from recorder.hpp.
const std::map<std::string_view, Shape>& event_shapes()
{
    static const std::map<std::string_view, Shape> shapes = {
        {"run-start",
         {{"run-id", Kind::text}, {"hammer-version", Kind::text}, {"topology-file", Kind::text},
          {"config-file", Kind::text}, {"topology", Kind::topology}, {"config", Kind::any}, {"seed", Kind::count},
          {"seed-source", Kind::text}, {"mode", Kind::text}, {"duration-ms", Kind::integer}, {"pairs", Kind::pairs},
          {"schedule", Kind::any}, {"executor", Kind::object}, {"previous-hash", Kind::text}, {"test-id", Kind::text},
          {"tags", Kind::array}, {"documentation", Kind::text},
          // Journals of hammer before identity was recorded have neither.
          {"host", Kind::object, true}, {"software", Kind::object, true},
          // Only a replayed run (hammer run --replay) has it.
          {"replay-of", Kind::object, true}}},
        {"run-end", {{"status", Kind::outcome}, {"interrupted", Kind::boolean}}},
        {"stop-requested", {{"signal", Kind::text}, {"count", Kind::count}}},
        {"snapshot", {{"node-id", Kind::text}, {"tp-id", Kind::text}, {"backend", Kind::text}, {"state", Kind::any}}},
        {"snapshots-complete", {{"endpoints", Kind::count}}},
        {"recovery",
         {{"pair-id", Kind::text}, {"node-id", Kind::text}, {"tp-id", Kind::text}, {"backend", Kind::text},
          {"attempt", Kind::count}, {"outcome", Kind::outcome}, {"message", Kind::text}}},
        {"endpoint-lost",
         {{"pair-id", Kind::text}, {"node-id", Kind::text}, {"tp-id", Kind::text}, {"message", Kind::text}}},
        {"restore",
         {{"node-id", Kind::text}, {"tp-id", Kind::text}, {"backend", Kind::text}, {"outcome", Kind::outcome},
          {"message", Kind::text}}},
        {"restore-complete", {{"failed", Kind::count}}},
        {"slot-start",
         {{"pair-id", Kind::text}, {"operation-id", Kind::text}, {"operation", Kind::text}, {"loop", Kind::count},
          {"slot", Kind::count}, {"planned-start-ms", Kind::integer}, {"planned-ms", Kind::integer}}},
        {"slot-end",
         {{"pair-id", Kind::text}, {"operation-id", Kind::text}, {"operation", Kind::text}, {"loop", Kind::count},
          {"slot", Kind::count}, {"planned-start-ms", Kind::integer}, {"planned-ms", Kind::integer},
          {"outcome", Kind::outcome}, {"message", Kind::text}, {"phase", Kind::text}, {"start-ms", Kind::integer},
          {"actual-ms", Kind::integer}, {"overrun-ms", Kind::integer}, {"setup-attempts", Kind::count}}},
        {"command",
         {{"node-id", Kind::text}, {"tp-id", Kind::text}, {"command", Kind::text}, {"return-code", Kind::integer},
          {"response", Kind::text}}},
        {"state",
         {{"node-id", Kind::text}, {"tp-id", Kind::text}, {"state-id", Kind::text},
          {"operational-data", Kind::members}}},
        {"counters", {{"node-id", Kind::text}, {"tp-id", Kind::text}, {"rx", Kind::members}, {"tx", Kind::members}}},
        {"traffic",
         {{"pair-id", Kind::text}, {"operation-id", Kind::text}, {"direction", Kind::direction},
          {"tx-packets", Kind::count}, {"rx-packets", Kind::count}, {"tx-bytes", Kind::count},
          {"rx-bytes", Kind::count}, {"duration-ms", Kind::count}, {"latency", Kind::latency, true}}},
        {"outage",
         {{"pair-id", Kind::text}, {"operation-id", Kind::text}, {"node-id", Kind::text}, {"tp-id", Kind::text},
          {"change", Kind::text}, {"lost-packets", Kind::count}, {"offered-pps", Kind::number},
          {"window-ms", Kind::integer}, {"outage-ms", Kind::number}}},
        {"throughput",
         {{"pair-id", Kind::text}, {"operation-id", Kind::text}, {"type", Kind::text}, {"result", Kind::members}}},
        {"trial",
         {{"pair-id", Kind::text}, {"operation-id", Kind::text}, {"type", Kind::text}, {"trial", Kind::members}}},
        {"traffic-sample",
         {{"pair-id", Kind::text}, {"operation-id", Kind::text}, {"direction", Kind::direction},
          {"tx-pps", Kind::number}, {"rx-pps", Kind::number}, {"tx-bps", Kind::number}, {"rx-bps", Kind::number}}},
    };
    return shapes;
}

bool is_endpoint(const nlohmann::json& value)
{
    return value.is_object() && value.contains("node-id") && value["node-id"].is_string() &&
           value.contains("tp-id") && value["tp-id"].is_string();
}

bool is_pair(const nlohmann::json& value)
{
    return value.is_object() && value.contains("pair-id") && value["pair-id"].is_string() && value.contains("a") &&
           is_endpoint(value["a"]) && value.contains("b") && is_endpoint(value["b"]);
}

bool is_latency(const nlohmann::json& value)
{
    if (!value.is_object()) {
        return false;
    }
    for (const char* member : {"min-ns", "avg-ns", "max-ns"}) {
        if (!value.contains(member) || !value[member].is_number()) {
            return false;
        }
    }
    return true;
}

bool is_topology(const nlohmann::json& value)
{
    return value.is_object() && value.contains("network") && value["network"].is_object() &&
           value["network"].contains("node") && value["network"]["node"].is_array();
}

bool holds(const nlohmann::json& value, Kind kind)
{
    switch (kind) {
    case Kind::text: return value.is_string();
    case Kind::count: return value.is_number_unsigned();
    case Kind::integer: return value.is_number_integer();
    case Kind::number: return value.is_number();
    case Kind::boolean: return value.is_boolean();
    case Kind::object: return value.is_object();
    case Kind::members: return value.is_object() || value.is_null();
    case Kind::array: return value.is_array();
    case Kind::any: return true;
    case Kind::outcome:
        return value.is_string() && operations::outcome_from_string(value.get<std::string>()).has_value();
    case Kind::direction: return value == "forward" || value == "reverse";
    case Kind::latency: return is_latency(value);
    case Kind::topology: return is_topology(value);
    case Kind::pairs: return value.is_array() && std::all_of(value.begin(), value.end(), is_pair);
    }
    return false;
}

std::string_view expected(Kind kind)
{
    switch (kind) {
    case Kind::text: return "a string";
    case Kind::count: return "a non-negative integer";
    case Kind::integer: return "an integer";
    case Kind::number: return "a number";
    case Kind::boolean: return "true or false";
    case Kind::object: return "an object";
    case Kind::members: return "an object or null";
    case Kind::array: return "an array";
    case Kind::any: return "any value";
    case Kind::outcome: return "one of \"PASS\", \"SKIP\", \"FAIL\", \"ERROR\"";
    case Kind::direction: return "\"forward\" or \"reverse\"";
    case Kind::latency: return "an object with numbers \"min-ns\", \"avg-ns\" and \"max-ns\"";
    case Kind::topology: return "a topology document (an object whose \"network\" holds a \"node\" array)";
    case Kind::pairs: return "an array of pairs {\"pair-id\", \"a\": {\"node-id\", \"tp-id\"}, \"b\": {...}}";
    }
    return "";
}

/// The first problem with `event`'s fields against `shape`, empty when none.
std::string shape_problem(const nlohmann::json& event, const Shape& shape)
{
    for (const auto& field : shape) {
        const std::string name{field.name};
        if (!event.contains(name)) {
            if (field.optional) {
                continue;
            }
            return in_quotes(name) + " is missing";
        }
        if (!holds(event[name], field.kind)) {
            return in_quotes(name) + " must be " + std::string{expected(field.kind)};
        }
    }
    return {};
}

/// Why line `index` (0-based) is not the event the journal needs there, empty when it is.
std::string event_problem(const nlohmann::json& event, std::size_t index)
{
    if (!event.is_object()) {
        return "an event must be a JSON object";
    }
    if (auto problem = shape_problem(event, common_shape()); !problem.empty()) {
        return problem;
    }
    if (event["seq"].get<std::uint64_t>() != index) {
        return "\"seq\" is " + event["seq"].dump() + ", expected " + std::to_string(index) +
               ": events are missing or out of order";
    }
    const auto name = event["event"].get<std::string>();
    if (index == 0 && name != "run-start") {
        return "the first event must be \"run-start\", not " + in_quotes(name);
    }
    if (index != 0 && name == "run-start") {
        return "\"run-start\" may only be the first event: one journal holds one run";
    }
    const auto& shapes = event_shapes();
    if (const auto shape = shapes.find(name); shape != shapes.end()) {
        if (auto problem = shape_problem(event, shape->second); !problem.empty()) {
            return in_quotes(name) + " event: " + problem;
        }
    }
    return {};
}

std::string line_label(std::size_t line)
{
    return "line " + std::to_string(line);
}

[[noreturn]] void fail(const std::filesystem::path& path, std::string location, std::string message)
{
    throw InputError{{Diagnostic{path.string(), std::move(location), std::move(message)}}};
}

/// nlohmann's what() reads "[json.exception.parse_error.101] parse error at line 1,
/// column 2: syntax error …": keep what follows the position, which says what was wrong.
std::string reason_of(const nlohmann::json::parse_error& error)
{
    std::string_view what = error.what();
    if (const auto colon = what.find(": "); colon != std::string_view::npos) {
        what.remove_prefix(colon + 2);
    }
    return std::string{what};
}

std::string read_text(const std::filesystem::path& path)
{
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) {
        fail(path, "", "cannot read the journal: no such file");
    }
    if (!std::filesystem::is_regular_file(status)) {
        fail(path, "", "cannot read the journal: not a regular file");
    }
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > max_journal_bytes) {
        fail(path, "",
             "the journal is " + std::to_string(size) + " bytes; journals larger than 1 GiB (" +
                 std::to_string(max_journal_bytes) + " bytes) are refused");
    }
    std::ifstream in{path, std::ios::binary};
    if (!in) {
        fail(path, "", std::string{"cannot read the journal: "} + std::strerror(errno));
    }
    std::ostringstream contents;
    contents << in.rdbuf();
    return std::move(contents).str();
}

/// Adds the event on `line` (1-based) to `journal`; `last` says it is the
/// file's final line and has no newline, so a crash may have cut it short.
void add_line(Journal& journal, std::string_view text, std::size_t line, bool last)
{
    nlohmann::json event;
    try {
        event = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& error) {
        if (last) {
            journal.torn_tail = true;
            return;
        }
        fail(journal.path, line_label(line) + ", column " + std::to_string(std::max<std::size_t>(error.byte, 1)),
             "invalid JSON: " + reason_of(error));
    }
    if (auto problem = event_problem(event, journal.events.size()); !problem.empty()) {
        fail(journal.path, line_label(line), std::move(problem));
    }
    journal.events.push_back(std::move(event));
}

} // namespace

Journal read_journal(const std::filesystem::path& run_directory)
{
    Journal journal{run_directory / journal_file_name, {}, false};
    const std::string text = read_text(journal.path);
    std::size_t begin = 0;
    for (std::size_t line = 1; begin < text.size(); ++line) {
        const auto end = text.find('\n', begin);
        const bool last = end == std::string::npos;
        add_line(journal, std::string_view{text}.substr(begin, last ? std::string::npos : end - begin), line, last);
        begin = last ? text.size() : end + 1;
    }
    if (journal.events.empty()) {
        fail(journal.path, line_label(1),
             journal.torn_tail ? "the only line was cut short by a crash: the run left no complete event"
                               : "the journal is empty: its first event must be \"run-start\"");
    }
    return journal;
}

bool is_restored(const Journal& journal)
{
    return std::any_of(journal.events.begin(), journal.events.end(),
                       [](const nlohmann::json& event) { return event.value("event", "") == "restore-complete"; });
}

const nlohmann::json& run_header(const Journal& journal)
{
    if (journal.events.empty() || journal.events.front().value("event", "") != "run-start") {
        fail(journal.path, line_label(1), "the first event must be \"run-start\"");
    }
    return journal.events.front();
}

} // namespace hammer::record
