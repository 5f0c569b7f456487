#include "src/record/journal_reader.hpp"

#include "src/common/diagnostics.hpp"
#include "tests/record/run_directory.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace hammer::record {
namespace {

using testing::JournalText;
using testing::RunDirectory;

/// run-start, a command and a state: three complete lines.
JournalText three_events()
{
    JournalText journal;
    journal.add("run-start", testing::sample_run_start(), 0);
    journal.add("command",
                {{"node-id", "dut1"}, {"tp-id", "p0"}, {"command", "ip link set hm0a down"}, {"return-code", 0},
                 {"response", ""}},
                5);
    journal.add("state", {{"node-id", "dut1"}, {"tp-id", "p0"}, {"state-id", "down"}, {"operational-data", {{"carrier", false}}}}, 6);
    return journal;
}

/// The one diagnostic of the InputError that reading `directory` throws.
Diagnostic read_error(const RunDirectory& directory)
{
    try {
        (void)read_journal(directory.path());
    } catch (const InputError& error) {
        EXPECT_EQ(error.diagnostics().size(), 1U);
        return error.diagnostics().front();
    }
    ADD_FAILURE() << "read_journal did not throw";
    return {};
}

TEST(ReadJournal, ReadsEveryEventInOrder)
{
    RunDirectory directory;
    directory.write_journal(three_events().str());

    const auto journal = read_journal(directory.path());

    EXPECT_EQ(journal.path, directory.journal());
    EXPECT_FALSE(journal.torn_tail);
    ASSERT_EQ(journal.events.size(), 3U);
    EXPECT_EQ(journal.events[1]["command"], "ip link set hm0a down");
    EXPECT_EQ(journal.events[2]["seq"], 2);
    EXPECT_EQ(run_header(journal)["run-id"], "run-42");
    EXPECT_FALSE(is_restored(journal));
}

TEST(ReadJournal, DropsATornLastLine)
{
    RunDirectory directory;
    directory.write_journal(three_events().str() + R"({"seq":3,"event":"comm)");

    const auto journal = read_journal(directory.path());

    EXPECT_TRUE(journal.torn_tail);
    EXPECT_EQ(journal.events.size(), 3U);
}

TEST(ReadJournal, KeepsALastLineWithoutNewlineThatIsComplete)
{
    RunDirectory directory;
    auto text = three_events().add("restore-complete", {{"failed", 0}}, 9).str();
    text.pop_back();
    directory.write_journal(text);

    const auto journal = read_journal(directory.path());

    EXPECT_FALSE(journal.torn_tail);
    EXPECT_EQ(journal.events.size(), 4U);
    EXPECT_TRUE(is_restored(journal));
}

TEST(ReadJournal, ACutLineWithItsNewlineIsNotATornTail)
{
    RunDirectory directory;
    directory.write_journal(three_events().str() + "{\"seq\":3,\"ev\n");

    const auto diagnostic = read_error(directory);

    EXPECT_EQ(diagnostic.location.rfind("line 4, column ", 0), 0U) << diagnostic.location;
    EXPECT_NE(diagnostic.message.find("invalid JSON"), std::string::npos) << diagnostic.message;
}

TEST(ReadJournal, ABadMiddleLineNamesTheFileAndTheLine)
{
    RunDirectory directory;
    auto text = three_events().str();
    text.insert(text.find('\n') + 1, "not json\n");
    directory.write_journal(text);

    const auto diagnostic = read_error(directory);

    EXPECT_EQ(diagnostic.file, directory.journal().string());
    EXPECT_EQ(diagnostic.location.rfind("line 2, column ", 0), 0U) << diagnostic.location;
    EXPECT_NE(diagnostic.message.find("invalid JSON"), std::string::npos);
}

TEST(ReadJournal, AnEmptyMiddleLineIsBad)
{
    RunDirectory directory;
    auto text = three_events().str();
    text.insert(text.find('\n') + 1, "\n");
    directory.write_journal(text);

    EXPECT_EQ(read_error(directory).location.rfind("line 2", 0), 0U);
}

TEST(ReadJournal, ALineThatIsNotAnObjectIsBad)
{
    RunDirectory directory;
    directory.write_journal(three_events().str() + "[3]\n");

    const auto diagnostic = read_error(directory);

    EXPECT_EQ(diagnostic.location, "line 4");
    EXPECT_NE(diagnostic.message.find("JSON object"), std::string::npos);
}

TEST(ReadJournal, ASeqGapNamesTheLineWhereItShows)
{
    auto events = three_events();
    events.add("command",
               {{"node-id", "dut1"}, {"tp-id", "p0"}, {"command", "ip link show"}, {"return-code", 0},
                {"response", ""}},
               7);
    auto text = events.str();
    // Drop line 3 (seq 2): line 3 now holds seq 3.
    const auto third = text.find('\n', text.find('\n') + 1) + 1;
    text.erase(third, text.find('\n', third) + 1 - third);
    RunDirectory directory;
    directory.write_journal(text);

    const auto diagnostic = read_error(directory);

    EXPECT_EQ(diagnostic.location, "line 3");
    EXPECT_NE(diagnostic.message.find("\"seq\" is 3, expected 2"), std::string::npos) << diagnostic.message;
}

TEST(ReadJournal, TheFirstEventMustBeRunStart)
{
    JournalText journal;
    journal.add("restore-complete", {{"failed", 0}}, 0);
    RunDirectory directory;
    directory.write_journal(journal.str());

    const auto diagnostic = read_error(directory);

    EXPECT_EQ(diagnostic.location, "line 1");
    EXPECT_NE(diagnostic.message.find("\"run-start\""), std::string::npos);
}

TEST(ReadJournal, ASecondRunStartIsRefused)
{
    auto journal = three_events();
    journal.add("run-start", testing::sample_run_start(), 8);
    RunDirectory directory;
    directory.write_journal(journal.str());

    EXPECT_EQ(read_error(directory).location, "line 4");
}

TEST(ReadJournal, AKnownEventWithABadFieldNamesTheField)
{
    auto journal = three_events();
    journal.add("slot-end",
                testing::slot_end_fields(testing::slot_fields(0, "flap", "link_flap", 0, 100), "MAYBE", "", "run", 0,
                                         100),
                9);
    RunDirectory directory;
    directory.write_journal(journal.str());

    const auto diagnostic = read_error(directory);

    EXPECT_EQ(diagnostic.location, "line 4");
    EXPECT_NE(diagnostic.message.find("\"slot-end\" event: \"outcome\" must be one of"), std::string::npos)
        << diagnostic.message;
}

TEST(ReadJournal, AKnownEventWithoutAFieldNamesIt)
{
    auto journal = three_events();
    journal.add("counters", {{"node-id", "dut1"}, {"tp-id", "p0"}, {"rx", {}}}, 9);
    RunDirectory directory;
    directory.write_journal(journal.str());

    EXPECT_NE(read_error(directory).message.find("\"tx\" is missing"), std::string::npos);
}

TEST(ReadJournal, ATrafficSampleRateMustBeANumber)
{
    auto journal = three_events();
    journal.add("traffic-sample",
                {{"pair-id", "pair0"}, {"operation-id", "mix"}, {"direction", "forward"}, {"tx-pps", 1.5},
                 {"rx-pps", "fast"}, {"tx-bps", 0}, {"rx-bps", 0}},
                9);
    RunDirectory directory;
    directory.write_journal(journal.str());

    const auto diagnostic = read_error(directory);

    EXPECT_EQ(diagnostic.location, "line 4");
    EXPECT_NE(diagnostic.message.find("\"rx-pps\" must be a number"), std::string::npos) << diagnostic.message;
}

TEST(ReadJournal, KeepsEventsOfKindsItDoesNotKnow)
{
    auto journal = three_events();
    journal.add("progress", {{"percent", 40}}, 9);
    RunDirectory directory;
    directory.write_journal(journal.str());

    EXPECT_EQ(read_journal(directory.path()).events.back()["percent"], 40);
}

TEST(ReadJournal, AMissingJournalNamesItsPath)
{
    RunDirectory directory;

    const auto diagnostic = read_error(directory);

    EXPECT_EQ(diagnostic.file, directory.journal().string());
    EXPECT_NE(diagnostic.message.find("no such file"), std::string::npos);
}

TEST(ReadJournal, AnEmptyJournalHasNoRunStart)
{
    RunDirectory directory;
    directory.write_journal("");

    const auto diagnostic = read_error(directory);

    EXPECT_EQ(diagnostic.location, "line 1");
    EXPECT_NE(diagnostic.message.find("empty"), std::string::npos);
}

TEST(ReadJournal, AJournalOfOnlyATornLineHasNothingToRead)
{
    RunDirectory directory;
    directory.write_journal(R"({"seq":0,"event":"run-st)");

    EXPECT_NE(read_error(directory).message.find("cut short"), std::string::npos);
}

TEST(ReadJournal, RefusesJournalsOverOneGibibyte)
{
    RunDirectory directory;
    directory.write_journal(three_events().str());
    // Sparse: no gigabyte is written.
    std::filesystem::resize_file(directory.journal(), max_journal_bytes + 1);

    const auto diagnostic = read_error(directory);

    EXPECT_NE(diagnostic.message.find("larger than 1 GiB"), std::string::npos) << diagnostic.message;
}

TEST(RunHeader, AJournalWithoutEventsHasNone)
{
    const Journal journal{"somewhere/journal.jsonl", {}, false};

    EXPECT_THROW((void)run_header(journal), InputError);
}

} // namespace
} // namespace hammer::record
