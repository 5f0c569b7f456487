#pragma once

#include "src/operations/outcome.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <stop_token>
#include <string>
#include <string_view>

namespace hammer::run {
class Clock;
}

namespace hammer::record {

class JournalWriter;

/// A termination point as events name it.
struct EndpointId {
    std::string node_id;
    std::string tp_id;
};

/// Told of each change and query a backend makes on an endpoint: the
/// command a person would type, the errno it ended with (0: done) and what
/// it answered, as command-history keeps them.
using CommandLog = std::function<void(const std::string& command, int return_code, const std::string& response)>;

/// Shown every event as it is journaled (with "event", "time" and "at"), on
/// the thread that recorded it: a watcher of the run (the live view, the
/// metrics) sees what the journal sees. It must be thread-safe and quick.
using EventListener = std::function<void(const nlohmann::json& event)>;

/// What a run is, written once as the journal's first event: everything
/// `hammer render` and `hammer restore` need without the original files.
struct RunHeader {
    std::string run_id;
    std::string hammer_version;
    std::string topology_file;
    std::string config_file;
    nlohmann::json topology; ///< the expanded topology document (Model::document)
    nlohmann::json config;   ///< the run config document as read
    std::uint64_t seed = 0;
    std::string seed_source; ///< "--seed", "config", "drawn"
    std::string mode;        ///< "pair-exclusive", "pair-inclusive"
    std::chrono::milliseconds duration{};
    nlohmann::json pairs;    ///< [{"pair-id", "a": {"node-id","tp-id"}, "b": {...}, "origin", "via"}]
    nlohmann::json schedule; ///< schedule::plan_to_json
    nlohmann::json executor; ///< {"ci", "job", "build"}
    nlohmann::json host;     ///< record::read_host
    /// What the run's software is built on, by component: {"dpdk": "DPDK 22.11.4"}
    /// (Toolkit::software); hammer's own version is hammer_version.
    nlohmann::json software = nlohmann::json::object();
    std::string previous_hash;
    nlohmann::json replay_of; ///< a replayed run: {"file", "run-id", "hash"} of the result it replays; else null
    std::string test_id;
    std::vector<std::string> tags;
    std::string documentation;
};

/// Where a step of the schedule stands: the slot it belongs to.
struct SlotId {
    std::string pair_id;
    std::string operation_id; ///< the operation map entry
    std::string operation;    ///< the catalog name
    unsigned loop = 1;    ///< the pass over the operation map, counted from 1 (docs/uti.md)
    std::size_t slot = 0; ///< index in the pair's schedule
};

struct SlotTiming {
    std::chrono::milliseconds planned_start{};
    std::chrono::milliseconds planned{};
    std::chrono::milliseconds actual_start{};
    std::chrono::milliseconds actual{};
    unsigned setup_attempts = 1;
};

/// The one writer of a run's journal (DIR/journal.jsonl): every event is one
/// JSON line, written at once (a crashed process loses nothing written) and
/// fdatasync'd at most 100 ms later (a crashed machine loses at most that).
/// Every event carries "seq" (0, 1, ...), "time" (wall clock, ISO 8601 UTC
/// with milliseconds), "at" (milliseconds on the run clock) and "event".
/// Thread-safe: pair threads, backends and the runner share one.
class Recorder {
public:
    /// Starts a new journal in `directory` (created if missing). Throws
    /// std::system_error when a journal is already there or cannot be made.
    [[nodiscard]] static std::unique_ptr<Recorder> create(const std::filesystem::path& directory, const run::Clock& clock);

    /// Appends to the journal of an earlier run (`hammer restore`), going on
    /// from its last complete line; a torn last line is cut off first.
    [[nodiscard]] static std::unique_ptr<Recorder> resume(const std::filesystem::path& directory, const run::Clock& clock);

    Recorder(const Recorder&) = delete;
    Recorder& operator=(const Recorder&) = delete;
    ~Recorder(); ///< syncs and closes; never throws

    // ---- the run ----
    void run_start(const RunHeader& header);               ///< "run-start"
    void run_end(operations::Outcome status, bool interrupted); ///< "run-end" {"status", "interrupted"}
    void stop_requested(std::string_view signal_name, unsigned count); ///< "stop-requested" {"signal", "count"}

