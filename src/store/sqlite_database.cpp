#include "src/store/sqlite_database.hpp"

#include "src/store/result_store.hpp"

#include <sqlite3.h>

namespace hammer::store {
namespace {

/// Two runs ending together both write the store; the second waits this long.
constexpr int busy_timeout_ms = 10'000;

struct ConnectionCloser {
    void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};

struct StatementFinalizer {
    void operator()(sqlite3_stmt* statement) const noexcept { sqlite3_finalize(statement); }
};

using Statement = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

class SqliteDatabase final : public Database {
public:
    SqliteDatabase(std::unique_ptr<sqlite3, ConnectionCloser> db, std::string name)
        : db_{std::move(db)}, name_{std::move(name)}
    {
    }

    std::vector<SqlRow> run(std::string_view sql, const std::vector<SqlValue>& params) override
    {
        sqlite3_stmt* raw = nullptr;
        check(sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &raw, nullptr), sql);
        const Statement statement{raw};
        for (std::size_t i = 0; i < params.size(); ++i) {
            // "$1" is a named parameter to SQLite: bind by name, whatever order the text uses them in.
            const int index = sqlite3_bind_parameter_index(raw, ("$" + std::to_string(i + 1)).c_str());
            if (index == 0) {
                throw StoreError{name_ + ": statement has no parameter $" + std::to_string(i + 1) + ": " +
                                 std::string{sql}};
            }
            const auto& value = params[i];
            check(value ? sqlite3_bind_text(raw, index, value->data(), static_cast<int>(value->size()),
                                            SQLITE_TRANSIENT)
                        : sqlite3_bind_null(raw, index),
                  sql);
        }
        std::vector<SqlRow> rows;
        for (;;) {
            const int status = sqlite3_step(raw);
            if (status == SQLITE_DONE) {
                return rows;
            }
            if (status != SQLITE_ROW) {
                check(status, sql);
            }
            SqlRow row;
            for (int column = 0; column < sqlite3_column_count(raw); ++column) {
                if (sqlite3_column_type(raw, column) == SQLITE_NULL) {
                    row.emplace_back();
                } else {
                    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(raw, column));
                    row.emplace_back(std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(raw, column))));
                }
            }
            rows.push_back(std::move(row));
        }
    }

    // IMMEDIATE takes the write lock at once: two runs cannot both read the
    // same "next position" and then collide.
    void begin_exclusive() override { run("BEGIN IMMEDIATE", {}); }
    void commit() override { run("COMMIT", {}); }
    void rollback() noexcept override { sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr); }

    bool has_table(std::string_view table) override
    {
        return !run("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $1", {std::string{table}}).empty();
    }

    [[nodiscard]] const std::string& name() const override { return name_; }

private:
    void check(int status, std::string_view sql) const
    {
        if (status != SQLITE_OK) {
            throw StoreError{name_ + ": " + sqlite3_errmsg(db_.get()) + " (in: " + std::string{sql.substr(0, 60)} +
                             ")"};
        }
    }

    std::unique_ptr<sqlite3, ConnectionCloser> db_;
    std::string name_;
};

} // namespace

std::unique_ptr<Database> open_sqlite_database(const std::filesystem::path& path, std::string name, bool writable)
{
    std::error_code ec;
    if (!writable && !std::filesystem::exists(path, ec)) {
        throw StoreError{name + ": cannot open " + path.string() + ": no such file"};
    }
    sqlite3* raw = nullptr;
    const int flags = writable ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
    const int status = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    std::unique_ptr<sqlite3, ConnectionCloser> db{raw};
    if (status != SQLITE_OK) {
        throw StoreError{name + ": cannot open " + path.string() + ": " +
                         (raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(status))};
    }
    sqlite3_busy_timeout(db.get(), busy_timeout_ms);
    auto database = std::make_unique<SqliteDatabase>(std::move(db), std::move(name));
    database->run("PRAGMA foreign_keys = ON", {});
    return database;
}

} // namespace hammer::store
