#include "src/common/diagnostics.hpp"
#include "src/config/run_config.hpp"
#include "src/operations/catalog.hpp"
#include "src/schedule/schedule.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace hammer::config {
namespace {

const std::filesystem::path configs_dir = HAMMER_SOURCE_ROOT "/configs";

std::vector<std::filesystem::path> example_files()
{
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator{configs_dir}) {
        if (entry.path().extension() == ".json") {
            files.push_back(entry.path());
        }
    }
    return files;
}

RunConfig load_example(const std::string& name)
{
    return load_run_config((configs_dir / name).string());
}

TEST(Examples, ThereAreExamples)
{
    EXPECT_GE(example_files().size(), 3U) << configs_dir;
}

TEST(Examples, EveryFileLoads)
{
    for (const auto& path : example_files()) {
        try {
            const auto config = load_run_config(path.string());
            EXPECT_FALSE(config.operations.empty()) << path;
        } catch (const InputError& error) {
            ADD_FAILURE() << path << ":\n" << error.what();
        }
    }
}

TEST(Examples, EveryFileSchedulesOnTwoPairs)
{
    // The loader checks each member; only the scheduler checks that the
    // duration holds every operation once with the minimum slot.
    for (const auto& path : example_files()) {
        try {
            const auto config = load_run_config(path.string());
            const auto schedule = schedule::make_schedule(config, {"pair0", "pair1"}, config.seed.value_or(1));
            EXPECT_GE(schedule.loops, 1U) << path;
        } catch (const InputError& error) {
            ADD_FAILURE() << path << ":\n" << error.what();
        }
    }
}

TEST(Examples, SmokeUsesEveryOperation)
{
    // A promise of the product: the CI run exercises every operation.
    const auto config = load_example("smoke.json");
    std::set<std::string> used;
    for (const auto& entry : config.operations) {
        used.insert(entry.name);
    }
    for (const auto& operation : operations::catalog()) {
        EXPECT_TRUE(used.contains(std::string{operation.name})) << "smoke.json lacks " << operation.name;
    }
}

TEST(Examples, SmokeIsShort)
{
    const auto config = load_example("smoke.json");
    EXPECT_LE(config.duration, std::chrono::seconds{120});
    EXPECT_TRUE(config.seed.has_value()) << "a CI run is repeatable";
}

TEST(Examples, SoakDrawsItsSeed)
{
    // Each soak is a new combination; the drawn seed is recorded in the result.
    EXPECT_FALSE(load_example("soak.json").seed.has_value());
}

} // namespace
} // namespace hammer::config
