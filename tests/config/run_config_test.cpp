#include "src/config/run_config.hpp"

#include "tests/config/config_builder.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace hammer::config {
namespace {

using namespace test_support;
using std::chrono::milliseconds;

// --- every member read -----------------------------------------------------

TEST(RunConfig, ReadsEveryMember)
{
    const auto config = load_text(R"({
        "$comment": "every member",
        "duration": "1h30m",
        "seed": 42,
        "mode": "pair-inclusive",
        "order": "random",
        "patterns": ["cosine", "linear-rising", "random", "flat"],
        "minimum_slot": "2s",
        "target_slot": 30,
        "max_pair_threads": 4,
        "operations": ["link_flap", {"id": "mtu", "name": "mtu_change", "params": {"mtus": [1500]}}],
        "recovery": {"up_timeout": "45s", "retries": 7, "backoff": "250ms"},
        "eal_args": ["--no-huge", "--log-level=error"],
        "lcores": "2-4,8",
        "placement": "dedicated",
        "queues": 4,
        "output": {"directory": "out/runs", "junit": false, "html": false},
        "allow_default_route_iface": true,
        "background_traffic": {"rate_pps": 20000, "frame_size": 128, "flows": 64}
    })");
    EXPECT_EQ(config.file, "c.json");
    EXPECT_EQ(config.duration, milliseconds{90 * 60 * 1000});
    EXPECT_EQ(config.seed, std::optional<std::uint64_t>{42});
    EXPECT_EQ(config.mode, Mode::pair_inclusive);
    EXPECT_EQ(config.order, Order::random);
    EXPECT_EQ(config.patterns, (std::vector{patterns::Shape::cosine, patterns::Shape::linear_rising,
                                            patterns::Shape::random, patterns::Shape::flat}));
    EXPECT_EQ(config.minimum_slot, milliseconds{2'000});
    EXPECT_EQ(config.target_slot, milliseconds{30'000});
    EXPECT_EQ(config.max_pair_threads, 4U);
    ASSERT_EQ(config.operations.size(), 2U);
    EXPECT_EQ(config.operations[0].id, "link_flap");
    EXPECT_EQ(config.operations[0].name, "link_flap");
    EXPECT_EQ(config.operations[0].pointer, "/operations/0");
    EXPECT_EQ(config.operations[1].id, "mtu");
    EXPECT_EQ(config.operations[1].name, "mtu_change");
    EXPECT_EQ(config.operations[1].params["mtus"], nlohmann::json::array({1500}));
    EXPECT_EQ(config.operations[1].pointer, "/operations/1");
    EXPECT_EQ(config.recovery.up_timeout, milliseconds{45'000});
    EXPECT_EQ(config.recovery.retries, 7U);
    EXPECT_EQ(config.recovery.backoff, milliseconds{250});
    EXPECT_EQ(config.eal_args, (std::vector<std::string>{"--no-huge", "--log-level=error"}));
    EXPECT_EQ(config.lcores.count, 4U);
    EXPECT_EQ(config.lcores.cpus, (std::vector<unsigned>{2, 3, 4, 8}));
    EXPECT_EQ(config.lcores.placement, std::optional{Placement::dedicated});
    EXPECT_EQ(config.queues, 4U);
    EXPECT_EQ(config.output.directory, "out/runs");
    EXPECT_FALSE(config.output.junit);
    EXPECT_FALSE(config.output.html);
    EXPECT_TRUE(config.allow_default_route_iface);
    ASSERT_TRUE(config.background_traffic.has_value());
    EXPECT_EQ(config.background_traffic->rate_pps, 20'000U);
    EXPECT_EQ(config.background_traffic->frame_size, 128U);
    EXPECT_EQ(config.background_traffic->flows, 64U);
}

TEST(RunConfig, DefaultsWhenAbsent)
{
    const auto config = load(minimal_config());
    EXPECT_EQ(config.duration, milliseconds{60'000});
    EXPECT_FALSE(config.seed.has_value());
    EXPECT_EQ(config.mode, Mode::pair_exclusive);
    EXPECT_EQ(config.order, Order::defined);
    EXPECT_EQ(config.patterns, std::vector{patterns::Shape::sine});
    EXPECT_EQ(config.minimum_slot, milliseconds{1'000});
    EXPECT_EQ(config.target_slot, milliseconds{10'000});
    EXPECT_EQ(config.max_pair_threads, 0U);
    EXPECT_EQ(config.recovery.up_timeout, milliseconds{20'000});
    EXPECT_EQ(config.recovery.retries, 3U);
    EXPECT_EQ(config.recovery.backoff, milliseconds{1'000});
    EXPECT_TRUE(config.eal_args.empty());
    EXPECT_EQ(config.lcores.count, 1U);
    EXPECT_TRUE(config.lcores.cpus.empty());
    EXPECT_FALSE(config.lcores.placement.has_value()) << "absent: automatic";
    EXPECT_EQ(config.queues, 1U);
    EXPECT_EQ(config.output.directory, "results");
    EXPECT_TRUE(config.output.junit);
    EXPECT_TRUE(config.output.html);
    EXPECT_FALSE(config.allow_default_route_iface);
    EXPECT_FALSE(config.background_traffic.has_value()) << "absent: control steps run without traffic";
    auto document = minimal_config();
    document["background_traffic"] = nlohmann::json::object();
    const auto defaults = load(document);
    ASSERT_TRUE(defaults.background_traffic.has_value());
    EXPECT_EQ(defaults.background_traffic->rate_pps, 10'000U);
    EXPECT_EQ(defaults.background_traffic->frame_size, 64U);
    EXPECT_EQ(defaults.background_traffic->flows, 0U);
}

TEST(RunConfig, EmptyRecoveryAndOutputKeepTheirDefaults)
{
    auto document = minimal_config();
    document["recovery"] = json::object();
    document["output"] = {{"junit", false}};
    const auto config = load(document);
    EXPECT_EQ(config.recovery.up_timeout, milliseconds{20'000});
    EXPECT_EQ(config.recovery.retries, 3U);
    EXPECT_EQ(config.recovery.backoff, milliseconds{1'000});
    EXPECT_EQ(config.output.directory, "results");
    EXPECT_FALSE(config.output.junit);
    EXPECT_TRUE(config.output.html);
}

TEST(RunConfig, DurationForms)
{
    const std::pair<json, milliseconds> cases[] = {
        {90, milliseconds{90'000}},          {2.5, milliseconds{2'500}},
        {0.001, milliseconds{1}},            {"90s", milliseconds{90'000}},
        {"15m", milliseconds{900'000}},      {"2h", milliseconds{7'200'000}},
        {"1h30m", milliseconds{5'400'000}},  {"250ms", milliseconds{250}},
        {"1m30s", milliseconds{90'000}},     {"720h", max_duration},
    };
    for (const auto& [value, expected] : cases) {
        auto document = minimal_config();
        document["duration"] = value;
        EXPECT_EQ(load(document).duration, expected) << value.dump();
    }
}

TEST(RunConfig, SeedLimits)
{
    auto document = minimal_config();
    document["seed"] = 0;
    EXPECT_EQ(load(document).seed, std::optional<std::uint64_t>{0});

    // 2^64 - 1 is written in the file as digits, not as a double.
    const auto config = load_text(R"({"duration": 60, "operations": ["link_flap"], "seed": 18446744073709551615})");
    EXPECT_EQ(config.seed, std::optional<std::uint64_t>{std::numeric_limits<std::uint64_t>::max()});
}

TEST(RunConfig, ModeAndOrderValues)
{
    auto document = minimal_config();
    document["mode"] = "pair-exclusive";
    document["order"] = "defined";
    auto config = load(document);
    EXPECT_EQ(config.mode, Mode::pair_exclusive);
    EXPECT_EQ(config.order, Order::defined);

    document["mode"] = "pair-inclusive";
    document["order"] = "random";
    config = load(document);
    EXPECT_EQ(config.mode, Mode::pair_inclusive);
    EXPECT_EQ(config.order, Order::random);
}

TEST(RunConfig, ModeAndOrderNamesRoundTrip)
{
    EXPECT_EQ(to_string(Mode::pair_exclusive), "pair-exclusive");
    EXPECT_EQ(to_string(Mode::pair_inclusive), "pair-inclusive");
    EXPECT_EQ(to_string(Order::defined), "defined");
    EXPECT_EQ(to_string(Order::random), "random");
}

TEST(RunConfig, EveryShapeNameIsAPattern)
{
    auto document = minimal_config();
    document["patterns"] = json::array();
    for (const auto shape : patterns::all_shapes()) {
        document["patterns"].push_back(std::string{patterns::shape_name(shape)});
    }
    const auto config = load(document);
    EXPECT_EQ(config.patterns, (std::vector<patterns::Shape>{patterns::all_shapes().begin(),
                                                             patterns::all_shapes().end()}));
}

TEST(RunConfig, PatternsMayRepeat)
{
    auto document = minimal_config();
    document["patterns"] = {"square", "square", "sine"};
    EXPECT_EQ(load(document).patterns,
              (std::vector{patterns::Shape::square, patterns::Shape::square, patterns::Shape::sine}));
}

TEST(RunConfig, SlotsAcceptNumbersAndStrings)
{
    auto document = minimal_config();
    document["minimum_slot"] = 0;
    document["target_slot"] = "1m30s";
    auto config = load(document);
    EXPECT_EQ(config.minimum_slot, milliseconds{0});
    EXPECT_EQ(config.target_slot, milliseconds{90'000});

    // Equal is fine: only a minimum above the target is refused.
    document["minimum_slot"] = "5s";
    document["target_slot"] = 5;
    config = load(document);
    EXPECT_EQ(config.minimum_slot, milliseconds{5'000});
    EXPECT_EQ(config.target_slot, milliseconds{5'000});
}

TEST(RunConfig, MaxPairThreadsLimits)
{
    auto document = minimal_config();
    document["max_pair_threads"] = 0;
    EXPECT_EQ(load(document).max_pair_threads, 0U);
    document["max_pair_threads"] = 4096;
    EXPECT_EQ(load(document).max_pair_threads, 4096U);
}

TEST(RunConfig, LcoresAsACount)
{
    auto document = minimal_config();
    for (const unsigned count : {1U, 6U, max_lcores}) {
        document["lcores"] = count;
        const auto config = load(document);
        EXPECT_EQ(config.lcores.count, count);
        EXPECT_TRUE(config.lcores.cpus.empty());
    }
    document["lcores"] = 3.0; // a whole number written with a fraction
    EXPECT_EQ(load(document).lcores.count, 3U);
}

TEST(RunConfig, LcoresAsAnArrayOfCpusKeepsTheirOrder)
{
    auto document = minimal_config();
    document["lcores"] = {7, 0, 3, max_cpu_id};
    const auto config = load(document);
    EXPECT_EQ(config.lcores.cpus, (std::vector<unsigned>{7, 0, 3, max_cpu_id}));
    EXPECT_EQ(config.lcores.count, 4U);
}

TEST(RunConfig, LcoresAsACpuList)
{
    const std::pair<const char*, std::vector<unsigned>> cases[] = {
        {"2-5,8", {2, 3, 4, 5, 8}}, {"0", {0}},     {"4-4", {4}},
        {"9,1-2", {9, 1, 2}},       {"007", {7}},   {"1020-1023", {1020, 1021, 1022, 1023}},
    };
    for (const auto& [text, cpus] : cases) {
        auto document = minimal_config();
        document["lcores"] = text;
        const auto config = load(document);
        EXPECT_EQ(config.lcores.cpus, cpus) << text;
        EXPECT_EQ(config.lcores.count, cpus.size()) << text;
    }
}

TEST(RunConfig, PlacementAndQueues)
{
    auto document = minimal_config();
    document["placement"] = "shared";
    document["queues"] = 64;
    auto config = load(document);
    EXPECT_EQ(config.lcores.placement, std::optional{Placement::shared});
    EXPECT_EQ(config.queues, 64U);
    document["placement"] = "dedicated";
    document["queues"] = 1;
    config = load(document);
    EXPECT_EQ(config.lcores.placement, std::optional{Placement::dedicated});
    EXPECT_EQ(config.queues, 1U);
    EXPECT_EQ(to_string(Placement::dedicated), "dedicated");
    EXPECT_EQ(to_string(Placement::shared), "shared");
}

TEST(RunConfig, OverrideReplacesWhatTheFileSays)
{
    auto document = minimal_config();
    document["lcores"] = {1, 2};
    document["placement"] = "dedicated";
    document["queues"] = 2;
    auto config = load(document);

    override_member(config, "lcores", 3, "--lcores");
    EXPECT_EQ(config.lcores.count, 3U);
    EXPECT_TRUE(config.lcores.cpus.empty()) << "a count replaces the file's CPU list";
    EXPECT_EQ(config.lcores.placement, std::optional{Placement::dedicated}) << "placement is its own member";

    override_member(config, "lcores", "6-7", "--lcores");
    EXPECT_EQ(config.lcores.cpus, (std::vector<unsigned>{6, 7}));
    EXPECT_EQ(config.lcores.count, 2U);

    override_member(config, "placement", "shared", "--placement");
    EXPECT_EQ(config.lcores.placement, std::optional{Placement::shared});
    override_member(config, "queues", 8, "--queues");
    EXPECT_EQ(config.queues, 8U);
    EXPECT_THROW(override_member(config, "duration", 5, "--duration"), std::invalid_argument);
}

TEST(RunConfig, ParseCpuListDirectly)
{
    std::string problem;
    EXPECT_EQ(parse_cpu_list("0-2,5", problem), (std::optional{std::vector<unsigned>{0, 1, 2, 5}}));
    EXPECT_TRUE(problem.empty());
    EXPECT_FALSE(parse_cpu_list("2-", problem).has_value());
    EXPECT_NE(problem.find("\"2-\" is neither a CPU id nor a range"), std::string::npos) << problem;
}

TEST(RunConfig, RecoveryLimits)
{
    auto document = minimal_config();
    document["recovery"] = {{"up_timeout", "100ms"}, {"retries", 0}, {"backoff", 0}};
    auto config = load(document);
    EXPECT_EQ(config.recovery.up_timeout, milliseconds{100});
    EXPECT_EQ(config.recovery.retries, 0U);
    EXPECT_EQ(config.recovery.backoff, milliseconds{0});

    document["recovery"] = {{"up_timeout", "1h"}, {"retries", 100}, {"backoff", "10m"}};
    config = load(document);
    EXPECT_EQ(config.recovery.up_timeout, milliseconds{3'600'000});
    EXPECT_EQ(config.recovery.retries, 100U);
    EXPECT_EQ(config.recovery.backoff, milliseconds{600'000});
}

TEST(RunConfig, CommentAllowedAtTopAndInOperations)
{
    auto document = config_with_operations(
        json::array({{{"$comment", "why this one"}, {"name", "ring_change"}}}));
    document["$comment"] = {{"free", "form"}};
    const auto config = load(document);
    ASSERT_EQ(config.operations.size(), 1U);
    EXPECT_EQ(config.operations[0].name, "ring_change");
}

// --- parse_duration --------------------------------------------------------

std::optional<milliseconds> parsed(const json& value)
{
    return parse_duration(value);
}

TEST(ParseDuration, Numbers)
{
    EXPECT_EQ(parsed(0), milliseconds{0});
    EXPECT_EQ(parsed(90), milliseconds{90'000});
    EXPECT_EQ(parsed(1.5), milliseconds{1'500});
    EXPECT_EQ(parsed(0.0004), milliseconds{0}); // kept to the millisecond
    EXPECT_EQ(parsed(1e12), milliseconds{1'000'000'000'000'000}); // the largest number accepted
}

TEST(ParseDuration, Strings)
{
    EXPECT_EQ(parsed("90s"), milliseconds{90'000});
    EXPECT_EQ(parsed("15m"), milliseconds{900'000});
    EXPECT_EQ(parsed("2h"), milliseconds{7'200'000});
    EXPECT_EQ(parsed("1h30m"), milliseconds{5'400'000});
    EXPECT_EQ(parsed("250ms"), milliseconds{250});
    EXPECT_EQ(parsed("1m30s"), milliseconds{90'000});
    EXPECT_EQ(parsed("2.5s"), milliseconds{2'500});
    EXPECT_EQ(parsed("1h2m3s4ms"), milliseconds{3'723'004});
    EXPECT_EQ(parsed("0s"), milliseconds{0});
    EXPECT_EQ(parsed("007s"), milliseconds{7'000});
}

TEST(ParseDuration, RefusesMalformedStrings)
{
    for (const char* text : {"", "10", "s", "ms", "1x", "1d", "1S", "1H", " 1s", "1s ", "1 s", "-1s", "+1s", "1e3s",
                             "1h30", "30m1h", "1s1m", "250ms1s", "1h1h", "1m1m", "1s1s", "1ms1ms", "h1"}) {
        EXPECT_EQ(parsed(text), std::nullopt) << '"' << text << '"';
    }
}

TEST(ParseDuration, RefusesNonDurations)
{
    EXPECT_EQ(parsed(-1), std::nullopt);
    EXPECT_EQ(parsed(-0.5), std::nullopt);
    EXPECT_EQ(parsed(std::numeric_limits<double>::quiet_NaN()), std::nullopt);
    EXPECT_EQ(parsed(std::numeric_limits<double>::infinity()), std::nullopt);
    EXPECT_EQ(parsed(json{}), std::nullopt);
    EXPECT_EQ(parsed(true), std::nullopt);
    EXPECT_EQ(parsed(json::array({1})), std::nullopt);
    EXPECT_EQ(parsed(json::object()), std::nullopt);
    EXPECT_EQ(parsed("NaN"), std::nullopt);
    EXPECT_EQ(parsed("nans"), std::nullopt);
    EXPECT_EQ(parsed("infs"), std::nullopt);
}

TEST(ParseDuration, RefusesHugeValues)
{
    EXPECT_EQ(parsed(1.1e12), std::nullopt);
    EXPECT_EQ(parsed(1e300), std::nullopt);
    EXPECT_EQ(parsed(std::numeric_limits<std::uint64_t>::max()), std::nullopt);
    EXPECT_EQ(parsed("9999999999999999s"), std::nullopt);  // more than 15 digits
    EXPECT_EQ(parsed("999999999999999h"), std::nullopt);   // over 10^15 ms
    EXPECT_EQ(parsed(std::string(400, '9') + "s"), std::nullopt);
}

TEST(ParseDuration, RefusesANumberWithTwoDecimalPoints)
{
    EXPECT_EQ(parsed("1.5.2s"), std::nullopt);
    EXPECT_EQ(parsed("1..s"), std::nullopt);
}

TEST(ParseDuration, RefusesADotWithoutDigits)
{
    EXPECT_EQ(parsed(".s"), std::nullopt);
    EXPECT_EQ(parsed("1h.m"), std::nullopt);
    auto document = minimal_config();
    document["duration"] = ".s";
    EXPECT_TRUE(is_single_error(load_errors(document), "/duration", "expected a duration"));
}

} // namespace
} // namespace hammer::config
