#include "src/store/postgresql_database.hpp"

#include "src/store/result_store.hpp"

#include <libpq-fe.h>
#include <spdlog/spdlog.h>

namespace hammer::store {
namespace {

/// The key of the advisory lock every hammer writer takes: "hammer" in ASCII.
constexpr std::string_view writer_lock = "SELECT pg_advisory_xact_lock(114767657002354)";

struct ConnectionCloser {
    void operator()(PGconn* connection) const noexcept { PQfinish(connection); }
};

struct ResultClearer {
    void operator()(PGresult* result) const noexcept { PQclear(result); }
};

struct OptionsFreer {
    void operator()(PQconninfoOption* options) const noexcept { PQconninfoFree(options); }
};

using Result = std::unique_ptr<PGresult, ResultClearer>;

/// libpq's messages end in a newline; ours do not.
std::string trimmed(const char* message)
{
    std::string text = message != nullptr ? message : "";
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
        text.pop_back();
    }
    return text;
}

/// Server notices ("relation already exists, skipping") are not for the user.
void log_notice(void* /*unused*/, const char* message)
{
    spdlog::debug("postgresql: {}", trimmed(message));
}

class PostgresqlDatabase final : public Database {
public:
    PostgresqlDatabase(std::unique_ptr<PGconn, ConnectionCloser> connection, std::string name)
        : connection_{std::move(connection)}, name_{std::move(name)}
    {
    }

    std::vector<SqlRow> run(std::string_view sql, const std::vector<SqlValue>& params) override
    {
        std::vector<const char*> values;
        values.reserve(params.size());
        for (const auto& value : params) {
            values.push_back(value ? value->c_str() : nullptr);
        }
        const std::string text{sql};
        // Text parameters of unspecified type: the server takes each column's type.
        const Result result{PQexecParams(connection_.get(), text.c_str(), static_cast<int>(values.size()), nullptr,
                                         values.data(), nullptr, nullptr, 0)};
        const auto status = PQresultStatus(result.get());
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            const auto* message = result ? PQresultErrorMessage(result.get()) : PQerrorMessage(connection_.get());
            throw StoreError{name_ + ": " + trimmed(message) + " (in: " + text.substr(0, 60) + ")"};
        }
        std::vector<SqlRow> rows;
        const int columns = PQnfields(result.get());
        for (int row = 0; row < PQntuples(result.get()); ++row) {
            SqlRow values_of_row;
            for (int column = 0; column < columns; ++column) {
                if (PQgetisnull(result.get(), row, column) != 0) {
                    values_of_row.emplace_back();
                } else {
                    values_of_row.emplace_back(std::string(PQgetvalue(result.get(), row, column),
                                                           static_cast<std::size_t>(PQgetlength(result.get(), row, column))));
                }
            }
            rows.push_back(std::move(values_of_row));
        }
        return rows;
    }

    void begin_exclusive() override
    {
        run("BEGIN", {});
        run(writer_lock, {});
    }

    void commit() override { run("COMMIT", {}); }

    void rollback() noexcept override
    {
        const Result ignored{PQexec(connection_.get(), "ROLLBACK")};
    }

    bool has_table(std::string_view table) override
    {
        const auto rows = run("SELECT to_regclass($1)", {std::string{table}});
        return !rows.empty() && rows.front().front().has_value();
    }

    [[nodiscard]] const std::string& name() const override { return name_; }

private:
    std::unique_ptr<PGconn, ConnectionCloser> connection_;
    std::string name_;
};

} // namespace

Conninfo check_conninfo(const std::string& conninfo)
{
    char* error = nullptr;
    const std::unique_ptr<PQconninfoOption, OptionsFreer> options{PQconninfoParse(conninfo.c_str(), &error)};
    if (!options) {
        Conninfo result{trimmed(error != nullptr ? error : "out of memory"), ""};
        PQfreemem(error);
        return result;
    }
    std::string parts;
    bool has_password = false;
    for (const auto* option = options.get(); option->keyword != nullptr; ++option) {
        if (option->val == nullptr) {
            continue;
        }
        if (std::string_view{option->keyword} == "password") {
            has_password = true;
            continue;
        }
        parts += (parts.empty() ? "" : " ") + std::string{option->keyword} + "=" + option->val;
    }
    // A password is never shown: then the parts stand for the text.
    return {"", has_password ? parts : conninfo};
}

std::unique_ptr<Database> open_postgresql_database(const std::string& conninfo, std::string name, bool writable)
{
    std::unique_ptr<PGconn, ConnectionCloser> connection{PQconnectdb(conninfo.c_str())};
    if (!connection) {
        throw StoreError{name + ": cannot connect: out of memory"};
    }
    if (PQstatus(connection.get()) != CONNECTION_OK) {
        throw StoreError{name + ": cannot connect: " + trimmed(PQerrorMessage(connection.get()))};
    }
    PQsetNoticeProcessor(connection.get(), log_notice, nullptr);
    // Documents are UTF-8, whatever the database server's locale says.
    if (PQsetClientEncoding(connection.get(), "UTF8") != 0) {
        throw StoreError{name + ": cannot use UTF-8: " + trimmed(PQerrorMessage(connection.get()))};
    }
    auto database = std::make_unique<PostgresqlDatabase>(std::move(connection), std::move(name));
    if (!writable) {
        database->run("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY", {});
    }
    return database;
}

} // namespace hammer::store
