#include "src/store/sql_result_store.hpp"

#include <array>
#include <charconv>
#include <string_view>

namespace hammer::store {
namespace {

/// Portable SQL: SQLite gives BIGINT integer affinity and BOOLEAN numeric
/// affinity; PostgreSQL has both types. Names are prefixed so the tables can
/// share a lab's database with others.
constexpr std::array<std::string_view, 6> schema = {
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

constexpr std::string_view run_columns = "position, run_id, start_time, end_time, topology_file, network_id, "
                                         "config_file, seed, status, CAST(interrupted AS INTEGER), "
                                         "CAST(restored AS INTEGER), hash, previous_hash";

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

class SqlResultStore final : public ResultStore {
public:
    SqlResultStore(std::unique_ptr<Database> database, Access access) : db_{std::move(database)}
    {
        if (access == Access::read_write) {
            create_schema();
        }
        if (db_->has_table("hammer_schema")) {
            check_version();
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

    Insertion insert(const RunRecord& record) override
    {
        db_->begin_exclusive();
        try {
            const auto insertion = insert_locked(record);
            db_->commit();
            return insertion;
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
        for (const auto& row :
             db_->run("SELECT " + std::string{run_columns} + " FROM hammer_runs ORDER BY position")) {
            rows.push_back(run_row(row));
        }
        return rows;
    }

    RunRecord load(std::int64_t position) override
    {
        const std::vector<SqlValue> key = {number(position)};
        const auto runs = empty_ ? std::vector<SqlRow>{}
                                 : db_->run("SELECT " + std::string{run_columns} +
                                                ", document FROM hammer_runs WHERE position = $1",
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
        return record;
    }

private:
    void create_schema()
    {
        db_->begin_exclusive();
        try {
            if (!db_->has_table("hammer_schema")) {
                for (const auto statement : schema) {
                    db_->run(statement);
                }
                db_->run("INSERT INTO hammer_schema (version) VALUES ($1)", {number(schema_version)});
            }
            db_->commit();
        } catch (...) {
            db_->rollback();
            throw;
        }
    }

    void check_version()
    {
        const auto rows = db_->run("SELECT MAX(version) FROM hammer_schema");
        const auto version = rows.empty() ? std::nullopt : Columns{rows.front(), db_->name()}.optional_number();
        if (version != schema_version) {
            throw StoreError{db_->name() + ": the store's tables are version " +
                             (version ? std::to_string(*version) : std::string{"(none)"}) + "; this hammer knows " +
                             std::to_string(schema_version)};
        }
    }

    Insertion insert_locked(const RunRecord& record)
    {
        const auto& run = record.run;
        if (!db_->run("SELECT 1 FROM hammer_runs WHERE hash = $1", {text(run.hash)}).empty()) {
            return Insertion::already_stored;
        }
        const auto last = db_->run("SELECT COALESCE(MAX(position), 0) FROM hammer_runs");
        const auto position = Columns{last.front(), db_->name()}.number() + 1;
        db_->run("INSERT INTO hammer_runs (position, run_id, start_time, end_time, topology_file, network_id, "
                 "config_file, seed, status, interrupted, restored, hash, previous_hash, document) "
                 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
                 {number(position), text(run.run_id), text(run.start_time), text(run.end_time),
                  text(run.topology_file), text(run.network_id), text(run.config_file), text(run.seed),
                  text(run.status), boolean(run.interrupted), boolean(run.restored), text(run.hash),
                  text(run.previous_hash), text(record.document)});
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
        return Insertion::added;
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
        return run;
    }

    std::unique_ptr<Database> db_;
    bool empty_ = true; ///< read-only on a database without hammer's tables
};

} // namespace

std::unique_ptr<ResultStore> open_sql_result_store(std::unique_ptr<Database> database, Access access)
{
    return std::make_unique<SqlResultStore>(std::move(database), access);
}

} // namespace hammer::store
