#include "src/run/tracker.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace hammer::run {
namespace {

using ::testing::HasSubstr;
using operations::Outcome;
using namespace std::chrono_literals;

Tracker two_pairs()
{
    return Tracker{{"pair0", "pair1"}, {"link_flap", "mtu_change"}, {4, 4}};
}

TEST(TrackerTest, CountsOutcomesPerPairAndOperation)
{
    auto tracker = two_pairs();
    tracker.step_finished(0, 0, Outcome::pass, 10s, 10s);
    tracker.step_finished(0, 0, Outcome::fail, 10s, 11s);
    tracker.step_finished(1, 1, Outcome::skip, 5s, 1s);
    const auto cells = tracker.summary();
    EXPECT_EQ(cells[0][0].count(Outcome::pass), 1U);
    EXPECT_EQ(cells[0][0].count(Outcome::fail), 1U);
    EXPECT_EQ(cells[0][0].actual, 21s);
    EXPECT_EQ(cells[1][1].count(Outcome::skip), 1U);
    EXPECT_EQ(cells[1][0].total(), 0U);
    EXPECT_EQ(tracker.worst(), Outcome::fail);
}

TEST(TrackerTest, NothingRunIsAPass)
{
    EXPECT_EQ(two_pairs().worst(), Outcome::pass);
}

TEST(TrackerTest, ProgressFollowsTheStepUnderWay)
{
    auto tracker = two_pairs();
    tracker.step_started(1, 1, 2, 30s, 12s);
    tracker.enter(1, Phase::verify);
    const auto progress = tracker.progress()[1];
    EXPECT_EQ(progress.operation_id, "mtu_change");
    EXPECT_EQ(progress.loop, 2U);
    EXPECT_EQ(progress.phase, Phase::verify);
    const auto line = progress_line(progress, 36s);
    EXPECT_THAT(line, HasSubstr("pair1"));
    EXPECT_THAT(line, HasSubstr("verify"));
    EXPECT_THAT(line, HasSubstr("loop 3"));
    EXPECT_THAT(line, HasSubstr("6.0/12.0"));
    EXPECT_THAT(line, HasSubstr("0/4 steps"));
}

TEST(TrackerTest, SummaryHasARowPerPairAndOperationAndATotal)
{
    auto tracker = two_pairs();
    tracker.step_finished(0, 1, Outcome::error, 10s, 12s);
    const auto table = render_summary(tracker);
    EXPECT_THAT(table, HasSubstr("pair0  mtu_change       0     0     1     0        10.0        12.0"));
    EXPECT_THAT(table, HasSubstr("all"));
    EXPECT_EQ(std::count(table.begin(), table.end(), '\n'), 1 + 4 + 1);
}

} // namespace
} // namespace hammer::run
