#pragma once

#include "src/store/database.hpp"

#include <filesystem>
#include <memory>

namespace hammer::store {

/// Opens the SQLite database file `path`; `name` is how messages call the
/// store. Writable: the file is created when missing (its directory must
/// exist). Read-only: the file must exist and is never changed. Waits up to
/// 10 s for another hammer that holds the write lock. Throws StoreError.
[[nodiscard]] std::unique_ptr<Database> open_sqlite_database(const std::filesystem::path& path, std::string name,
                                                             bool writable);

} // namespace hammer::store
