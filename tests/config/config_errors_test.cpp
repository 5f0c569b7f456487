#include "src/config/run_config.hpp"
#include "src/operations/catalog.hpp"

#include "tests/config/config_builder.hpp"

#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <utility>

namespace hammer::config {
namespace {

using namespace test_support;

/// minimal_config() with `key` set to `value`.
json with(const std::string& key, json value)
{
    auto config = minimal_config();
    config[key] = std::move(value);
    return config;
}

/// The catalog's operation names, as the loader lists them.
std::string known_operations()
{
    std::string known;
    for (const auto& operation : operations::catalog()) {
        known += (known.empty() ? "" : ", ") + std::string{operation.name};
    }
    return known;
}

// --- the document ----------------------------------------------------------

TEST(ConfigErrors, RootNotAnObject)
{
    for (const char* text : {"[]", "\"60s\"", "60", "null"}) {
        try {
            (void)load_text(text);
            ADD_FAILURE() << text << " loaded";
        } catch (const InputError& error) {
            EXPECT_TRUE(is_single_error(error.diagnostics(), "", "expected an object, found")) << text;
        }
    }
}

TEST(ConfigErrors, UnknownTopLevelMemberNamesTheKnownOnes)
{
    auto document = minimal_config();
    document["durations"] = document["duration"];
    document.erase("duration");
    const auto errors = load_errors(document);
    EXPECT_EQ(errors.size(), 2U) << lines_of(errors);
    EXPECT_TRUE(has_error(errors, "/duration", "required member is missing"));
    EXPECT_TRUE(has_error(errors, "/durations",
                          "unknown member \"durations\" (expected one of: $comment, allow_default_route_iface, "
                          "background_traffic, duration, eal_args, lcores, max_pair_threads, minimum_slot, mode, "
                          "operations, order, output, patterns, placement, queues, recovery, seed, target_slot)"));
}

// --- duration --------------------------------------------------------------

TEST(ConfigErrors, MissingDuration)
{
    auto document = minimal_config();
    document.erase("duration");
    EXPECT_TRUE(is_single_error(load_errors(document), "/duration", "required member is missing"));
}

TEST(ConfigErrors, DurationZero)
{
    EXPECT_TRUE(is_single_error(load_errors(with("duration", 0)), "/duration",
                                "duration 0 ms is out of range (1 ms to 2592000000 ms)"));
    EXPECT_TRUE(is_single_error(load_errors(with("duration", "0s")), "/duration", "duration 0 ms is out of range"));
    // Less than half a millisecond rounds to nothing.
    EXPECT_TRUE(is_single_error(load_errors(with("duration", 0.0004)), "/duration", "duration 0 ms is out of range"));
}

TEST(ConfigErrors, DurationNegative)
{
    EXPECT_TRUE(is_single_error(load_errors(with("duration", -5)), "/duration",
                                "expected a duration (seconds as a number, or a string such as \"90s\", \"15m\", "
                                "\"2h\", \"1h30m\"), found a number (-5)"));
    EXPECT_TRUE(is_single_error(load_errors(with("duration", "-5s")), "/duration", "expected a duration"));
}

TEST(ConfigErrors, DurationOverThirtyDays)
{
    EXPECT_TRUE(is_single_error(load_errors(with("duration", "721h")), "/duration",
                                "duration 2595600000 ms is out of range (1 ms to 2592000000 ms)"));
    EXPECT_TRUE(is_single_error(load_errors(with("duration", 2592000.001)), "/duration",
                                "duration 2592000001 ms is out of range"));
}

TEST(ConfigErrors, DurationBadString)
{
    EXPECT_TRUE(is_single_error(load_errors(with("duration", "ten minutes")), "/duration",
                                "expected a duration (seconds as a number, or a string such as \"90s\", \"15m\", "
                                "\"2h\", \"1h30m\"), found a string (\"ten minutes\")"));
    EXPECT_TRUE(is_single_error(load_errors(with("duration", "30m1h")), "/duration", "found a string (\"30m1h\")"));
    EXPECT_TRUE(is_single_error(load_errors(with("duration", "60")), "/duration", "found a string (\"60\")"));
}

TEST(ConfigErrors, DurationWrongType)
{
    EXPECT_TRUE(is_single_error(load_errors(with("duration", true)), "/duration",
                                "expected a duration (seconds as a number, or a string such as \"90s\", \"15m\", "
                                "\"2h\", \"1h30m\"), found a boolean (true)"));
    EXPECT_TRUE(is_single_error(load_errors(with("duration", json::array({60}))), "/duration", "found an array"));
}

// --- seed ------------------------------------------------------------------

TEST(ConfigErrors, SeedNegative)
{
    EXPECT_TRUE(is_single_error(load_errors(with("seed", -1)), "/seed",
                                "a seed is an integer from 0 to 18446744073709551615, found a number (-1)"));
}

TEST(ConfigErrors, SeedFractional)
{
    EXPECT_TRUE(is_single_error(load_errors(with("seed", 1.5)), "/seed", "expected an integer, found a number (1.5)"));
}

TEST(ConfigErrors, SeedWholeNumberWithAFractionIsRefused)
{
    // Unlike integer parameters, a seed must be written as digits: 5.0 (a
    // double) is refused, so that no seed is ever rounded on its way in.
    EXPECT_TRUE(is_single_error(load_errors(with("seed", 5.0)), "/seed",
                                "a seed is an integer from 0 to 18446744073709551615, found a number (5.0)"));
}

TEST(ConfigErrors, SeedString)
{
    EXPECT_TRUE(
        is_single_error(load_errors(with("seed", "42")), "/seed", "expected an integer, found a string (\"42\")"));
}

TEST(ConfigErrors, SeedAbove64Bits)
{
    try {
        (void)load_text(R"({"duration": 60, "operations": ["link_flap"], "seed": 18446744073709551616})");
        FAIL() << "loaded";
    } catch (const InputError& error) {
        EXPECT_TRUE(is_single_error(error.diagnostics(), "/seed", "a seed is an integer from 0 to 18446744073709551615"));
    }
}

// --- mode, order, patterns -------------------------------------------------

TEST(ConfigErrors, UnknownModeListsTheAllowedOnes)
{
    EXPECT_TRUE(is_single_error(load_errors(with("mode", "pair_exclusive")), "/mode",
                                "unknown value \"pair_exclusive\" (expected one of: \"pair-exclusive\", "
                                "\"pair-inclusive\")"));
    EXPECT_TRUE(is_single_error(load_errors(with("mode", 1)), "/mode", "expected a string, found a number (1)"));
}

TEST(ConfigErrors, UnknownOrderListsTheAllowedOnes)
{
    EXPECT_TRUE(is_single_error(load_errors(with("order", "shuffled")), "/order",
                                "unknown value \"shuffled\" (expected one of: \"defined\", \"random\")"));
}

TEST(ConfigErrors, PatternsEmpty)
{
    EXPECT_TRUE(is_single_error(load_errors(with("patterns", json::array())), "/patterns", "give 1 to 64 pattern names"));
}

TEST(ConfigErrors, PatternsTooMany)
{
    EXPECT_TRUE(is_single_error(load_errors(with("patterns", json(std::vector<std::string>(65, "sine")))),
                                "/patterns", "give 1 to 64 pattern names"));
}

TEST(ConfigErrors, PatternsNotAnArray)
{
    EXPECT_TRUE(is_single_error(load_errors(with("patterns", "sine")), "/patterns",
                                "expected an array, found a string (\"sine\")"));
}

TEST(ConfigErrors, UnknownPatternNamesTheKnownOnes)
{
    EXPECT_TRUE(is_single_error(load_errors(with("patterns", {"sine", "Sine"})), "/patterns/1",
                                "unknown pattern \"Sine\" (known: flat, linear-rising, linear-falling, sine, cosine, "
                                "exponential-growth, exponential-decay, sawtooth, square, random)"));
    EXPECT_TRUE(is_single_error(load_errors(with("patterns", {"linear_rising"})), "/patterns/0",
                                "unknown pattern \"linear_rising\""));
}

TEST(ConfigErrors, PatternNotAString)
{
    EXPECT_TRUE(is_single_error(load_errors(with("patterns", {"sine", 3})), "/patterns/1",
                                "expected a string, found a number (3)"));
}

// --- slots and threads -----------------------------------------------------

TEST(ConfigErrors, MinimumSlotLongerThanTargetSlot)
{
    EXPECT_TRUE(is_single_error(load_errors(with("minimum_slot", "20s")), "/minimum_slot",
                                "minimum_slot (20000 ms) is longer than target_slot (10000 ms)"));
}

TEST(ConfigErrors, SlotsOutOfRange)
{
    EXPECT_TRUE(is_single_error(load_errors(with("target_slot", 0)), "/target_slot",
                                "duration 0 ms is out of range (1 ms to 2592000000 ms)"));
    EXPECT_TRUE(is_single_error(load_errors(with("minimum_slot", "1s1s")), "/minimum_slot", "expected a duration"));
}

TEST(ConfigErrors, MaxPairThreadsNegative)
{
    EXPECT_TRUE(
        is_single_error(load_errors(with("max_pair_threads", -1)), "/max_pair_threads", "must be 0 to 4096, found -1"));
}

TEST(ConfigErrors, MaxPairThreadsTooBig)
{
    EXPECT_TRUE(is_single_error(load_errors(with("max_pair_threads", 4097)), "/max_pair_threads",
                                "must be 0 to 4096, found 4097"));
    EXPECT_TRUE(is_single_error(load_errors(with("max_pair_threads", 2.5)), "/max_pair_threads",
                                "expected an integer, found a number (2.5)"));
}

// --- the operation map -----------------------------------------------------

TEST(ConfigErrors, OperationsMissing)
{
    auto document = minimal_config();
    document.erase("operations");
    EXPECT_TRUE(is_single_error(load_errors(document), "/operations", "required member is missing"));
}

TEST(ConfigErrors, OperationsEmpty)
{
    EXPECT_TRUE(is_single_error(load_errors(config_with_operations(json::array())), "/operations",
                                "the operation map needs 1 to 256 operations"));
}

TEST(ConfigErrors, OperationsTooMany)
{
    json operations = json::array();
    for (int i = 0; i < 257; ++i) {
        operations.push_back("stats_snapshot");
    }
    EXPECT_TRUE(is_single_error(load_errors(config_with_operations(operations)), "/operations",
                                "the operation map needs 1 to 256 operations"));
}

TEST(ConfigErrors, OperationsNotAnArray)
{
    EXPECT_TRUE(is_single_error(load_errors(config_with_operations({{"link_flap", json::object()}})), "/operations",
                                "expected an array, found an object"));
    EXPECT_TRUE(is_single_error(load_errors(config_with_operations("link_flap")), "/operations",
                                "expected an array, found a string (\"link_flap\")"));
}

TEST(ConfigErrors, UnknownOperationNamesTheKnownOnes)
{
    const auto errors =
        load_errors(config_with_operations(json::array({"link_flap", "mtu_change", {{"name", "link_flop"}}})));
    EXPECT_TRUE(is_single_error(errors, "/operations/2/name",
                                "unknown operation \"link_flop\" (known: " + known_operations() + ")"));
}

TEST(ConfigErrors, UnknownBareOperationPointsAtTheEntry)
{
    EXPECT_TRUE(is_single_error(load_errors(config_with_operations(json::array({"link_flop"}))), "/operations/0",
                                "unknown operation \"link_flop\""));
}

TEST(ConfigErrors, OperationEntryNeitherNameNorObject)
{
    EXPECT_TRUE(is_single_error(load_errors(config_with_operations(json::array({42}))), "/operations/0",
                                "expected an object, found a number (42)"));
}

TEST(ConfigErrors, OperationEntryWithoutName)
{
    EXPECT_TRUE(is_single_error(load_errors(config_with_operations(json::array({{{"params", json::object()}}}))),
                                "/operations/0/name", "required member is missing"));
    EXPECT_TRUE(is_single_error(load_errors(config_with_operations(json::array({{{"name", 7}}}))),
                                "/operations/0/name", "expected a string, found a number (7)"));
}

TEST(ConfigErrors, UnknownMemberInOperationEntry)
{
    const auto operations = json::array({{{"name", "link_flap"}, {"parms", {{"down_seconds", 1}}}}});
    EXPECT_TRUE(is_single_error(load_errors(config_with_operations(operations)), "/operations/0/parms",
                                "unknown member \"parms\" (expected one of: $comment, id, name, params)"));
}

TEST(ConfigErrors, ParamsNotAnObject)
{
    EXPECT_TRUE(is_single_error(load_errors(config_with_params("link_flap", json::array({2}))),
                                "/operations/0/params", "expected an object, found an array"));
}

TEST(ConfigErrors, UnknownParameterNamesWhatItTakes)
{
    EXPECT_TRUE(is_single_error(load_errors(config_with_params("link_flap", {{"bogus", 1}})),
                                "/operations/0/params/bogus",
                                "operation link_flap has no parameter \"bogus\" (it takes: down_seconds)"));
    EXPECT_TRUE(is_single_error(load_errors(config_with_params("traffic_mix", {{"size", 64}})),
                                "/operations/0/params/size",
                                "(it takes: frame_size, rate_pps, rate_percent, flows, unicast_weight, "
                                "multicast_weight, broadcast_weight, frame_sizes, imix, vlan, qinq, ip_version)"));
}

TEST(ConfigErrors, FrameSizesAndImixAreChecked)
{
    const auto error_of = [](const json& params) { return load_errors(config_with_params("traffic_mix", params)); };
    EXPECT_TRUE(is_single_error(error_of({{"frame_sizes", {64, 59}}}), "/operations/0/params/frame_sizes/1",
                                "frame_sizes must be 60 to 9216, found 59"));
    EXPECT_TRUE(is_single_error(error_of({{"imix", "yes"}}), "/operations/0/params/imix",
                                "imix must be true, false or an object"));
    EXPECT_TRUE(is_single_error(error_of({{"imix", {{"sizes", {64, 1500}}, {"weights", {7}}}}}),
                                "/operations/0/params/imix/weights", "one weight per size: 2 sizes, 1 weights"));
    EXPECT_TRUE(is_single_error(error_of({{"imix", {{"sizes", {64}}, {"weights", {0}}}}}),
                                "/operations/0/params/imix/weights/0", "weight must be 1 to 1000, found 0"));
    EXPECT_TRUE(is_single_error(error_of({{"imix", {{"sizes", {64}}}}}), "/operations/0/params/imix/weights",
                                "imix needs \"weights\""));
    EXPECT_TRUE(is_single_error(error_of({{"imix", {{"sizes", {64}}, {"weights", {1}}, {"seed", 1}}}}),
                                "/operations/0/params/imix/seed", "imix has no member \"seed\""));
    EXPECT_TRUE(is_single_error(load_errors(config_with_params("mrr", {{"imix", {{"sizes", {1518}}, {"weights", {1}}}}})),
                                "/operations/0/params/imix/sizes/0", "imix must be 60 to 1514, found 1518"));
    EXPECT_TRUE(is_single_error(error_of({{"imix", true}, {"frame_sizes", {64}}}), "/operations/0/params/imix",
                                "imix and frame_sizes exclude each other"));
    EXPECT_NO_THROW(std::ignore = load(config_with_params("traffic_mix", {{"imix", false}, {"frame_sizes", {64}}})));
}

TEST(ConfigErrors, FrameHeadersAreChecked)
{
    const auto error_of = [](const json& params) { return load_errors(config_with_params("payload_baseline", params)); };
    EXPECT_TRUE(is_single_error(error_of({{"vlan", 4095}}), "/operations/0/params/vlan",
                                "vlan must be 0 to 4094, found 4095"));
    EXPECT_TRUE(is_single_error(error_of({{"qinq", {100}}}), "/operations/0/params/qinq",
                                "qinq must list exactly 2 values, found 1"));
    EXPECT_TRUE(is_single_error(error_of({{"qinq", {100, 0}}}), "/operations/0/params/qinq/1",
                                "qinq must be 1 to 4094, found 0"));
    EXPECT_TRUE(is_single_error(error_of({{"ip_version", 5}}), "/operations/0/params/ip_version",
                                "ip_version must be one of 4, 6, found 5"));
    EXPECT_TRUE(is_single_error(error_of({{"vlan", 10}, {"qinq", {100, 200}}}), "/operations/0/params/qinq",
                                "qinq and vlan exclude each other"));
    const auto config = load(config_with_params("payload_baseline", {{"qinq", {100, 200}}, {"ip_version", 6}}));
    EXPECT_EQ(config.operations[0].params["qinq"], json::array({100, 200}));
    EXPECT_EQ(config.operations[0].params["ip_version"], 6);
    EXPECT_TRUE(config.operations[0].params["vlan"].is_null()) << "not given: the topology decides";
}

TEST(ConfigErrors, UnknownParameterPointerIsEscaped)
{
    // RFC 6901: '/' in a key is written ~1, '~' is written ~0.
    EXPECT_TRUE(is_single_error(load_errors(config_with_params("link_flap", {{"down/up~", 1}})),
                                "/operations/0/params/down~1up~0", "has no parameter \"down/up~\""));
}

TEST(ConfigErrors, ParametersOutOfOrder)
{
    // Named at the parameter the config gave, the larger one when it gave both.
    EXPECT_TRUE(is_single_error(load_errors(config_with_params("throughput_search", {{"ndr_loss", 0.01}})),
                                "/operations/0/params/ndr_loss", "pdr_loss (0.005) must be at least ndr_loss (0.01)"));
    EXPECT_TRUE(is_single_error(
        load_errors(config_with_params("throughput_search", {{"min_rate_pps", 5000}, {"max_rate_pps", 5000}})),
        "/operations/0/params/max_rate_pps", "max_rate_pps (5000) must be above min_rate_pps (5000)"));
    EXPECT_TRUE(is_single_error(load_errors(config_with_params("throughput_search", {{"initial_trial_seconds", 2.0}})),
                                "/operations/0/params/initial_trial_seconds",
                                "trial_seconds (1) must be at least initial_trial_seconds (2)"));
    // 0 leaves the maximum to the link speed: any minimum goes.
    EXPECT_NO_THROW(std::ignore = load(config_with_params("throughput_search", {{"min_rate_pps", 5000}})));
}

TEST(ConfigErrors, ParameterWrongType)
{
    // Parameters in seconds are numbers: the duration strings are for the top level only.
    EXPECT_TRUE(is_single_error(load_errors(config_with_params("link_flap", {{"down_seconds", "2s"}})),
                                "/operations/0/params/down_seconds", "expected a number, found a string (\"2s\")"));
    EXPECT_TRUE(is_single_error(load_errors(config_with_params("mtu_change", {{"include_device_max", "yes"}})),
                                "/operations/0/params/include_device_max",
                                "expected a boolean, found a string (\"yes\")"));
    EXPECT_TRUE(is_single_error(load_errors(config_with_params("traffic_mix", {{"frame_size", 64.5}})),
                                "/operations/0/params/frame_size", "expected an integer, found a number (64.5)"));
    EXPECT_TRUE(is_single_error(load_errors(config_with_params("payload_baseline", {{"payload", 1}})),
                                "/operations/0/params/payload", "expected a string, found a number (1)"));
}

TEST(ConfigErrors, ParameterOutOfRange)
{
    EXPECT_TRUE(is_single_error(load_errors(config_with_params("traffic_mix", {{"frame_size", 10}})),
                                "/operations/0/params/frame_size", "frame_size must be 60 to 9216, found 10"));
    EXPECT_TRUE(is_single_error(load_errors(config_with_params("link_flap", {{"down_seconds", 0.05}})),
                                "/operations/0/params/down_seconds", "down_seconds must be 0.1 to 3600, found 0.05"));
    EXPECT_TRUE(is_single_error(load_errors(config_with_params("traffic_mix", {{"rate_pps", -1}})),
                                "/operations/0/params/rate_pps", "rate_pps must be 0 to 1000000000, found -1"));
}

TEST(ConfigErrors, EveryBadParameterOfOneEntryIsReported)
{
    const auto errors = load_errors(config_with_params("traffic_mix", {{"frame_size", 10}, {"rate_pps", "fast"}}));
    EXPECT_EQ(errors.size(), 2U) << lines_of(errors);
    EXPECT_TRUE(has_error(errors, "/operations/0/params/frame_size", "frame_size must be 60 to 9216"));
    EXPECT_TRUE(has_error(errors, "/operations/0/params/rate_pps", "expected an integer"));
}

TEST(ConfigErrors, IntegerListBadElement)
{
    EXPECT_TRUE(is_single_error(load_errors(config_with_params("mtu_change", {{"mtus", {1500, 10}}})),
                                "/operations/0/params/mtus/1", "mtus must be 68 to 65535, found 10"));
    EXPECT_TRUE(is_single_error(load_errors(config_with_params("mtu_change", {{"mtus", {1500, "9000"}}})),
                                "/operations/0/params/mtus/1", "expected an integer, found a string (\"9000\")"));
}

TEST(ConfigErrors, IntegerListEveryBadElementReported)
{
    const auto errors = load_errors(config_with_params("ring_change", {{"sizes", {0, 512, 70000}}}));
    EXPECT_EQ(errors.size(), 2U) << lines_of(errors);
    EXPECT_TRUE(has_error(errors, "/operations/0/params/sizes/0", "sizes must be 1 to 65536, found 0"));
    EXPECT_TRUE(has_error(errors, "/operations/0/params/sizes/2", "sizes must be 1 to 65536, found 70000"));
}

TEST(ConfigErrors, IntegerListEmpty)
{
    EXPECT_TRUE(is_single_error(load_errors(config_with_params("mtu_change", {{"mtus", json::array()}})),
                                "/operations/0/params/mtus", "mtus must list at least one value"));
}

TEST(ConfigErrors, IntegerListNotAList)
{
    EXPECT_TRUE(is_single_error(load_errors(config_with_params("mtu_change", {{"mtus", 1500}})),
                                "/operations/0/params/mtus", "expected an array, found a number (1500)"));
}

TEST(ConfigErrors, ChoiceUnknownValue)
{
    EXPECT_TRUE(is_single_error(load_errors(config_with_params("payload_baseline", {{"payload", "zeros"}})),
                                "/operations/0/params/payload",
                                "unknown payload \"zeros\" (expected one of: \"fixed\", \"incrementing\", "
                                "\"random\")"));
}

TEST(ConfigErrors, DuplicateExplicitId)
{
    const auto operations =
        json::array({{{"id", "a"}, {"name", "link_flap"}}, {{"id", "a"}, {"name", "mtu_change"}}});
    EXPECT_TRUE(is_single_error(load_errors(config_with_operations(operations)), "/operations/1/id",
                                "duplicate operation id \"a\" (first at /operations/0/id)"));
}

TEST(ConfigErrors, ExplicitIdClashesWithADefaultId)
{
    const auto operations = json::array({"link_flap", {{"id", "link_flap"}, {"name", "mtu_change"}}});
    EXPECT_TRUE(is_single_error(load_errors(config_with_operations(operations)), "/operations/1/id",
                                "duplicate operation id \"link_flap\" (first at /operations/0)"));
}

TEST(ConfigErrors, DefaultIdClashesWithAnExplicitId)
{
    // The second link_flap would be link_flap#2, taken already: the entry without an id is the one named.
    const auto operations = json::array({{{"id", "link_flap#2"}, {"name", "mtu_change"}}, "link_flap", "link_flap"});
    EXPECT_TRUE(is_single_error(load_errors(config_with_operations(operations)), "/operations/2",
                                "duplicate operation id \"link_flap#2\" (first at /operations/0/id)"));
}

TEST(ConfigErrors, EmptyId)
{
    EXPECT_TRUE(is_single_error(load_errors(config_with_operations(json::array({{{"id", ""}, {"name", "link_flap"}}}))),
                                "/operations/0/id", "must not be empty"));
}

// --- recovery, eal_args, output ---------------------------------------------

TEST(ConfigErrors, UnknownMemberInRecovery)
{
    EXPECT_TRUE(is_single_error(load_errors(with("recovery", {{"timeout", "20s"}})), "/recovery/timeout",
                                "unknown member \"timeout\" (expected one of: backoff, retries, up_timeout)"));
}

TEST(ConfigErrors, CommentNotAllowedInRecoveryOrOutput)
{
    // $comment is known at the top level and in operation entries only.
    EXPECT_TRUE(is_single_error(load_errors(with("recovery", {{"$comment", "x"}})), "/recovery/$comment",
                                "unknown member \"$comment\""));
    EXPECT_TRUE(is_single_error(load_errors(with("output", {{"$comment", "x"}})), "/output/$comment",
                                "unknown member \"$comment\""));
}

TEST(ConfigErrors, RecoveryRetriesOutOfRange)
{
    EXPECT_TRUE(is_single_error(load_errors(with("recovery", {{"retries", 101}})), "/recovery/retries",
                                "must be 0 to 100, found 101"));
    EXPECT_TRUE(is_single_error(load_errors(with("recovery", {{"retries", -1}})), "/recovery/retries",
                                "must be 0 to 100, found -1"));
}

TEST(ConfigErrors, RecoveryDurationsOutOfRange)
{
    EXPECT_TRUE(is_single_error(load_errors(with("recovery", {{"up_timeout", "50ms"}})), "/recovery/up_timeout",
                                "duration 50 ms is out of range (100 ms to 3600000 ms)"));
    EXPECT_TRUE(is_single_error(load_errors(with("recovery", {{"backoff", "11m"}})), "/recovery/backoff",
                                "duration 660000 ms is out of range (0 ms to 600000 ms)"));
}

TEST(ConfigErrors, BackgroundTrafficOutOfRangeOrUnknown)
{
    EXPECT_TRUE(is_single_error(load_errors(with("background_traffic", {{"rate_pps", 0}})),
                                "/background_traffic/rate_pps", "must be 1 to 1000000000, found 0"));
    EXPECT_TRUE(is_single_error(load_errors(with("background_traffic", {{"frame_size", 59}})),
                                "/background_traffic/frame_size", "must be 60 to 9216, found 59"));
    EXPECT_TRUE(is_single_error(load_errors(with("background_traffic", {{"flows", 65537}})),
                                "/background_traffic/flows", "must be 0 to 65536, found 65537"));
    EXPECT_TRUE(is_single_error(load_errors(with("background_traffic", {{"rate", 5}})), "/background_traffic/rate",
                                "unknown member \"rate\" (expected one of: flows, frame_size, rate_pps)"));
    EXPECT_TRUE(is_single_error(load_errors(with("background_traffic", true)), "/background_traffic",
                                "expected an object"));
}

TEST(ConfigErrors, RecoveryNotAnObject)
{
    EXPECT_TRUE(is_single_error(load_errors(with("recovery", 3)), "/recovery", "expected an object, found a number (3)"));
}

TEST(ConfigErrors, UnknownMemberInOutput)
{
    EXPECT_TRUE(is_single_error(load_errors(with("output", {{"dir", "results"}})), "/output/dir",
                                "unknown member \"dir\" (expected one of: directory, html, junit)"));
}

TEST(ConfigErrors, OutputBadValues)
{
    EXPECT_TRUE(is_single_error(load_errors(with("output", {{"directory", ""}})), "/output/directory",
                                "must not be empty"));
    EXPECT_TRUE(is_single_error(load_errors(with("output", {{"junit", "yes"}})), "/output/junit",
                                "expected a boolean, found a string (\"yes\")"));
}

TEST(ConfigErrors, EalArgNotAString)
{
    EXPECT_TRUE(is_single_error(load_errors(with("eal_args", {"--no-huge", 5})), "/eal_args/1",
                                "expected a string, found a number (5)"));
    EXPECT_TRUE(is_single_error(load_errors(with("eal_args", "--no-huge")), "/eal_args",
                                "expected an array, found a string"));
}

// --- lcores, placement, queues ------------------------------------------------

TEST(ConfigErrors, LcoresCountOutOfRange)
{
    EXPECT_TRUE(is_single_error(load_errors(with("lcores", 0)), "/lcores", "must be 1 to 1024, found 0"));
    EXPECT_TRUE(is_single_error(load_errors(with("lcores", -2)), "/lcores", "must be 1 to 1024, found -2"));
    EXPECT_TRUE(is_single_error(load_errors(with("lcores", 1025)), "/lcores", "must be 1 to 1024, found 1025"));
}

TEST(ConfigErrors, LcoresWrongType)
{
    for (const auto& value : {json(2.5), json(true), json(nullptr), json::object()}) {
        EXPECT_TRUE(is_single_error(load_errors(with("lcores", value)), "/lcores",
                                    "expected a number of worker lcores, an array of CPU ids or a CPU list such as "
                                    "\"2-5,8\", found "))
            << value.dump();
    }
}

TEST(ConfigErrors, LcoresArrayEveryBadElementReported)
{
    const auto errors = load_errors(with("lcores", {2, -1, "3", 1024, 2.5, 2}));
    EXPECT_EQ(errors.size(), 5U) << lines_of(errors);
    EXPECT_TRUE(has_error(errors, "/lcores/1", "must be 0 to 1023, found -1"));
    EXPECT_TRUE(has_error(errors, "/lcores/2", "expected an integer, found a string (\"3\")"));
    EXPECT_TRUE(has_error(errors, "/lcores/3", "must be 0 to 1023, found 1024"));
    EXPECT_TRUE(has_error(errors, "/lcores/4", "expected an integer, found a number (2.5)"));
    EXPECT_TRUE(has_error(errors, "/lcores/5", "CPU 2 is listed twice (first at /lcores/0)"));
}

TEST(ConfigErrors, LcoresArrayEmpty)
{
    EXPECT_TRUE(is_single_error(load_errors(with("lcores", json::array())), "/lcores", "give 1 to 1024 CPU ids"));
}

TEST(ConfigErrors, LcoresBadCpuList)
{
    const std::pair<const char*, const char*> cases[] = {
        {"", "it is empty"},
        {"2-5,", "\"\" is neither a CPU id nor a range such as \"2-5\""},
        {"a", "\"a\" is neither a CPU id nor a range"},
        {"0x3", "\"0x3\" is neither a CPU id nor a range"},
        {"1, 2", "\" 2\" is neither a CPU id nor a range"},
        {"-1", "\"-1\" is neither a CPU id nor a range"},
        {"1-2-3", "\"1-2-3\" is neither a CPU id nor a range"},
        {"5-2", "the range \"5-2\" ends before it starts"},
        {"0-1024", "CPU 1024 is above 1023"},
        {"0-4294967296", "\"0-4294967296\" is neither a CPU id nor a range"},
        {"1-3,2", "CPU 2 is listed twice"},
    };
    for (const auto& [text, message] : cases) {
        const auto errors = load_errors(with("lcores", text));
        EXPECT_TRUE(is_single_error(errors, "/lcores", "expected a CPU list such as \"2-5,8\" (CPU ids and ranges, "
                                                       "comma separated), found a string"))
            << text;
        EXPECT_TRUE(is_single_error(errors, "/lcores", message)) << text;
    }
}

TEST(ConfigErrors, UnknownPlacementListsTheAllowedOnes)
{
    EXPECT_TRUE(is_single_error(load_errors(with("placement", "automatic")), "/placement",
                                "unknown value \"automatic\" (expected one of: \"dedicated\", \"shared\")"));
    EXPECT_TRUE(is_single_error(load_errors(with("placement", 1)), "/placement",
                                "expected a string, found a number (1)"));
}

TEST(ConfigErrors, QueuesOutOfRange)
{
    EXPECT_TRUE(is_single_error(load_errors(with("queues", 0)), "/queues", "must be 1 to 64, found 0"));
    EXPECT_TRUE(is_single_error(load_errors(with("queues", 65)), "/queues", "must be 1 to 64, found 65"));
    EXPECT_TRUE(is_single_error(load_errors(with("queues", 1.5)), "/queues", "expected an integer, found a number (1.5)"));
    EXPECT_TRUE(is_single_error(load_errors(with("queues", "4")), "/queues", "expected an integer, found a string"));
}

// --- members set from the command line ----------------------------------------

TEST(ConfigErrors, OverriddenMemberBlamesTheFlag)
{
    auto config = load(minimal_config());
    const std::tuple<const char*, json, const char*> cases[] = {
        {"lcores", 0, "--lcores: must be 1 to 1024, found 0"},
        {"lcores", "5-2", "--lcores: expected a CPU list such as"},
        {"placement", "both", "--placement: unknown value \"both\" (expected one of: \"dedicated\", \"shared\")"},
        {"queues", 65, "--queues: must be 1 to 64, found 65"},
        {"queues", "four", "--queues: expected an integer, found a string (\"four\")"},
    };
    for (const auto& [member, value, message] : cases) {
        const std::string flag = std::string{"--"} + member;
        try {
            override_member(config, member, value, flag);
            ADD_FAILURE() << flag << " " << value.dump() << " was taken";
        } catch (const InputError& error) {
            ASSERT_EQ(error.diagnostics().size(), 1U) << error.what();
            EXPECT_EQ(error.diagnostics()[0].file, flag);
            EXPECT_EQ(error.diagnostics()[0].location, "");
            EXPECT_NE(std::string{error.what()}.find(message), std::string::npos) << error.what();
        }
    }
    // Nothing of a refused value was kept.
    EXPECT_EQ(config.lcores.count, 1U);
    EXPECT_TRUE(config.lcores.cpus.empty());
    EXPECT_FALSE(config.lcores.placement.has_value());
    EXPECT_EQ(config.queues, 1U);
}

TEST(ConfigErrors, AllowDefaultRouteIfaceNotABoolean)
{
    EXPECT_TRUE(is_single_error(load_errors(with("allow_default_route_iface", 1)), "/allow_default_route_iface",
                                "expected a boolean, found a number (1)"));
}

// --- all at once -----------------------------------------------------------

TEST(ConfigErrors, EveryProblemOfAFileIsReported)
{
    auto document = config_with_operations(json::array({"link_flap", {{"name", "link_flop"}}}));
    document["duration"] = "soon";
    document["mode"] = "exclusive";
    document["patterns"] = {"sine", "wave"};
    document["eal_args"] = {1};
    document["output"] = {{"dir", "x"}};
    document["colour"] = "blue";
    const auto errors = load_errors(document);
    std::vector<std::string> pointers;
    for (const auto& error : errors) {
        pointers.push_back(error.location);
    }
    // In the order the loader reads the members; unknown members last.
    EXPECT_EQ(pointers, (std::vector<std::string>{"/duration", "/mode", "/patterns/1", "/operations/1/name",
                                                  "/eal_args/0", "/output/dir", "/colour"}))
        << lines_of(errors);
}

TEST(ConfigErrors, MessageNamesFileAndPointer)
{
    try {
        (void)load(config_with_params("traffic_mix", {{"frame_size", 10}}));
        FAIL() << "loaded";
    } catch (const InputError& error) {
        EXPECT_STREQ(error.what(), "c.json: /operations/0/params/frame_size: frame_size must be 60 to 9216, found 10");
    }
}

} // namespace
} // namespace hammer::config
