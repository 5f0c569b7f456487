#include "src/store/store_location.hpp"

#include "src/common/diagnostics.hpp"
#include "src/common/text.hpp"
#include "src/store/postgresql_database.hpp"
#include "src/store/sqlite_database.hpp"

namespace hammer::store {
namespace {

[[noreturn]] void refuse(std::string message)
{
    throw InputError{{Diagnostic{std::string{store_flag}, "", std::move(message)}}};
}

bool starts_with(std::string_view text, std::string_view prefix)
{
    return text.substr(0, prefix.size()) == prefix;
}

/// libpq's key=value form: a keyword, then "=" ("host=/run/pg dbname=lab").
bool is_key_value(std::string_view text)
{
    const auto key_start = text.find_first_not_of(' ');
    const auto key_end = text.find_first_not_of("abcdefghijklmnopqrstuvwxyz_", key_start);
    const auto equals = text.find_first_not_of(' ', key_end);
    return key_start != std::string_view::npos && key_end != key_start && equals != std::string_view::npos &&
           text[equals] == '=';
}

StoreLocation postgresql(const std::string& conninfo)
{
    const auto checked = check_conninfo(conninfo);
    if (!checked.error.empty()) {
        refuse("not a PostgreSQL connection string: " + checked.error);
    }
    return {StoreLocation::Kind::postgresql, conninfo, std::string{store_flag} + " " + checked.display, false};
}

StoreLocation sqlite(std::string path)
{
    if (path.empty()) {
        refuse("names no database file");
    }
    auto name = std::string{store_flag} + " " + path;
    return {StoreLocation::Kind::sqlite, std::move(path), std::move(name), false};
}

} // namespace

StoreLocation store_location(const std::optional<std::string>& flag, const std::filesystem::path& default_directory)
{
    if (!flag) {
        const auto path = (default_directory / default_store_file).string();
        return {StoreLocation::Kind::sqlite, path, "the default store " + path, true};
    }
    const std::string& text = *flag;
    if (starts_with(text, "postgresql://") || starts_with(text, "postgres://")) {
        return postgresql(text);
    }
    if (starts_with(text, "sqlite:")) {
        auto path = text.substr(std::string_view{"sqlite:"}.size());
        // sqlite:///abs/path and sqlite:relative/path both name a file.
        return sqlite(starts_with(path, "//") ? path.substr(2) : path);
    }
    if (const auto scheme = text.find("://"); scheme != std::string::npos) {
        refuse(in_quotes(text.substr(0, scheme)) +
               " is not a store hammer knows: give postgresql://…, host=… dbname=…, sqlite:PATH or a file path");
    }
    if (is_key_value(text)) {
        return postgresql(text);
    }
    return sqlite(text);
}

std::unique_ptr<ResultStore> open_store(const StoreLocation& location, Access access)
{
    const bool writable = access == Access::read_write;
    if (location.kind == StoreLocation::Kind::postgresql) {
        return open_sql_result_store(open_postgresql_database(location.target, location.name, writable), access);
    }
    if (writable && location.is_default) {
        const auto directory = std::filesystem::path{location.target}.parent_path();
        std::error_code ec;
        if (!directory.empty()) {
            std::filesystem::create_directories(directory, ec);
        }
        if (ec) {
            throw StoreError{location.name + ": cannot make its directory: " + ec.message()};
        }
    }
    return open_sql_result_store(open_sqlite_database(location.target, location.name, writable), access);
}

} // namespace hammer::store
