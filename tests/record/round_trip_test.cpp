#include "src/record/journal_reader.hpp"
#include "src/record/recorder.hpp"
#include "src/record/uti.hpp"
#include "src/run/clock.hpp"
#include "tests/record/run_directory.hpp"

#include <gtest/gtest.h>

namespace hammer::record {
namespace {

using nlohmann::json;
using operations::Outcome;
using operations::Verdict;
using testing::JournalText;
using testing::RunDirectory;

/// Time that moves only when the test says so; wall time follows run_epoch().
class ManualClock final : public run::Clock {
public:
    [[nodiscard]] std::chrono::milliseconds now() const override { return now_; }
    [[nodiscard]] std::chrono::system_clock::time_point wall_now() const override
    {
        return testing::run_epoch() + now_;
    }
    bool sleep_until(std::chrono::milliseconds deadline, std::stop_token /*stop*/) override
    {
        now_ = std::max(now_, deadline);
        return true;
    }
    void set(std::int64_t at_ms) { now_ = std::chrono::milliseconds{at_ms}; }

private:
    std::chrono::milliseconds now_{0};
};

RunHeader sample_header()
{
    const auto start = testing::sample_run_start();
    RunHeader header;
    header.run_id = start["run-id"];
    header.hammer_version = start["hammer-version"];
    header.topology_file = start["topology-file"];
    header.config_file = start["config-file"];
    header.topology = start["topology"];
    header.config = start["config"];
    header.seed = start["seed"];
    header.seed_source = start["seed-source"];
    header.mode = start["mode"];
    header.duration = std::chrono::milliseconds{start["duration-ms"].get<std::int64_t>()};
    header.pairs = start["pairs"];
    header.schedule = start["schedule"];
    header.executor = start["executor"];
    header.previous_hash = start["previous-hash"];
    header.test_id = start["test-id"];
    header.tags = start["tags"].get<std::vector<std::string>>();
    header.documentation = start["documentation"];
    return header;
}

const json traffic_measurement = {{"direction", "forward"}, {"tx-packets", 100}, {"rx-packets", 98},
                                  {"tx-bytes", 6400},       {"rx-bytes", 6272},   {"duration-ms", 1000},
                                  {"latency", {{"min-ns", 900}, {"avg-ns", 1000}, {"max-ns", 1500}}}};

/// A short run through the Recorder: what hammer itself writes.
void record_run(const std::filesystem::path& directory)
{
    ManualClock clock;
    const auto recorder = Recorder::create(directory, clock);
    const EndpointId a{"dut1", "p0"};
    const SlotId slot{"pair0", "flap", "link_flap", 1, 0};
    const SlotTiming timing{std::chrono::milliseconds{0}, std::chrono::milliseconds{1000},
                            std::chrono::milliseconds{10}, std::chrono::milliseconds{1005}, 2};
    recorder->run_start(sample_header());
    clock.set(1);
    recorder->snapshot(a, "kernel", {{"mtu", 1500}});
    clock.set(2);
    recorder->snapshots_complete(1);
    clock.set(10);
    recorder->slot_start(slot, timing);
    clock.set(20);
    recorder->command(a, "ip link set hm0a down", 0, "");
    clock.set(30);
    recorder->state(a, "link-down", {{"carrier", false}});
    clock.set(500);
    recorder->counters(a, {{"packets", 98}}, {{"packets", 100}});
    clock.set(510);
    recorder->traffic("pair0", "flap", traffic_measurement);
    clock.set(1015);
    recorder->slot_end(slot, timing, Verdict::pass(), "verify");
    clock.set(1020);
    recorder->restore(a, "kernel", Verdict::pass());
    clock.set(1030);
    recorder->restore_complete(0);
    clock.set(1040);
    recorder->run_end(Outcome::pass, false);
}

/// The same run written by hand from recorder.hpp's description of each event.
JournalText described_run()
{
    using testing::with;
    const auto a = testing::endpoint("dut1", "p0");
    const auto slot = testing::slot_fields(0, "flap", "link_flap", 0, 1000);
    auto end = testing::slot_end_fields(slot, "PASS", "", "verify", 10, 1005);
    end["setup-attempts"] = 2;
    JournalText journal;
    journal.add("run-start", testing::sample_run_start(), 0)
        .add("snapshot", with(a, {{"backend", "kernel"}, {"state", {{"mtu", 1500}}}}), 1)
        .add("snapshots-complete", {{"endpoints", 1}}, 2)
        .add("slot-start", slot, 10)
        .add("command", with(a, {{"command", "ip link set hm0a down"}, {"return-code", 0}, {"response", ""}}), 20)
        .add("state", with(a, {{"state-id", "link-down"}, {"operational-data", {{"carrier", false}}}}), 30)
        .add("counters", with(a, {{"rx", {{"packets", 98}}}, {"tx", {{"packets", 100}}}}), 500)
        .add("traffic", with(traffic_measurement, {{"pair-id", "pair0"}, {"operation-id", "flap"}}), 510)
        .add("slot-end", end, 1015)
        .add("restore", with(a, {{"backend", "kernel"}, {"outcome", "PASS"}, {"message", ""}}), 1020)
        .add("restore-complete", {{"failed", 0}}, 1030)
        .add("run-end", {{"status", "PASS"}, {"interrupted", false}}, 1040);
    return journal;
}

TEST(RoundTrip, TheRecordersJournalReadsAndRenders)
{
    RunDirectory directory;
    record_run(directory.path());

    const auto journal = read_journal(directory.path());
    const auto uti = render_uti(journal);

    EXPECT_FALSE(journal.torn_tail);
    EXPECT_EQ(journal.events.size(), 12U);
    EXPECT_TRUE(is_restored(journal));
    EXPECT_EQ(uti["test"]["metadata"]["test_execution"]["status"], "PASS");
    EXPECT_EQ(uti["test"]["metadata"]["test_execution"]["end_time"], testing::time_at(1040));
    const auto& step = uti["test"]["results"]["pairs"][0]["steps"][0];
    EXPECT_EQ(step["outcome"], "PASS");
    EXPECT_EQ(step["overrun-ms"], 5);
    EXPECT_EQ(step["setup-attempts"], 2);
    EXPECT_EQ(uti["network"]["node"][0]["command-history"][0]["command"], "ip link set hm0a down");
    EXPECT_EQ(uti["test"]["results"]["total"]["forward"]["lost-packets"], 2);
    EXPECT_EQ(uti["test"]["results"]["node"][0]["termination-point"][0]["rx-counters"], json({{"packets", 98}}));
    EXPECT_EQ(render_uti(read_journal(directory.path())).dump(2), uti.dump(2));
}

// The reader and the renderer work from recorder.hpp's description of the
// events; the Recorder must write exactly that.
TEST(RoundTrip, TheRecorderWritesWhatItsHeaderDescribes)
{
    RunDirectory recorded;
    record_run(recorded.path());
    RunDirectory described;
    described.write_journal(described_run().str());

    EXPECT_EQ(render_uti(read_journal(recorded.path())).dump(2), render_uti(read_journal(described.path())).dump(2));
}

} // namespace
} // namespace hammer::record
