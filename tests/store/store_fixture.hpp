#pragma once

#include "src/store/database.hpp"
#include "src/store/store_location.hpp"
#include "tests/record/run_directory.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

// A fresh, empty store for each test, on either database: SQLite in a
// temporary directory, or PostgreSQL on the server with_postgresql.sh started
// (its connection string in HAMMER_TEST_POSTGRESQL).
namespace hammer::store::testing {

enum class Backend { sqlite, postgresql };

class StoreTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override;

    /// The store as a command opens it.
    [[nodiscard]] std::unique_ptr<ResultStore> open(Access access = Access::read_write) const;

    /// A connection of our own to the database under the store, to change
    /// rows behind its back as someone with access to the database could.
    [[nodiscard]] std::unique_ptr<Database> database() const;

    [[nodiscard]] const StoreLocation& location() const { return location_; }

private:
    record::testing::RunDirectory directory_;
    StoreLocation location_;
};

/// "Sqlite" or "Postgresql", for test names and --gtest_filter.
std::string backend_name(const ::testing::TestParamInfo<Backend>& info);

} // namespace hammer::store::testing
