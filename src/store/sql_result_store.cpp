#include "src/store/sql_result_store.hpp"

#include "src/record/uti.hpp"
#include "src/store/run_record.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <charconv>
#include <string_view>

namespace hammer::store {
namespace {

/// Portable SQL: SQLite gives BIGINT integer affinity and BOOLEAN numeric
/// affinity; PostgreSQL has both types. Names are prefixed so the tables can
/// share a lab's database with others.
/// The tables of version 1, as hammer first made them; a new store is made
/// as version 1 and then migrated, so old and new stores end up alike.
constexpr std::array<std::string_view, 6> schema_v1 = {
    "CREATE TABLE hammer_schema (version INTEGER NOT NULL)",
    "CREATE TABLE hammer_runs ("
    " position BIGINT PRIMARY KEY,"
    " run_id TEXT NOT NULL,"
    " start_time TEXT NOT NULL,"
    " end_time TEXT NOT NULL,"
    " topology_file TEXT NOT NULL,"
    " network_id TEXT NOT NULL,"
    " config_file TEXT NOT NULL,"
    " seed TEXT NOT NULL,"
    " status TEXT NOT NULL,"
    " interrupted BOOLEAN NOT NULL,"
    " restored BOOLEAN NOT NULL,"
    " hash TEXT NOT NULL UNIQUE,"
    " previous_hash TEXT NOT NULL,"
    " document TEXT NOT NULL)",
    "CREATE TABLE hammer_steps ("
    " run_position BIGINT NOT NULL REFERENCES hammer_runs (position),"
    " pair_id TEXT NOT NULL,"
    " step BIGINT NOT NULL,"
    " slot BIGINT NOT NULL,"
    " operation_id TEXT NOT NULL,"
    " operation TEXT NOT NULL,"
    " loop BIGINT NOT NULL,"
    " outcome TEXT NOT NULL,"
    " phase TEXT NOT NULL,"
    " message TEXT NOT NULL,"
    " start_time TEXT NOT NULL,"
    " planned_start_ms BIGINT NOT NULL,"
    " planned_ms BIGINT NOT NULL,"
    " start_ms BIGINT,"
    " actual_ms BIGINT,"
    " overrun_ms BIGINT,"
    " setup_attempts BIGINT,"
    " PRIMARY KEY (run_position, pair_id, step))",
    "CREATE TABLE hammer_counters ("
    " run_position BIGINT NOT NULL REFERENCES hammer_runs (position),"
    " node_id TEXT NOT NULL,"
    " tp_id TEXT NOT NULL,"
    " direction TEXT NOT NULL CHECK (direction IN ('rx', 'tx')),"
    " counter TEXT NOT NULL,"
    " value TEXT NOT NULL,"
    " PRIMARY KEY (run_position, node_id, tp_id, direction, counter))",
    "CREATE INDEX hammer_runs_run_id ON hammer_runs (run_id, start_time)",
    "CREATE INDEX hammer_steps_outcome ON hammer_steps (outcome, operation)",
};

/// Version 2: where each run ran and the devices behind its termination
/// points (issue 16, identity). Columns added with a default, so that the
/// rows of version 1 stay valid until the migration fills them in.
constexpr std::array<std::string_view, 9> to_v2 = {
    "ALTER TABLE hammer_runs ADD COLUMN host TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE hammer_runs ADD COLUMN kernel_release TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE hammer_runs ADD COLUMN cpu_model TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE hammer_runs ADD COLUMN hammer_version TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE hammer_runs ADD COLUMN dpdk_version TEXT NOT NULL DEFAULT ''",
    "CREATE TABLE hammer_devices ("
    " run_position BIGINT NOT NULL REFERENCES hammer_runs (position),"
    " node_id TEXT NOT NULL,"
    " tp_id TEXT NOT NULL,"
    " backend TEXT NOT NULL,"
    " driver TEXT NOT NULL,"
    " driver_version TEXT NOT NULL,"
    " firmware_version TEXT NOT NULL,"
    " bus_info TEXT NOT NULL,"
    " pci_id TEXT NOT NULL,"
    " PRIMARY KEY (run_position, node_id, tp_id, backend))",
    "CREATE INDEX hammer_runs_host ON hammer_runs (host)",
    "CREATE INDEX hammer_devices_driver ON hammer_devices (driver, run_position)",
    "UPDATE hammer_schema SET version = 2",
};

/// Version 3: the testbed of each run, for a lab of many hosts on one store
/// (issue 20, docs/lab.md).
constexpr std::array<std::string_view, 3> to_v3 = {
    "ALTER TABLE hammer_runs ADD COLUMN testbed TEXT NOT NULL DEFAULT ''",
    "CREATE INDEX hammer_runs_testbed ON hammer_runs (testbed)",
    "UPDATE hammer_schema SET version = 3",
};

constexpr std::string_view run_columns_v1 = "position, run_id, start_time, end_time, topology_file, network_id, "
                                            "config_file, seed, status, CAST(interrupted AS INTEGER), "
                                            "CAST(restored AS INTEGER), hash, previous_hash";
constexpr std::string_view identity_columns =
    "host, kernel_release, cpu_model, hammer_version, dpdk_version, testbed";
constexpr std::string_view device_columns =
    "node_id, tp_id, backend, driver, driver_version, firmware_version, bus_info, pci_id";

SqlValue text(std::string value)
{
    return SqlValue{std::move(value)};
}

SqlValue number(std::int64_t value)
{
    return SqlValue{std::to_string(value)};
}

SqlValue number(const std::optional<std::int64_t>& value)
{
    return value ? number(*value) : SqlValue{};
}

// PostgreSQL takes "1"/"0" for a boolean as SQLite does.
SqlValue boolean(bool value)
{
    return SqlValue{value ? "1" : "0"};
}

/// Reads the columns of one result row in order, naming the store when a
/// value is not what the schema promises (a row changed by hand).
class Columns {
public:
    Columns(const SqlRow& row, const std::string& store) : row_{row}, store_{store} {}

