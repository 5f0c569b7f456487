#pragma once

#include "src/store/database.hpp"

#include <memory>
#include <string>

namespace hammer::store {

/// A libpq connection string checked without connecting: a URI
/// (postgresql://user@host:port/db?host=/socket/dir) or key=value pairs
/// (host=/socket/dir dbname=hammer).
struct Conninfo {
    std::string error;   ///< libpq's reason when the text is not a connection string; empty when it is
    std::string display; ///< the text to show in messages: as given, or its parts without the password
};

[[nodiscard]] Conninfo check_conninfo(const std::string& conninfo);

/// Connects to PostgreSQL with `conninfo` (see check_conninfo); `name` is how
/// messages call the store. Read-only: the session refuses every write.
/// Throws StoreError with libpq's message when the server cannot be reached.
[[nodiscard]] std::unique_ptr<Database> open_postgresql_database(const std::string& conninfo, std::string name,
                                                                 bool writable);

} // namespace hammer::store
