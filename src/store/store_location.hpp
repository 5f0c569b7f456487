#pragma once

#include "src/store/result_store.hpp"
#include "src/store/sql_result_store.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace hammer::store {

/// The command-line flag that names a store.
inline constexpr std::string_view store_flag = "--store";

/// What --store takes, for every command's help.
inline constexpr std::string_view store_flag_help =
    "Result store: a SQLite file or sqlite:PATH, postgresql://… or host=… dbname=… (libpq); "
    "default: hammer.db in the config's output directory";

/// The file name of the default SQLite store, in the runs directory.
inline constexpr std::string_view default_store_file = "hammer.db";

/// Which store a command uses, as read from `--store` or defaulted.
struct StoreLocation {
    enum class Kind { sqlite, postgresql };
    Kind kind = Kind::sqlite;
    std::string target;  ///< the SQLite file, or the libpq connection string
    std::string name;    ///< for messages: "--store …" or "the default store …", never a password
    bool is_default = false;
};

/// The store `--store URL` names: `postgresql://…` or `postgres://…` (a libpq
/// URI), `host=/socket/dir dbname=…` (libpq key=value pairs), `sqlite:PATH`,
/// or a plain file path (SQLite). Without the flag, the SQLite file
/// `default_directory`/hammer.db. Throws InputError naming --store when the
/// text is none of these or libpq refuses it; nothing is opened here.
[[nodiscard]] StoreLocation store_location(const std::optional<std::string>& flag,
                                           const std::filesystem::path& default_directory);

/// Opens the store; writable, it is created when missing (the default
/// store's directory too). Throws StoreError when it cannot be opened or
/// reached, naming it as `location.name`.
[[nodiscard]] std::unique_ptr<ResultStore> open_store(const StoreLocation& location, Access access);

} // namespace hammer::store