    std::string text()
    {
        const auto& value = next();
        return value ? *value : std::string{};
    }

    std::optional<std::int64_t> optional_number()
    {
        const auto& value = next();
        if (!value) {
            return std::nullopt;
        }
        std::int64_t number = 0;
        const auto* end = value->data() + value->size();
        const auto [stop, error] = std::from_chars(value->data(), end, number);
        if (error != std::errc{} || stop != end) {
            throw StoreError{store_ + ": column " + std::to_string(index_) + " holds \"" + *value +
                             "\" where a number belongs"};
        }
        return number;
    }

    std::int64_t number() { return optional_number().value_or(0); }

    bool boolean() { return number() != 0; }

private:
    const SqlValue& next()
    {
        if (index_ >= row_.size()) {
            throw StoreError{store_ + ": a row has fewer columns than asked for"};
        }
        return row_[index_++];
    }

    const SqlRow& row_;
    const std::string& store_;
    std::size_t index_ = 0;
};

/// The run's record derived from its stored document, as verify derives it;
/// nullopt when the document is no result (verify names that).
std::optional<RunRecord> derived_record(const std::string& document)
{
    const auto json = nlohmann::json::parse(document, nullptr, false);
    if (json.is_discarded()) {
        return std::nullopt;
    }
    try {
        return record_of(json);
    } catch (const std::invalid_argument&) {
        return std::nullopt;
    }
}

/// The test-history member of a result document (checked by record_of).
nlohmann::json& history_of(nlohmann::json& document)
{
    return document["test"]["metadata"]["test"]["test-history"];
}

/// Links `document` to `previous_hash` and hashes it again: the hash covers
/// previous_hash (docs/uti.md, the hash chain).
void chain(nlohmann::json& document, const std::string& previous_hash)
{
    history_of(document)["previous_hash"] = previous_hash;
    history_of(document)["hash"] = record::document_hash(document);
}

void copy_identity(RunRow& to, const RunRow& from)
{
    to.host = from.host;
    to.kernel_release = from.kernel_release;
    to.cpu_model = from.cpu_model;
    to.hammer_version = from.hammer_version;
    to.dpdk_version = from.dpdk_version;
    to.testbed = from.testbed;
}

DeviceRow device_row(Columns columns)
{
    DeviceRow device;
    device.node_id = columns.text();
    device.tp_id = columns.text();
    device.backend = columns.text();
    device.driver = columns.text();
    device.driver_version = columns.text();
    device.firmware_version = columns.text();
    device.bus_info = columns.text();
    device.pci_id = columns.text();
    return device;
}

class SqlResultStore final : public ResultStore {
public:
    SqlResultStore(std::unique_ptr<Database> database, Access access) : db_{std::move(database)}
    {
        if (access == Access::read_write) {
            create_or_migrate();
        }
        if (db_->has_table("hammer_schema")) {
            const auto version = stored_version();
            if (!version || *version < 1 || *version > schema_version) {
                throw StoreError{db_->name() + ": the store's tables are version " +
                                 (version ? std::to_string(*version) : std::string{"(none)"}) +
                                 "; this hammer knows " + std::to_string(schema_version)};
            }
            // Read-only, an older store is not migrated: what it lacks is
            // derived from each run's document, as the migration would.
            legacy_ = *version < schema_version;
            empty_ = false;
        }
    }

