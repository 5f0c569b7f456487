#pragma once

#include "src/record/journal_reader.hpp"
#include "src/record/timestamp.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

// Shared by the record suites: a run directory of their own, and journals
// written as the JSON-lines text Recorder produces.
namespace hammer::record::testing {

inline void write_file(const std::filesystem::path& file, std::string_view text)
{
    std::ofstream out{file, std::ios::binary | std::ios::trunc};
    out << text;
    if (!out) {
        throw std::runtime_error{"cannot write " + file.string()};
    }
}

/// A fresh directory under the system's temporary directory, removed with
/// everything in it when the test ends.
class RunDirectory {
public:
    RunDirectory() : path_{make()} {}
    RunDirectory(const RunDirectory&) = delete;
    RunDirectory& operator=(const RunDirectory&) = delete;
    ~RunDirectory()
    {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }

    [[nodiscard]] const std::filesystem::path& path() const { return path_; }
    [[nodiscard]] std::filesystem::path journal() const { return path_ / journal_file_name; }
    void write_journal(std::string_view text) const { write_file(journal(), text); }

private:
    static std::filesystem::path make()
    {
        // mkdtemp picks a name nobody else has, so suites may run in parallel.
        std::string pattern = (std::filesystem::temp_directory_path() / "hammer-record-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) {
            throw std::runtime_error{"cannot make a temporary directory from " + pattern};
        }
        return pattern;
    }

    std::filesystem::path path_;
};

/// The wall-clock time of run-clock instant 0 in every test journal.
inline std::chrono::system_clock::time_point run_epoch()
{
    return std::chrono::system_clock::time_point{std::chrono::seconds{1'795'000'000}};
}

inline std::string time_at(std::int64_t at_ms)
{
    return format_timestamp(run_epoch() + std::chrono::milliseconds{at_ms});
}

/// A journal as Recorder writes it: events numbered in order, each with "at"
/// (run-clock milliseconds) and the wall-clock "time" of that instant.
class JournalText {
public:
    JournalText& add(std::string_view event, nlohmann::json fields, std::int64_t at_ms)
    {
        fields["seq"] = events_.size();
        fields["event"] = event;
        fields["at"] = at_ms;
        fields["time"] = time_at(at_ms);
        events_.push_back(std::move(fields));
        return *this;
    }

    /// One line per event, each ending in a newline.
    [[nodiscard]] std::string str() const
    {
        std::string text;
        for (const auto& event : events_) {
            text += event.dump() + "\n";
        }
        return text;
    }

private:
    std::vector<nlohmann::json> events_;
};

/// Two NICs cabled port to port: dut1/p0 — dut2/p0 (link l0), plus a spare
/// port p1 on dut1 and a state entry the topology already had on dut2.
inline nlohmann::json sample_topology()
{
    return nlohmann::json::parse(R"({
      "version": "0.1.0",
      "metadata": {"owner": "lab-7"},
      "reference": {"nic": {"vendor": "acme"}},
      "network": {
        "network-id": "bench",
        "node": [
          {"node-id": "dut1", "attr": {"type": "nic"},
           "termination-point": [{"tp-id": "p0", "attr": {"kernel": {"ifname": "hm0a"}}},
                                 {"tp-id": "p1", "attr": {"kernel": {"ifname": "hm1a"}}}]},
          {"node-id": "dut2", "attr": {"type": "nic"},
           "state": [{"state-id": "inventory", "timestamp": "2026-01-01T00:00:00.000Z", "operational-data": {}}],
           "termination-point": [{"tp-id": "p0", "attr": {"kernel": {"ifname": "hm0b"}}}]}
        ],
        "link": [{"link-id": "l0", "source": {"source-node": "dut1", "source-tp": "p0"},
                  "destination": {"destination-node": "dut2", "destination-tp": "p0"}}]
      }
    })");
}

inline nlohmann::json endpoint(std::string_view node_id, std::string_view tp_id)
{
    return {{"node-id", node_id}, {"tp-id", tp_id}};
}

/// `fields` with the members of `more` added or replaced.
inline nlohmann::json with(nlohmann::json fields, const nlohmann::json& more)
{
    fields.update(more);
    return fields;
}

/// The run-start fields of a run over sample_topology() with one pair, "pair0".
inline nlohmann::json sample_run_start()
{
    return {{"run-id", "run-42"},
            {"hammer-version", "0.1.0"},
            {"topology-file", "topologies/bench.json"},
            {"config-file", "configs/smoke.json"},
            {"topology", sample_topology()},
            {"config", {{"duration", "10s"}}},
            {"seed", 7},
            {"seed-source", "--seed"},
            {"mode", "pair-exclusive"},
            {"duration-ms", 10000},
            {"pairs", nlohmann::json::array({{{"pair-id", "pair0"},
                                              {"a", endpoint("dut1", "p0")},
                                              {"b", endpoint("dut2", "p0")},
                                              {"origin", "link"},
                                              {"via", "l0"}}})},
            {"schedule", {{"seed", 7}}},
            {"executor", {{"ci", "manual"}, {"job", ""}, {"build", nullptr}}},
            {"previous-hash", "00aa"},
            {"test-id", "bench.smoke"},
            {"tags", {"smoke", "veth"}},
            {"documentation", "smoke run on the bench"}};
}

/// The fields of a slot-start or slot-end of pair0.
inline nlohmann::json slot_fields(std::size_t slot, std::string_view operation_id, std::string_view operation,
                                  std::int64_t planned_start_ms, std::int64_t planned_ms)
{
    return {{"pair-id", "pair0"},
            {"operation-id", operation_id},
            {"operation", operation},
            {"loop", 1},
            {"slot", slot},
            {"planned-start-ms", planned_start_ms},
            {"planned-ms", planned_ms}};
}

inline nlohmann::json slot_end_fields(nlohmann::json slot, std::string_view outcome, std::string_view message,
                                      std::string_view phase, std::int64_t start_ms, std::int64_t actual_ms)
{
    slot["outcome"] = outcome;
    slot["message"] = message;
    slot["phase"] = phase;
    slot["start-ms"] = start_ms;
    slot["actual-ms"] = actual_ms;
    slot["overrun-ms"] = std::max<std::int64_t>(0, actual_ms - slot["planned-ms"].get<std::int64_t>());
    slot["setup-attempts"] = 1;
    return slot;
}

} // namespace hammer::record::testing
