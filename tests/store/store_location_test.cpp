#include "src/store/store_location.hpp"

#include "src/common/diagnostics.hpp"
#include "tests/record/run_directory.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace hammer::store {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

/// The one diagnostic store_location gave for `text`, as "file: message".
std::string refusal(const std::string& text)
{
    try {
        static_cast<void>(store_location(text, "results"));
    } catch (const InputError& error) {
        EXPECT_EQ(error.diagnostics().size(), 1U);
        return error.diagnostics().front().to_string();
    }
    return "accepted";
}

std::string open_failure(const StoreLocation& location, Access access)
{
    try {
        static_cast<void>(open_store(location, access));
    } catch (const StoreError& error) {
        return error.what();
    }
    return "opened";
}

TEST(StoreLocation, WithoutTheFlagHammerDbInTheRunsDirectory)
{
    const auto location = store_location(std::nullopt, "lab/results");
    EXPECT_EQ(location.kind, StoreLocation::Kind::sqlite);
    EXPECT_EQ(location.target, "lab/results/hammer.db");
    EXPECT_TRUE(location.is_default);
    EXPECT_THAT(location.name, HasSubstr("the default store lab/results/hammer.db"));
}

TEST(StoreLocation, FilePathsAreSqlite)
{
    EXPECT_EQ(store_location("/srv/hammer.db", "results").target, "/srv/hammer.db");
    EXPECT_EQ(store_location("sqlite:///srv/hammer.db", "results").target, "/srv/hammer.db");
    EXPECT_EQ(store_location("sqlite:runs/x.db", "results").target, "runs/x.db");
    EXPECT_EQ(store_location("./odd=name.db", "results").kind, StoreLocation::Kind::sqlite);
    const auto location = store_location("runs/x.db", "results");
    EXPECT_EQ(location.kind, StoreLocation::Kind::sqlite);
    EXPECT_FALSE(location.is_default);
    EXPECT_EQ(location.name, "--store runs/x.db");
}

TEST(StoreLocation, UrisAndKeyValuePairsArePostgresql)
{
    for (const auto* text : {"postgresql://hammer@db.lab:5433/results", "postgres://db.lab/results",
                             "postgresql:///results?host=/run/postgresql", "host=/run/postgresql dbname=results",
                             " dbname = results"}) {
        const auto location = store_location(std::string{text}, "results");
        EXPECT_EQ(location.kind, StoreLocation::Kind::postgresql) << text;
        EXPECT_EQ(location.target, text);
        EXPECT_EQ(location.name, std::string{"--store "} + text);
    }
}

TEST(StoreLocation, NeverShowsAPassword)
{
    for (const auto* text : {"postgresql://lab:s3cret@db.lab/results", "host=db.lab password=s3cret dbname=results"}) {
        const auto location = store_location(std::string{text}, "results");
        EXPECT_THAT(location.name, Not(HasSubstr("s3cret"))) << text;
        EXPECT_THAT(location.name, HasSubstr("db.lab")) << text;
        EXPECT_EQ(location.target, text);
    }
}

TEST(StoreLocation, RefusesWhatIsNoStore)
{
    EXPECT_THAT(refusal("mysql://db.lab/results"), HasSubstr("--store: \"mysql\" is not a store hammer knows"));
    EXPECT_THAT(refusal(""), HasSubstr("--store: names no database file"));
    EXPECT_THAT(refusal("sqlite:"), HasSubstr("--store: names no database file"));
    EXPECT_THAT(refusal("host=/run/postgresql dbnme=results"),
                HasSubstr("--store: not a PostgreSQL connection string: invalid connection option \"dbnme\""));
    EXPECT_THAT(refusal("postgresql://db.lab/results?sslmode"),
                HasSubstr("--store: not a PostgreSQL connection string"));
}

TEST(OpenStore, AServerThatCannotBeReachedIsAStoreErrorNamingTheStore)
{
    const auto location = store_location("host=/nonexistent/hammer-test port=1 dbname=results", "results");
    EXPECT_THAT(open_failure(location, Access::read_write),
                HasSubstr("--store host=/nonexistent/hammer-test port=1 dbname=results: cannot connect: "));
}

TEST(OpenStore, ReadingASqliteFileThatIsNotThereCreatesNothing)
{
    const record::testing::RunDirectory directory;
    const auto file = directory.path() / "missing.db";
    EXPECT_THAT(open_failure(store_location(file.string(), "results"), Access::read_only),
                HasSubstr(": cannot open " + file.string() + ": no such file"));
    EXPECT_FALSE(std::filesystem::exists(file));
}

TEST(OpenStore, AnExplicitFileNeedsItsDirectory)
{
    const record::testing::RunDirectory directory;
    const auto file = directory.path() / "no" / "such" / "hammer.db";
    EXPECT_THAT(open_failure(store_location(file.string(), "results"), Access::read_write),
                HasSubstr("--store " + file.string() + ": cannot open"));
}

TEST(OpenStore, TheDefaultStoreMakesItsDirectory)
{
    const record::testing::RunDirectory directory;
    const auto location = store_location(std::nullopt, directory.path() / "runs");
    EXPECT_EQ(open_store(location, Access::read_write)->latest_hash(), "");
    EXPECT_TRUE(std::filesystem::exists(directory.path() / "runs" / "hammer.db"));
}

TEST(OpenStore, AFileThatIsNotADatabaseIsAStoreError)
{
    const record::testing::RunDirectory directory;
    const auto file = directory.path() / "notes.db";
    record::testing::write_file(file, "these are notes, not a database; SQLite wants its header to be much longer");
    EXPECT_THAT(open_failure(store_location(file.string(), "results"), Access::read_write),
                HasSubstr("file is not a database"));
}

} // namespace
} // namespace hammer::store
