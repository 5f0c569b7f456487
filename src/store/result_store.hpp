#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace hammer::store {

/// A run as the store's runs table holds it: what identifies and summarises
/// it, so a history can be listed without reading any document.
struct RunRow {
    std::int64_t position = 0; ///< 1, 2, 3 … in the order runs were stored, without gaps
    std::string run_id;
    std::string start_time;
    std::string end_time;
    std::string topology_file;
    std::string network_id;
    std::string config_file;
    std::string seed; ///< decimal digits: a seed goes up to 2^64 − 1, past SQL's BIGINT
    std::string status;
    bool interrupted = false;
    bool restored = false;
    std::string hash;
    std::string previous_hash;
    // Where it ran (test.metadata.host, .software, .hammer.version); "" when
    // the document does not say (runs of hammer before identity was recorded).
    std::string host;
    std::string testbed; ///< test.metadata.host.testbed: which testbed of a lab (docs/lab.md)
    std::string kernel_release;
    std::string cpu_model;
    std::string hammer_version;
    std::string dpdk_version;

    bool operator==(const RunRow&) const = default;
};

/// One step of a pair's schedule and how it ended.
struct StepRow {
    std::string pair_id;
    std::int64_t step = 0; ///< index among the pair's steps, in the order they started
    std::int64_t slot = 0;
    std::string operation_id;
    std::string operation;
    std::int64_t loop = 0;
    std::string outcome;
    std::string phase;
    std::string message;
    std::string start_time;
    std::int64_t planned_start_ms = 0;
    std::int64_t planned_ms = 0;
    std::optional<std::int64_t> start_ms;
    std::optional<std::int64_t> actual_ms; ///< null: the run died in the step
    std::optional<std::int64_t> overrun_ms;
    std::optional<std::int64_t> setup_attempts;

    bool operator==(const StepRow&) const = default;
};

/// One counter of one termination point, summed over the run.
struct CounterRow {
    std::string node_id;
    std::string tp_id;
    std::string direction; ///< "rx" or "tx"
    std::string counter;
    std::string value; ///< the value as JSON text: plain digits for a number

    bool operator==(const CounterRow&) const = default;
};

/// The device behind one termination point, as one backend identified it
/// (test.results.devices); "" for what it did not report.
struct DeviceRow {
    std::string node_id;
    std::string tp_id;
    std::string backend; ///< "kernel", "dpdk"
    std::string driver;
    std::string driver_version;
    std::string firmware_version;
    std::string bus_info;
    std::string pci_id; ///< "8086:1592"

    bool operator==(const DeviceRow&) const = default;
};

/// Everything the store keeps of one run.
struct RunRecord {
    RunRow run;
    std::vector<StepRow> steps;
    std::vector<CounterRow> counters;
    std::vector<DeviceRow> devices;
    std::string document; ///< the whole result document, JSON text
};

/// The store could not be opened, read or written. The message starts with
/// the store's name as the user gave it (`--store …`), without a password.
class StoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Whether append added the run or found it there already.
enum class Insertion { added, already_stored };

/// What append did, and the run's document as the store holds it.
struct Appended {
    Insertion insertion = Insertion::added;
    nlohmann::json document; ///< chained to the run stored before it: its previous_hash and hash as stored
};

/// Where runs are kept, in the order they were stored (docs/results.md).
/// Implemented over SQLite and PostgreSQL by SqlResultStore; everything that
/// lists, publishes or verifies runs sees only this.
class ResultStore {
public:
    ResultStore() = default;
    ResultStore(const ResultStore&) = delete;
    ResultStore& operator=(const ResultStore&) = delete;
    virtual ~ResultStore() = default;

    /// The hash of the run stored last, "" when there is none: the provisional
    /// previous_hash of a run that starts now (append sets the final one).
    /// Throws StoreError.
    [[nodiscard]] virtual std::string latest_hash() = 0;

    /// Stores a run's result document — its row, steps, counters, devices and
    /// the document — as the next position, chained to the run stored last.
    /// Reading the latest hash, setting the document's previous_hash to it,
    /// hashing the document (record::document_hash) and inserting are one
    /// transaction that no other writer of the store runs beside, so runs
    /// that store at the same moment still form one chain: whatever
    /// previous_hash the document had (the newest hash when the run started)
    /// is replaced. The store only grows: a run stored already whose document
    /// differs from this one only in its link is not stored twice
    /// (already_stored, with the document as stored), while a run rendered
    /// again into a different document is stored again, after the first.
    /// Throws std::invalid_argument (from record_of) for a document that is
    /// no result, StoreError when the store cannot be written.
    [[nodiscard]] virtual Appended append(nlohmann::json document) = 0;

    /// Every run's row, by position. Throws StoreError.
    [[nodiscard]] virtual std::vector<RunRow> runs() = 0;

    /// Every run's devices, by run position; runs without any are absent. Throws StoreError.
    [[nodiscard]] virtual std::map<std::int64_t, std::vector<DeviceRow>> devices() = 0;

    /// The run at `position` with its steps, counters, devices and document, as
    /// stored: nothing is checked here. Throws StoreError.
    [[nodiscard]] virtual RunRecord load(std::int64_t position) = 0;
};

} // namespace hammer::store
