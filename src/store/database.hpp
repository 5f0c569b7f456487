#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hammer::store {

/// A value going to or coming from SQL, as text; nullopt is NULL. Both
/// databases convert text to a column's type and back without loss for the
/// types the store uses (TEXT, BIGINT, BOOLEAN read through CAST AS INTEGER).
using SqlValue = std::optional<std::string>;
using SqlRow = std::vector<SqlValue>;

/// One connection to the database under a store: the little SQL the store
/// needs, the same text for SQLite and PostgreSQL. Every method throws
/// StoreError with the store's name and the database's own message.
class Database {
public:
    Database() = default;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    virtual ~Database() = default;

    /// Runs one statement with $1, $2, … bound to `params`; the rows it returns.
    virtual std::vector<SqlRow> run(std::string_view sql, const std::vector<SqlValue>& params = {}) = 0;

    /// Starts a transaction that no other writer of the store runs beside
    /// (SQLite: BEGIN IMMEDIATE; PostgreSQL: a transaction-level advisory
    /// lock), so "next position" and "latest hash" mean the same to all.
    virtual void begin_exclusive() = 0;
    virtual void commit() = 0;
    /// Abandons the transaction; never throws (used on the way out of an error).
    virtual void rollback() noexcept = 0;

    /// Whether the table exists, in the schema the connection writes to.
    [[nodiscard]] virtual bool has_table(std::string_view name) = 0;

    /// The store as the user named it, without a password: "--store …".
    [[nodiscard]] virtual const std::string& name() const = 0;
};

} // namespace hammer::store
