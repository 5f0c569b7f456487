#include "src/record/uti.hpp"
#include "src/store/run_record.hpp"
#include "src/store/verify.hpp"
#include "tests/output/sample_result.hpp"
#include "tests/store/store_fixture.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hammer::store::testing {
namespace {

using output::testing::sample_result;
using output::testing::SampleRun;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

/// Run i of a chain: run-<i>, ten seconds after run i-1, linked to what the store holds last.
nlohmann::json next_run(ResultStore& store, int i)
{
    return sample_result(
        SampleRun{}.named("run-" + std::to_string(i)).after(store.latest_hash()).shifted(10'000 * i));
}

/// Stores three chained runs, run-1 … run-3 at positions 1 … 3.
void store_three_runs(ResultStore& store)
{
    for (int i = 1; i <= 3; ++i) {
        ASSERT_EQ(store.append(next_run(store, i)).insertion, Insertion::added);
    }
}

auto problem(std::int64_t position, const std::string& run_id, const std::string& what)
{
    return AllOf(Field(&Problem::position, position), Field(&Problem::run_id, run_id),
                 Field(&Problem::what, HasSubstr(what)));
}

TEST_P(StoreTest, ANewStoreIsEmpty)
{
    const auto store = open();
    EXPECT_THAT(store->runs(), IsEmpty());
    EXPECT_EQ(store->latest_hash(), "");
    EXPECT_THAT(verify_store(*store), IsEmpty());
}

TEST_P(StoreTest, ReadOnlyADatabaseWithoutHammersTablesIsAnEmptyStore)
{
    database()->run("CREATE TABLE IF NOT EXISTS unrelated (x TEXT)");
    const auto store = open(Access::read_only);
    EXPECT_THAT(store->runs(), IsEmpty());
    EXPECT_EQ(store->latest_hash(), "");
}

TEST_P(StoreTest, KeepsARunWholeAndGivesItBackExactly)
{
    const auto document = sample_result({});
    const auto record = record_of(document);
    const auto store = open();
    ASSERT_EQ(store->append(document).insertion, Insertion::added);

    auto expected = record.run;
    expected.position = 1;
    EXPECT_THAT(store->runs(), ElementsAre(expected));
    const auto loaded = store->load(1);
    EXPECT_EQ(loaded.run, expected);
    EXPECT_EQ(loaded.steps, record.steps);
    EXPECT_EQ(loaded.counters, record.counters);
    EXPECT_EQ(nlohmann::json::parse(loaded.document), document);
    EXPECT_EQ(store->latest_hash(), document["test"]["metadata"]["test"]["test-history"]["hash"]);
}

TEST_P(StoreTest, KeepsWhatThePublishedColumnsPromise)
{
    const auto store = open();
    ASSERT_EQ(store->append(sample_result(SampleRun{}.seeded(18446744073709551615ULL).unfinished())).insertion,
              Insertion::added);
    // Read through SQL, as a lab's dashboard would.
    const auto rows = database()->run("SELECT seed, status, CAST(interrupted AS INTEGER), CAST(restored AS INTEGER) "
                                      "FROM hammer_runs");
    ASSERT_EQ(rows.size(), 1U);
    EXPECT_EQ(rows[0], (SqlRow{"18446744073709551615", "ERROR", "0", "0"}));
    const auto steps = database()->run("SELECT outcome, phase, actual_ms FROM hammer_steps WHERE run_position = 1 "
                                       "ORDER BY step");
    ASSERT_EQ(steps.size(), 5U);
    EXPECT_EQ(steps[1], (SqlRow{"FAIL", "verify", "2250"}));
    EXPECT_EQ(steps[4], (SqlRow{"ERROR", "interrupted", std::nullopt}));
    const auto counters = database()->run("SELECT node_id, tp_id, direction, counter, value FROM hammer_counters "
                                          "ORDER BY direction, counter");
    EXPECT_EQ(counters, (std::vector<SqlRow>{{"dut1", "p0", "rx", "bytes", "64000"},
                                             {"dut1", "p0", "rx", "packets", "1000"},
                                             {"dut1", "p0", "tx", "carrier", "\"up\""},
                                             {"dut1", "p0", "tx", "packets", "990"}}));
}

TEST_P(StoreTest, ChainsRunsThroughTheLatestHash)
{
    const auto store = open();
    store_three_runs(*store);
    const auto runs = store->runs();
    ASSERT_EQ(runs.size(), 3U);
    EXPECT_EQ(runs[0].previous_hash, "");
    EXPECT_EQ(runs[1].previous_hash, runs[0].hash);
    EXPECT_EQ(runs[2].previous_hash, runs[1].hash);
    EXPECT_EQ(store->latest_hash(), runs[2].hash);
    const auto links = chain_links(runs);
    EXPECT_EQ(links[0].link, Link::first);
    EXPECT_EQ(links[1].link, Link::follows);
    EXPECT_EQ(links[2].link, Link::follows);
    EXPECT_EQ(links[2].from, 2);
    EXPECT_THAT(verify_store(*store), IsEmpty());
}

TEST_P(StoreTest, AnotherConnectionSeesTheSameChain)
{
    store_three_runs(*open());
    const auto reader = open(Access::read_only);
    EXPECT_EQ(reader->runs().size(), 3U);
    EXPECT_THAT(verify_store(*reader), IsEmpty());
}

TEST_P(StoreTest, TheSameDocumentIsStoredOnce)
{
    const auto store = open();
    const auto document = sample_result({});
    ASSERT_EQ(store->append(document).insertion, Insertion::added);
    const auto again = store->append(document);
    EXPECT_EQ(again.insertion, Insertion::already_stored);
    EXPECT_EQ(again.document, document);
    EXPECT_EQ(store->runs().size(), 1U);
}

TEST_P(StoreTest, ARunRenderedAgainIsStoredAfterTheFirst)
{
    const auto store = open();
    // Rendered after a crash, then again once the journal was complete.
    ASSERT_EQ(store->append(sample_result(SampleRun{}.unfinished())).insertion, Insertion::added);
    ASSERT_EQ(store->append(sample_result({})).insertion, Insertion::added);
    const auto runs = store->runs();
    ASSERT_EQ(runs.size(), 2U);
    EXPECT_EQ(runs[0].run_id, runs[1].run_id);
    EXPECT_EQ(chain_links(runs)[1].link, Link::follows);
    EXPECT_THAT(verify_store(*store), IsEmpty());
}

TEST_P(StoreTest, ARunThatStartedBeforeTheLatestIsChainedToTheLatest)
{
    const auto store = open();
    store_three_runs(*store);
    // Started when run-2 was the latest, stored after run-3.
    const auto second = store->load(2).run.hash;
    const auto document = sample_result(SampleRun{}.named("run-4").after(second));
    const auto appended = store->append(document);
    ASSERT_EQ(appended.insertion, Insertion::added);
    const auto& history = appended.document["test"]["metadata"]["test"]["test-history"];
    EXPECT_EQ(history["previous_hash"], store->load(3).run.hash);
    EXPECT_EQ(history["hash"], record::document_hash(appended.document));
    EXPECT_NE(history["hash"], document["test"]["metadata"]["test"]["test-history"]["hash"]);
    EXPECT_EQ(nlohmann::json::parse(store->load(4).document), appended.document);
    EXPECT_EQ(chain_links(store->runs())[3].link, Link::follows);
    EXPECT_THAT(verify_store(*store), IsEmpty());

    // Rendered again from its journal: the same run, stored already, with the link it was stored with.
    const auto again = store->append(document);
    EXPECT_EQ(again.insertion, Insertion::already_stored);
    EXPECT_EQ(again.document, appended.document);
    EXPECT_EQ(store->runs().size(), 4U);
}

TEST(ChainLinks, RunsOfOlderHammersThatOverlappedBranch)
{
    // Before hammer chained runs as it stored them, a run kept the link of its start.
    const auto row = [](std::int64_t position, std::string hash, std::string previous) {
        RunRow run;
        run.position = position;
        run.hash = std::move(hash);
        run.previous_hash = std::move(previous);
        return run;
    };
    const auto links = chain_links({row(1, "a", ""), row(2, "b", "a"), row(3, "c", "a"), row(4, "d", ""),
                                    row(5, "e", "gone")});
    EXPECT_EQ(links[0].link, Link::first);
    EXPECT_EQ(links[1].link, Link::follows);
    EXPECT_EQ(links[2].link, Link::branches);
    EXPECT_EQ(links[2].from, 1);
    EXPECT_EQ(links[3].link, Link::branches);
    EXPECT_EQ(links[3].from, 0);
    EXPECT_EQ(links[4].link, Link::dangling);
}

TEST_P(StoreTest, AChangedStatusIsFoundAndItsRunNamed)
{
    store_three_runs(*open());
    database()->run("UPDATE hammer_runs SET status = 'PASS' WHERE position = 2");
    EXPECT_THAT(verify_store(*open()),
                ElementsAre(problem(2, "run-2", "column status: the store says \"PASS\", the document \"ERROR\"")));
}

TEST_P(StoreTest, AChangedDocumentIsFound)
{
    store_three_runs(*open());
    database()->run("UPDATE hammer_runs SET document = REPLACE(document, 'netlink said EPERM', 'netlink said OK') "
                    "WHERE position = 2");
    EXPECT_THAT(verify_store(*open()),
                ElementsAre(problem(2, "run-2", "the document was changed"),
                            problem(2, "run-2", "step pair0/3 message: the store says \"setup: netlink said EPERM\", "
                                                "the document \"setup: netlink said OK\"")));
}

TEST_P(StoreTest, ADocumentThatIsNotJsonIsFound)
{
    store_three_runs(*open());
    database()->run("UPDATE hammer_runs SET document = 'gone' WHERE position = 1");
    EXPECT_THAT(verify_store(*open()), ElementsAre(problem(1, "run-1", "its stored document is not JSON")));
}

TEST_P(StoreTest, AChangedStepIsFound)
{
    store_three_runs(*open());
    database()->run("UPDATE hammer_steps SET outcome = 'PASS' WHERE run_position = 3 AND outcome = 'FAIL'");
    EXPECT_THAT(verify_store(*open()),
                ElementsAre(problem(3, "run-3", "step pair0/1 outcome: the store says \"PASS\", the document \"FAIL\"")));
}

TEST_P(StoreTest, ARemovedStepIsFound)
{
    store_three_runs(*open());
    database()->run("DELETE FROM hammer_steps WHERE run_position = 1 AND step = 4");
    EXPECT_THAT(verify_store(*open()),
                ElementsAre(problem(1, "run-1", "step pair0/4 is in the document, not in the store")));
}

TEST_P(StoreTest, AChangedCounterIsFound)
{
    store_three_runs(*open());
    database()->run("UPDATE hammer_counters SET value = '0' WHERE run_position = 1 AND direction = 'rx' AND "
                    "counter = 'packets'");
    EXPECT_THAT(verify_store(*open()),
                ElementsAre(problem(1, "run-1", "counter dut1/p0 rx packets: the store says \"0\", the document "
                                                "\"1000\"")));
}

TEST_P(StoreTest, ARemovedRunIsFoundAtTheRunAfterIt)
{
    store_three_runs(*open());
    const auto db = database();
    for (const auto* table : {"hammer_counters", "hammer_steps"}) {
        db->run(std::string{"DELETE FROM "} + table + " WHERE run_position = 2");
    }
    db->run("DELETE FROM hammer_runs WHERE position = 2");
    EXPECT_THAT(verify_store(*open()),
                ElementsAre(problem(3, "run-3", "stored at position 3 where 2 was next"),
                            problem(3, "run-3", "is the hash of no run stored before it")));
}

TEST_P(StoreTest, ADocumentRehashedAfterAChangeBreaksTheLinkOfTheNextRun)
{
    store_three_runs(*open());
    // Someone who knows how the hash is made changes run-2 and everything
    // that run-2 alone vouches for; run-3 still names the old hash.
    auto document = nlohmann::json::parse(open()->load(2).document);
    document["test"]["metadata"]["test_execution"]["status"] = "PASS";
    document["test"]["metadata"]["test"]["test-history"]["hash"] = record::document_hash(document);
    const auto forged = record_of(document);
    database()->run("UPDATE hammer_runs SET document = $1, hash = $2, status = $3 WHERE position = 2",
                    {forged.document, forged.run.hash, forged.run.status});
    EXPECT_THAT(verify_store(*open()), ElementsAre(problem(3, "run-3", "is the hash of no run stored before it")));
}

TEST_P(StoreTest, KeepsWhereARunRanAndTheDevicesItRanOn)
{
    const auto record = record_of(sample_result(SampleRun{}.on("lab7", "ice")));
    const auto store = open();
    ASSERT_EQ(store->append(sample_result(SampleRun{}.on("lab7", "ice"))).insertion, Insertion::added);
    ASSERT_EQ(store->append(next_run(*store, 2)).insertion, Insertion::added); // an older hammer's: none

    const auto runs = store->runs();
    ASSERT_EQ(runs.size(), 2U);
    EXPECT_EQ(runs[0].host, "lab7");
    EXPECT_EQ(runs[0].dpdk_version, "DPDK 22.11.4");
    EXPECT_EQ(runs[1].host, "");
    EXPECT_EQ(store->load(1).devices, record.devices);
    const auto devices = store->devices();
    ASSERT_EQ(devices.size(), 1U);
    EXPECT_EQ(devices.at(1), record.devices);
    // Read through SQL, as a lab's dashboard would.
    EXPECT_EQ(database()->run("SELECT r.host, d.node_id, d.driver, d.pci_id FROM hammer_runs r JOIN hammer_devices d "
                              "ON d.run_position = r.position ORDER BY d.node_id"),
              (std::vector<SqlRow>{{"lab7", "dut1", "ice", "8086:1592"}, {"lab7", "dut2", "ice", "8086:1592"}}));
    EXPECT_THAT(verify_store(*store), IsEmpty());
}

TEST_P(StoreTest, AChangedDeviceOrHostIsFound)
{
    const auto store = open();
    ASSERT_EQ(store->append(sample_result(SampleRun{}.on("lab7", "ice"))).insertion, Insertion::added);
    database()->run("UPDATE hammer_devices SET driver = 'i40e' WHERE node_id = 'dut2'");
    database()->run("UPDATE hammer_runs SET host = 'lab8'");
    EXPECT_THAT(verify_store(*open()),
                ElementsAre(problem(1, "run-42", "column host: the store says \"lab8\", the document \"lab7\""),
                            problem(1, "run-42", "device dut2/p0 (kernel) driver: the store says \"i40e\"")));
}

/// The tables of hammer's first store, as it made them.
void make_version_1_store(Database& database, const RunRecord& record)
{
    for (const char* statement :
         {"CREATE TABLE hammer_schema (version INTEGER NOT NULL)",
          "CREATE TABLE hammer_runs (position BIGINT PRIMARY KEY, run_id TEXT NOT NULL, start_time TEXT NOT NULL,"
          " end_time TEXT NOT NULL, topology_file TEXT NOT NULL, network_id TEXT NOT NULL, config_file TEXT NOT NULL,"
          " seed TEXT NOT NULL, status TEXT NOT NULL, interrupted BOOLEAN NOT NULL, restored BOOLEAN NOT NULL,"
          " hash TEXT NOT NULL UNIQUE, previous_hash TEXT NOT NULL, document TEXT NOT NULL)",
          "CREATE TABLE hammer_steps (run_position BIGINT NOT NULL REFERENCES hammer_runs (position),"
          " pair_id TEXT NOT NULL, step BIGINT NOT NULL, slot BIGINT NOT NULL, operation_id TEXT NOT NULL,"
          " operation TEXT NOT NULL, loop BIGINT NOT NULL, outcome TEXT NOT NULL, phase TEXT NOT NULL,"
          " message TEXT NOT NULL, start_time TEXT NOT NULL, planned_start_ms BIGINT NOT NULL,"
          " planned_ms BIGINT NOT NULL, start_ms BIGINT, actual_ms BIGINT, overrun_ms BIGINT, setup_attempts BIGINT,"
          " PRIMARY KEY (run_position, pair_id, step))",
          "CREATE TABLE hammer_counters (run_position BIGINT NOT NULL REFERENCES hammer_runs (position),"
          " node_id TEXT NOT NULL, tp_id TEXT NOT NULL, direction TEXT NOT NULL, counter TEXT NOT NULL,"
          " value TEXT NOT NULL, PRIMARY KEY (run_position, node_id, tp_id, direction, counter))",
          "INSERT INTO hammer_schema (version) VALUES (1)"}) {
        database.run(statement);
    }
    const auto& run = record.run;
    database.run("INSERT INTO hammer_runs VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
                 {"1", run.run_id, run.start_time, run.end_time, run.topology_file, run.network_id, run.config_file,
                  run.seed, run.status, run.interrupted ? "1" : "0", run.restored ? "1" : "0", run.hash,
                  run.previous_hash, record.document});
    for (const auto& step : record.steps) {
        const auto number = [](const std::optional<std::int64_t>& value) {
            return value ? SqlValue{std::to_string(*value)} : SqlValue{};
        };
        database.run("INSERT INTO hammer_steps VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
                     "$15, $16, $17)",
                     {"1", step.pair_id, std::to_string(step.step), std::to_string(step.slot), step.operation_id,
                      step.operation, std::to_string(step.loop), step.outcome, step.phase, step.message,
                      step.start_time, std::to_string(step.planned_start_ms), std::to_string(step.planned_ms),
                      number(step.start_ms), number(step.actual_ms), number(step.overrun_ms),
                      number(step.setup_attempts)});
    }
    for (const auto& counter : record.counters) {
        database.run("INSERT INTO hammer_counters VALUES ($1, $2, $3, $4, $5, $6)",
                     {"1", counter.node_id, counter.tp_id, counter.direction, counter.counter, counter.value});
    }
}

TEST_P(StoreTest, AStoreOfTheFirstVersionIsReadAsIfMigratedThenMigratedWhenWritten)
{
    // A run with devices stored by a hammer that kept no devices: its
    // document has them, its rows do not.
    const auto old = record_of(sample_result(SampleRun{}.named("run-1").on("lab7", "ice")));
    make_version_1_store(*database(), old);

    const auto reader = open(Access::read_only);
    auto expected = old.run;
    expected.position = 1;
    EXPECT_THAT(reader->runs(), ElementsAre(expected)) << "derived from the document";
    EXPECT_EQ(reader->devices().at(1), old.devices);
    EXPECT_THAT(verify_store(*reader), IsEmpty());

    const auto writer = open();
    EXPECT_EQ(database()->run("SELECT version FROM hammer_schema"), (std::vector<SqlRow>{{"3"}}));
    EXPECT_EQ(database()->run("SELECT host, hammer_version FROM hammer_runs"),
              (std::vector<SqlRow>{{"lab7", "0.1.0"}}));
    EXPECT_THAT(writer->runs(), ElementsAre(expected));
    EXPECT_EQ(writer->load(1).devices, old.devices);
    ASSERT_EQ(writer->append(next_run(*writer, 2)).insertion, Insertion::added);
    EXPECT_THAT(verify_store(*open()), IsEmpty());
}

/// A run of `host` on `testbed`, hashed again after the testbed was added.
nlohmann::json run_on_testbed(const std::string& name, const std::string& host, const std::string& testbed)
{
    auto document = sample_result(SampleRun{}.named(name).on(host, "ice"));
    document["test"]["metadata"]["host"]["testbed"] = testbed;
    document["test"]["metadata"]["test"]["test-history"]["hash"] = record::document_hash(document);
    return document;
}

TEST_P(StoreTest, KeepsTheTestbedOfEachRun)
{
    const auto store = open();
    ASSERT_EQ(store->append(run_on_testbed("run-1", "lab7", "tb-a")).insertion, Insertion::added);
    ASSERT_EQ(store->append(run_on_testbed("run-2", "lab8", "tb-b")).insertion, Insertion::added);
    const auto runs = store->runs();
    ASSERT_EQ(runs.size(), 2U);
    EXPECT_EQ(runs[0].host, "lab7");
    EXPECT_EQ(runs[0].testbed, "tb-a");
    EXPECT_EQ(runs[1].host, "lab8");
    EXPECT_EQ(runs[1].testbed, "tb-b");
    EXPECT_EQ(database()->run("SELECT host, testbed FROM hammer_runs ORDER BY position"),
              (std::vector<SqlRow>{{"lab7", "tb-a"}, {"lab8", "tb-b"}}));
    EXPECT_THAT(verify_store(*store), IsEmpty());
    database()->run("UPDATE hammer_runs SET testbed = 'tb-z' WHERE position = 2");
    EXPECT_THAT(verify_store(*open()),
                ElementsAre(problem(2, "run-2", "column testbed: the store says \"tb-z\", the document \"tb-b\"")));
}

TEST_P(StoreTest, AStoreOfTheSecondVersionIsReadAsIfMigratedThenMigratedWhenWritten)
{
    // Version 2 as hammer made it: version 1, then its migration.
    const auto old = record_of(run_on_testbed("run-1", "lab7", "tb-a"));
    make_version_1_store(*database(), old);
    for (const char* statement :
         {"ALTER TABLE hammer_runs ADD COLUMN host TEXT NOT NULL DEFAULT ''",
          "ALTER TABLE hammer_runs ADD COLUMN kernel_release TEXT NOT NULL DEFAULT ''",
          "ALTER TABLE hammer_runs ADD COLUMN cpu_model TEXT NOT NULL DEFAULT ''",
          "ALTER TABLE hammer_runs ADD COLUMN hammer_version TEXT NOT NULL DEFAULT ''",
          "ALTER TABLE hammer_runs ADD COLUMN dpdk_version TEXT NOT NULL DEFAULT ''",
          "CREATE TABLE hammer_devices (run_position BIGINT NOT NULL REFERENCES hammer_runs (position),"
          " node_id TEXT NOT NULL, tp_id TEXT NOT NULL, backend TEXT NOT NULL, driver TEXT NOT NULL,"
          " driver_version TEXT NOT NULL, firmware_version TEXT NOT NULL, bus_info TEXT NOT NULL,"
          " pci_id TEXT NOT NULL, PRIMARY KEY (run_position, node_id, tp_id, backend))",
          "UPDATE hammer_schema SET version = 2"}) {
        database()->run(statement);
    }
    const auto& run = old.run;
    database()->run("UPDATE hammer_runs SET host = $1, kernel_release = $2, cpu_model = $3, hammer_version = $4, "
                    "dpdk_version = $5",
                    {run.host, run.kernel_release, run.cpu_model, run.hammer_version, run.dpdk_version});
    for (const auto& device : old.devices) {
        database()->run("INSERT INTO hammer_devices VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8)",
                        {device.node_id, device.tp_id, device.backend, device.driver, device.driver_version,
                         device.firmware_version, device.bus_info, device.pci_id});
    }

    auto expected = old.run;
    expected.position = 1;
    EXPECT_THAT(open(Access::read_only)->runs(), ElementsAre(expected)) << "testbed derived from the document";
    EXPECT_THAT(verify_store(*open(Access::read_only)), IsEmpty());

    const auto writer = open();
    EXPECT_EQ(database()->run("SELECT version FROM hammer_schema"), (std::vector<SqlRow>{{"3"}}));
    EXPECT_EQ(database()->run("SELECT host, testbed FROM hammer_runs"), (std::vector<SqlRow>{{"lab7", "tb-a"}}));
    EXPECT_EQ(writer->load(1).devices, old.devices);
    ASSERT_EQ(writer->append(next_run(*writer, 2)).insertion, Insertion::added);
    EXPECT_THAT(verify_store(*open()), IsEmpty());
}

TEST_P(StoreTest, AStoreOfANewerHammerIsRefused)
{
    static_cast<void>(open());
    database()->run("UPDATE hammer_schema SET version = 4");
    try {
        static_cast<void>(open());
        FAIL() << "a store with tables of version 4 was opened";
    } catch (const StoreError& error) {
        EXPECT_THAT(error.what(), HasSubstr("the store's tables are version 4; this hammer knows 3"));
    }
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreTest, ::testing::Values(Backend::sqlite), backend_name);
INSTANTIATE_TEST_SUITE_P(Postgresql, StoreTest, ::testing::Values(Backend::postgresql), backend_name);

} // namespace
} // namespace hammer::store::testing