    // ---- endpoints ----
    /// "snapshot" {"node-id", "tp-id", "backend", "state"}: taken before anything changes.
    void snapshot(const EndpointId& endpoint, std::string_view backend, const nlohmann::json& state);
    /// "snapshots-complete" {"endpoints": n}; synced to disk before it returns.
    void snapshots_complete(std::size_t endpoints);
    /// "recovery" {"pair-id", "node-id", "tp-id", "backend", "attempt", "outcome", "message"}
    void recovery(std::string_view pair_id, const EndpointId& endpoint, std::string_view backend, unsigned attempt,
                  const operations::Verdict& verdict);
    /// "endpoint-lost" {"pair-id", "node-id", "tp-id", "message"}
    void endpoint_lost(std::string_view pair_id, const EndpointId& endpoint, std::string_view message);
    /// "restore" {"node-id", "tp-id", "backend", "outcome", "message"}
    void restore(const EndpointId& endpoint, std::string_view backend, const operations::Verdict& verdict);
    /// "restore-complete" {"failed": n}; synced before it returns. A journal
    /// without it belongs to a run whose interfaces may still be changed.
    void restore_complete(std::size_t failed);

    // ---- the schedule ----
    /// "slot-start" {slot id..., "planned-start-ms", "planned-ms"}
    void slot_start(const SlotId& slot, const SlotTiming& timing);
    /// "slot-end" {slot id..., "outcome", "message", "phase", "planned-start-ms", "planned-ms",
    ///             "start-ms", "actual-ms", "overrun-ms", "setup-attempts"}
    /// `phase`: where the outcome was decided: "setup", "run", "verify", "reset", "recovery".
    void slot_end(const SlotId& slot, const SlotTiming& timing, const operations::Verdict& verdict,
                  std::string_view phase);

    // ---- what operations observe ----
    /// "command" {"node-id", "tp-id", "command", "return-code", "response"}: one
    /// change or query, with the equivalent `ip`/`ethtool` command line.
    void command(const EndpointId& endpoint, std::string_view command_line, int return_code, std::string_view response);
    /// command() for `endpoint`, as a CommandLog for code that knows no Recorder.
    [[nodiscard]] CommandLog command_log(EndpointId endpoint);
    /// "state" {"node-id", "tp-id", "state-id", "operational-data"}
    void state(const EndpointId& endpoint, std::string_view state_id, const nlohmann::json& operational_data);
    /// "counters" {"node-id", "tp-id", "rx", "tx"}: counts observed during one
    /// step (deltas, not device totals); the result sums them per key.
    void counters(const EndpointId& endpoint, const nlohmann::json& rx, const nlohmann::json& tx);
    /// "traffic" {"pair-id", "operation-id", "direction" ("forward": a→b, "reverse"),
    ///            "tx-packets", "rx-packets", "tx-bytes", "rx-bytes", "duration-ms",
    ///            "latency": {"min-ns", "avg-ns", "max-ns", "p50-ns", "p90-ns",
    ///                        "p99-ns", "p999-ns"} optional}
    void traffic(std::string_view pair_id, std::string_view operation_id, const nlohmann::json& measurement);
    /// "traffic-sample" {"pair-id", "operation-id", "direction", "tx-pps", "rx-pps",
    ///                   "tx-bps", "rx-bps"}: the live rates of one direction while
    ///                   a traffic step runs, over the last sampling interval.
    void traffic_sample(std::string_view pair_id, std::string_view operation_id, const nlohmann::json& rates);

    /// "throughput" {"pair-id", "operation-id", "type", "result"}: what a
    ///               throughput_search ("NDRPDR") or mrr ("MRR") step found,
    ///               shaped as CSIT shapes its results (docs/uti.md).
    void throughput(std::string_view pair_id, std::string_view operation_id, std::string_view type,
                    const nlohmann::json& result);
    /// "trial" {"pair-id", "operation-id", "type", "trial"}: one trial of a
    ///         throughput_search or mrr step as it ends (docs/uti.md's trial),
    ///         so that a run that dies mid-search keeps its trials.
    void trial(std::string_view pair_id, std::string_view operation_id, std::string_view type,
               const nlohmann::json& trial);
    /// "outage" {"pair-id", "operation-id", "node-id", "tp-id", "change",
    ///           "lost-packets", "offered-pps", "window-ms", "outage-ms"}: what one
    ///           control change on the endpoint cost the pair's traffic
    ///           (operations::Outage).
    void outage(std::string_view pair_id, std::string_view operation_id, const EndpointId& endpoint,
                std::string_view change, const nlohmann::json& outage);

    /// Shows `listener` every event from now on; set it before the pair
    /// threads start (it is not guarded against events under way).
    void listen(EventListener listener);

    /// Forces everything written so far to disk now.
    void sync();

    /// The first error writing the journal, empty while all went well.
    [[nodiscard]] std::string failure() const;

    /// Requested at the first failure to write the journal (JournalWriter::failed).
    [[nodiscard]] std::stop_token failed() const;

    [[nodiscard]] const std::filesystem::path& journal_path() const;

private:
    Recorder(std::unique_ptr<JournalWriter> writer, const run::Clock& clock);
    void append(std::string_view event, nlohmann::json fields);

    std::unique_ptr<JournalWriter> writer_;
    const run::Clock& clock_;
    EventListener listener_;
};

} // namespace hammer::record