    std::string latest_hash() override
    {
        if (empty_) {
            return "";
        }
        const auto rows = db_->run("SELECT hash FROM hammer_runs ORDER BY position DESC LIMIT 1");
        return rows.empty() ? "" : rows.front().front().value_or("");
    }

    Appended append(nlohmann::json document) override
    {
        // Before the lock is taken: a document that is no result throws here.
        const auto run_id = record_of(document).run.run_id;
        db_->begin_exclusive();
        try {
            auto appended = append_locked(run_id, std::move(document));
            db_->commit();
            return appended;
        } catch (...) {
            db_->rollback();
            throw;
        }
    }

    std::vector<RunRow> runs() override
    {
        std::vector<RunRow> rows;
        if (empty_) {
            return rows;
        }
        for (const auto& row : db_->run("SELECT " + run_columns() + " FROM hammer_runs ORDER BY position")) {
            rows.push_back(run_row(row));
        }
        return rows;
    }

    std::map<std::int64_t, std::vector<DeviceRow>> devices() override
    {
        std::map<std::int64_t, std::vector<DeviceRow>> devices;
        if (empty_) {
            return devices;
        }
        if (legacy_) {
            for (const auto& row : db_->run("SELECT position, document FROM hammer_runs ORDER BY position")) {
                Columns columns{row, db_->name()};
                const auto position = columns.number();
                if (auto derived = derived_record(columns.text()); derived && !derived->devices.empty()) {
                    devices[position] = std::move(derived->devices);
                }
            }
            return devices;
        }
        for (const auto& row : db_->run("SELECT run_position, " + std::string{device_columns} +
                                        " FROM hammer_devices ORDER BY run_position, node_id, tp_id, backend")) {
            Columns columns{row, db_->name()};
            const auto position = columns.number();
            devices[position].push_back(device_row(std::move(columns)));
        }
        return devices;
    }

