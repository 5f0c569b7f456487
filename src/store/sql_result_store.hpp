#pragma once

#include "src/store/database.hpp"
#include "src/store/result_store.hpp"

#include <memory>

namespace hammer::store {

/// Whether a command only reads the store (history) or also adds to it (run, render).
enum class Access { read_only, read_write };

/// The version of the tables this hammer writes. A store made by a newer
/// hammer is refused rather than written in a form that hammer would not know;
/// one of an older hammer is migrated when opened to write, and read as if
/// migrated when opened to read.
inline constexpr int schema_version = 3;

/// The result store over an SQL database, the same tables and statements on
/// SQLite and PostgreSQL (docs/results.md has the schema). Writable: the
/// tables are created when missing, in one transaction. Read-only: a database
/// without them is an empty store. Throws StoreError, also for a schema
/// version this hammer does not know.
[[nodiscard]] std::unique_ptr<ResultStore> open_sql_result_store(std::unique_ptr<Database> database, Access access);

} // namespace hammer::store
