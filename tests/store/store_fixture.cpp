#include "tests/store/store_fixture.hpp"

#include "src/store/postgresql_database.hpp"
#include "src/store/sqlite_database.hpp"

#include <cstdlib>
#include <string_view>

namespace hammer::store::testing {

void StoreTest::SetUp()
{
    if (GetParam() == Backend::sqlite) {
        location_ = store_location((directory_.path() / "hammer.db").string(), {});
        return;
    }
    const char* conninfo = std::getenv("HAMMER_TEST_POSTGRESQL");
    if (conninfo == nullptr) {
        // with_postgresql.sh sets it; CI runs through it and must not skip.
        const char* ci = std::getenv("CI");
        if (ci != nullptr && std::string_view{ci} == "true") {
            FAIL() << "HAMMER_TEST_POSTGRESQL is not set: run through tests/store/with_postgresql.sh";
        }
        GTEST_SKIP() << "no PostgreSQL server: run through tests/store/with_postgresql.sh";
    }
    location_ = store_location(std::string{conninfo}, {});
    database()->run("DROP TABLE IF EXISTS hammer_devices, hammer_counters, hammer_steps, hammer_runs, hammer_schema");
}

std::unique_ptr<ResultStore> StoreTest::open(Access access) const
{
    return open_store(location_, access);
}

std::unique_ptr<Database> StoreTest::database() const
{
    return GetParam() == Backend::sqlite ? open_sqlite_database(location_.target, "test", true)
                                         : open_postgresql_database(location_.target, "test", true);
}

std::string backend_name(const ::testing::TestParamInfo<Backend>& info)
{
    return info.param == Backend::sqlite ? "Sqlite" : "Postgresql";
}

} // namespace hammer::store::testing