    RunRecord load(std::int64_t position) override
    {
        const std::vector<SqlValue> key = {number(position)};
        const auto runs = empty_ ? std::vector<SqlRow>{}
                                 : db_->run("SELECT " + run_columns() + (legacy_ ? "" : ", document") +
                                                " FROM hammer_runs WHERE position = $1",
                                            key);
        if (runs.empty()) {
            throw StoreError{db_->name() + ": no run at position " + std::to_string(position)};
        }
        RunRecord record;
        record.run = run_row(runs.front());
        record.document = runs.front().back().value_or("");
        for (const auto& row : db_->run("SELECT pair_id, step, slot, operation_id, operation, loop, outcome, phase, "
                                        "message, start_time, planned_start_ms, planned_ms, start_ms, actual_ms, "
                                        "overrun_ms, setup_attempts FROM hammer_steps WHERE run_position = $1 "
                                        "ORDER BY pair_id, step",
                                        key)) {
            Columns columns{row, db_->name()};
            StepRow step;
            step.pair_id = columns.text();
            step.step = columns.number();
            step.slot = columns.number();
            step.operation_id = columns.text();
            step.operation = columns.text();
            step.loop = columns.number();
            step.outcome = columns.text();
            step.phase = columns.text();
            step.message = columns.text();
            step.start_time = columns.text();
            step.planned_start_ms = columns.number();
            step.planned_ms = columns.number();
            step.start_ms = columns.optional_number();
            step.actual_ms = columns.optional_number();
            step.overrun_ms = columns.optional_number();
            step.setup_attempts = columns.optional_number();
            record.steps.push_back(std::move(step));
        }
        for (const auto& row : db_->run("SELECT node_id, tp_id, direction, counter, value FROM hammer_counters "
                                        "WHERE run_position = $1 ORDER BY node_id, tp_id, direction, counter",
                                        key)) {
            Columns columns{row, db_->name()};
            CounterRow counter;
            counter.node_id = columns.text();
            counter.tp_id = columns.text();
            counter.direction = columns.text();
            counter.counter = columns.text();
            counter.value = columns.text();
            record.counters.push_back(std::move(counter));
        }
        if (legacy_) {
            if (auto derived = derived_record(record.document)) {
                record.devices = std::move(derived->devices);
            }
        } else {
            for (const auto& row : db_->run("SELECT " + std::string{device_columns} +
                                                " FROM hammer_devices WHERE run_position = $1 "
                                                "ORDER BY node_id, tp_id, backend",
                                            key)) {
                record.devices.push_back(device_row(Columns{row, db_->name()}));
            }
        }
        return record;
    }

private:
    /// Makes the tables of version 1 when there are none, then migrates
    /// them to this hammer's version, all in one transaction.
    void create_or_migrate()
    {
        db_->begin_exclusive();
        try {
            if (!db_->has_table("hammer_schema")) {
                for (const auto statement : schema_v1) {
                    db_->run(statement);
                }
                db_->run("INSERT INTO hammer_schema (version) VALUES ($1)", {number(1)});
            }
            const auto version = stored_version();
            if (version == 1) {
                run_all(to_v2);
            }
            if (version == 1 || version == 2) {
                run_all(to_v3);
                fill_from_documents(version == 1);
            }
            db_->commit();
        } catch (...) {
            db_->rollback();
            throw;
        }
    }

    template <std::size_t count>
    void run_all(const std::array<std::string_view, count>& statements)
    {
        for (const auto statement : statements) {
            db_->run(statement);
        }
    }

    /// Fills the columns a migration added — identity and testbed, and the
    /// devices table when it was made (`with_devices`) — from each stored
    /// document, so that verify finds the rows it derives.
    void fill_from_documents(bool with_devices)
    {
        for (const auto& row : db_->run("SELECT position, document FROM hammer_runs ORDER BY position")) {
            Columns columns{row, db_->name()};
            const auto position = columns.number();
            const auto derived = derived_record(columns.text());
            if (!derived) {
                continue; // verify names it: its document is no result
            }
            auto values = identity_values(derived->run);
            values.push_back(number(position));
            db_->run("UPDATE hammer_runs SET host = $1, kernel_release = $2, cpu_model = $3, hammer_version = $4, "
                     "dpdk_version = $5, testbed = $6 WHERE position = $7",
                     values);
            if (with_devices) {
                insert_devices(position, derived->devices);
            }
        }
    }

    std::optional<std::int64_t> stored_version()
    {
        const auto rows = db_->run("SELECT MAX(version) FROM hammer_schema");
        return rows.empty() ? std::nullopt : Columns{rows.front(), db_->name()}.optional_number();
    }

    /// The run columns read back; an older store gives its documents instead
    /// of the identity columns it lacks.
    [[nodiscard]] std::string run_columns() const
    {
        return std::string{run_columns_v1} + ", " + (legacy_ ? "document" : std::string{identity_columns});
    }

    static std::vector<SqlValue> identity_values(const RunRow& run)
    {
        return {text(run.host),           text(run.kernel_release), text(run.cpu_model),
                text(run.hammer_version), text(run.dpdk_version),   text(run.testbed)};
    }

    void insert_devices(std::int64_t position, const std::vector<DeviceRow>& devices)
    {
        for (const auto& device : devices) {
            db_->run("INSERT INTO hammer_devices (run_position, " + std::string{device_columns} +
                         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                     {number(position), text(device.node_id), text(device.tp_id), text(device.backend),
                      text(device.driver), text(device.driver_version), text(device.firmware_version),
                      text(device.bus_info), text(device.pci_id)});
        }
    }

