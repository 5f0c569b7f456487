#include "pmd_ops/lcore_layout.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <string>
#include <vector>

namespace hammer::pmd_ops {
namespace {

using Cpus = std::vector<unsigned>;
using Arguments = std::vector<std::string>;

/// The --lcores argument, or the error's text as a failure.
std::string layout(const Cpus& allowed, unsigned workers, const Cpus& worker_cpus = {})
{
    auto argument = lcores_argument(allowed, workers, worker_cpus);
    if (!argument) {
        ADD_FAILURE() << argument.error().to_string();
        return {};
    }
    return argument.value();
}

// --- a count of workers ------------------------------------------------------

TEST(LcoreLayout, CountTakesTheLastCpusAndLeavesTheRestToTheMainLcore)
{
    EXPECT_EQ(layout({0, 1, 2, 3}, 1), "--lcores=0@(0,1,2),1@3");
    EXPECT_EQ(layout({0, 1, 2, 3}, 2), "--lcores=0@(0,1),1@3,2@2");
    EXPECT_EQ(layout({2, 5, 7}, 2), "--lcores=0@(2),1@7,2@5");
}

TEST(LcoreLayout, MainLcoreFloatsOverAllCpusWhenWorkersTakeThemAll)
{
    EXPECT_EQ(layout({0, 1}, 2), "--lcores=0@(0,1),1@1,2@0");
    EXPECT_EQ(layout({4}, 1), "--lcores=0@(4),1@4");
}

TEST(LcoreLayout, MoreWorkersThanCpusWrap)
{
    EXPECT_EQ(layout({0, 1}, 5), "--lcores=0@(0,1),1@1,2@0,3@1,4@0,5@1");
}

TEST(LcoreLayout, NoWorkersLeavesEveryCpuToTheMainLcore)
{
    EXPECT_EQ(layout({0, 1, 2}, 0), "--lcores=0@(0,1,2)");
}

// --- an explicit CPU list ----------------------------------------------------

TEST(LcoreLayout, ExplicitListPinsWorkerIToItsCpuInOrder)
{
    EXPECT_EQ(layout({0, 1, 2, 3, 4, 5}, 1, {4, 2}), "--lcores=0@(0,1,3,5),1@4,2@2");
}

TEST(LcoreLayout, ExplicitListIgnoresTheCount)
{
    EXPECT_EQ(layout({0, 1, 2, 3}, 7, {1}), "--lcores=0@(0,2,3),1@1");
}

TEST(LcoreLayout, ExplicitListOfEveryCpuLeavesTheMainLcoreFloating)
{
    EXPECT_EQ(layout({0, 1, 2}, 3, {2, 0, 1}), "--lcores=0@(0,1,2),1@2,2@0,3@1");
}

TEST(LcoreLayout, CpuOutsideTheAffinityMaskIsRefusedByName)
{
    const auto argument = lcores_argument({0, 1, 2, 3, 8}, 2, {2, 5});
    ASSERT_FALSE(argument.has_value());
    EXPECT_EQ(argument.error().code, EINVAL);
    EXPECT_EQ(argument.error().to_string(),
              "lcores: worker CPU 5 is not in the process's CPU affinity mask (0-3,8) (errno 22)");
}

TEST(LcoreLayout, EmptyAffinityMaskIsRefused)
{
    const auto argument = lcores_argument({}, 1, {});
    ASSERT_FALSE(argument.has_value());
    EXPECT_EQ(argument.error().code, EINVAL);
}

// --- lcores the user lays out after `--` -------------------------------------

TEST(LcoreLayout, UserGivenLcoreOptionsAreRecognised)
{
    for (const Arguments& arguments : {
             Arguments{"-l", "0-3"},
             Arguments{"-l0-3"},
             Arguments{"-c", "0xf"},
             Arguments{"-c0xf"},
             Arguments{"--lcores", "0@0,1@1"},
             Arguments{"--lcores=0@0,1@1"},
             Arguments{"--no-huge", "--lcores=(0-1)@0"},
             Arguments{"--lcore=0@0"}, // getopt_long takes an unambiguous prefix
         }) {
        EXPECT_TRUE(lays_out_lcores(arguments)) << arguments.front();
    }
}

TEST(LcoreLayout, OtherArgumentsLeaveTheLayoutToHammer)
{
    for (const Arguments& arguments : {
             Arguments{},
             Arguments{"--no-huge", "-m", "512"},
             Arguments{"--log-level=lib.eal:debug"},
             Arguments{"--legacy-mem"},
             Arguments{"-a", "0000:01:00.0"},
             Arguments{"--vdev=net_null0"},
             Arguments{"--main-lcore", "1"},
         }) {
        EXPECT_FALSE(lays_out_lcores(arguments)) << (arguments.empty() ? "(none)" : arguments.front());
    }
}

} // namespace
} // namespace hammer::pmd_ops