    /// The run stored already that `document` is, chained as it was stored: a
    /// run of the same id whose link, given to `document`, gives its hash.
    std::optional<nlohmann::json> stored_already(const std::string& run_id, nlohmann::json document)
    {
        for (const auto& row :
             db_->run("SELECT previous_hash, hash, document FROM hammer_runs WHERE run_id = $1", {text(run_id)})) {
            Columns columns{row, db_->name()};
            chain(document, columns.text());
            if (history_of(document)["hash"] == columns.text()) {
                return nlohmann::json::parse(columns.text(), nullptr, false);
            }
        }
        return std::nullopt;
    }

    Appended append_locked(const std::string& run_id, nlohmann::json document)
    {
        if (auto stored = stored_already(run_id, document)) {
            return {Insertion::already_stored, std::move(*stored)};
        }
        // Under the writer's lock: no other run can be stored between reading
        // the latest hash and inserting the run that names it.
        chain(document, latest_hash());
        const auto record = record_of(document);
        const auto& run = record.run;
        const auto last = db_->run("SELECT COALESCE(MAX(position), 0) FROM hammer_runs");
        const auto position = Columns{last.front(), db_->name()}.number() + 1;
        std::vector<SqlValue> values = {number(position),       text(run.run_id),        text(run.start_time),
                                        text(run.end_time),     text(run.topology_file), text(run.network_id),
                                        text(run.config_file),  text(run.seed),          text(run.status),
                                        boolean(run.interrupted), boolean(run.restored), text(run.hash),
                                        text(run.previous_hash), text(record.document)};
        const auto identity = identity_values(run);
        values.insert(values.end(), identity.begin(), identity.end());
        db_->run("INSERT INTO hammer_runs (position, run_id, start_time, end_time, topology_file, network_id, "
                 "config_file, seed, status, interrupted, restored, hash, previous_hash, document, " +
                     std::string{identity_columns} +
                     ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, "
                     "$19, $20)",
                 values);
        for (const auto& step : record.steps) {
            db_->run("INSERT INTO hammer_steps (run_position, pair_id, step, slot, operation_id, operation, loop, "
                     "outcome, phase, message, start_time, planned_start_ms, planned_ms, start_ms, actual_ms, "
                     "overrun_ms, setup_attempts) "
                     "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
                     {number(position), text(step.pair_id), number(step.step), number(step.slot),
                      text(step.operation_id), text(step.operation), number(step.loop), text(step.outcome),
                      text(step.phase), text(step.message), text(step.start_time), number(step.planned_start_ms),
                      number(step.planned_ms), number(step.start_ms), number(step.actual_ms),
                      number(step.overrun_ms), number(step.setup_attempts)});
        }
        for (const auto& counter : record.counters) {
            db_->run("INSERT INTO hammer_counters (run_position, node_id, tp_id, direction, counter, value) "
                     "VALUES ($1, $2, $3, $4, $5, $6)",
                     {number(position), text(counter.node_id), text(counter.tp_id), text(counter.direction),
                      text(counter.counter), text(counter.value)});
        }
        insert_devices(position, record.devices);
        return {Insertion::added, std::move(document)};
    }

    RunRow run_row(const SqlRow& row) const
    {
        Columns columns{row, db_->name()};
        RunRow run;
        run.position = columns.number();
        run.run_id = columns.text();
        run.start_time = columns.text();
        run.end_time = columns.text();
        run.topology_file = columns.text();
        run.network_id = columns.text();
        run.config_file = columns.text();
        run.seed = columns.text();
        run.status = columns.text();
        run.interrupted = columns.boolean();
        run.restored = columns.boolean();
        run.hash = columns.text();
        run.previous_hash = columns.text();
        if (legacy_) {
            if (const auto derived = derived_record(columns.text())) {
                copy_identity(run, derived->run);
            }
        } else {
            run.host = columns.text();
            run.kernel_release = columns.text();
            run.cpu_model = columns.text();
            run.hammer_version = columns.text();
            run.dpdk_version = columns.text();
            run.testbed = columns.text();
        }
        return run;
    }

    std::unique_ptr<Database> db_;
    bool empty_ = true;   ///< read-only on a database without hammer's tables
    bool legacy_ = false; ///< read-only on tables of an older version
};

} // namespace

std::unique_ptr<ResultStore> open_sql_result_store(std::unique_ptr<Database> database, Access access)
{
    return std::make_unique<SqlResultStore>(std::move(database), access);
}

} // namespace hammer::store
