#include "src/config/operation_params.hpp"
#include "src/config/run_config.hpp"
#include "src/operations/catalog.hpp"

#include "tests/config/config_builder.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace hammer::config {
namespace {

using namespace test_support;

TEST(OperationParams, DefaultsFilledInForEveryCatalogParameter)
{
    for (const auto& operation : operations::catalog()) {
        const auto config = load(config_with_operations(json::array({std::string{operation.name}})));
        ASSERT_EQ(config.operations.size(), 1U);
        const auto& params = config.operations[0].params;
        EXPECT_EQ(params.size(), operation.params.size()) << operation.name << ": " << params.dump();
        for (const auto& spec : operation.params) {
            const std::string key{spec.name};
            ASSERT_TRUE(params.contains(key)) << operation.name << " lacks " << key;
            EXPECT_EQ(params[key], spec.default_value) << operation.name << "." << key;
        }
    }
}

TEST(OperationParams, GivenParametersReplaceOnlyThemselves)
{
    const auto config = load(config_with_params("traffic_mix", {{"frame_size", 1500}, {"unicast_weight", 0}}));
    const auto& params = config.operations[0].params;
    EXPECT_EQ(params["frame_size"], 1500);
    EXPECT_EQ(params["unicast_weight"], 0);
    EXPECT_EQ(params["rate_pps"], 0);
    EXPECT_EQ(params["multicast_weight"], 1);
    EXPECT_EQ(params["broadcast_weight"], 1);
}

TEST(OperationParams, EveryCatalogDefaultPassesItsOwnCheck)
{
    // Writing the defaults out explicitly must load and change nothing.
    for (const auto& operation : operations::catalog()) {
        json defaults = json::object();
        for (const auto& spec : operation.params) {
            defaults[std::string{spec.name}] = spec.default_value;
        }
        const auto config = load(config_with_params(std::string{operation.name}, defaults));
        EXPECT_EQ(config.operations[0].params, defaults) << operation.name;
    }
}

TEST(OperationParams, WholeFloatForAnIntegerIsStoredAsAnInteger)
{
    auto config = load(config_with_params("traffic_mix", {{"unicast_weight", 3.0}}));
    const auto& weight = config.operations[0].params["unicast_weight"];
    EXPECT_TRUE(weight.is_number_integer()) << weight.dump();
    EXPECT_EQ(weight.get<std::int64_t>(), 3);
    EXPECT_EQ(weight.dump(), "3");

    config = load(config_with_params("mtu_change", {{"mtus", {1500.0, 9000}}}));
    const auto& mtus = config.operations[0].params["mtus"];
    EXPECT_EQ(mtus.dump(), "[1500,9000]");
    EXPECT_TRUE(mtus[0].is_number_integer());
}

TEST(OperationParams, NumberParametersKeepWhatWasWritten)
{
    auto config = load(config_with_params("link_flap", {{"down_seconds", 2}}));
    EXPECT_EQ(config.operations[0].params["down_seconds"].get<double>(), 2.0);
    config = load(config_with_params("link_flap", {{"down_seconds", 0.1}}));
    EXPECT_EQ(config.operations[0].params["down_seconds"].get<double>(), 0.1);
}

TEST(OperationParams, BareNameEqualsObjectWithOnlyAName)
{
    const auto bare = load(config_with_operations(json::array({"ring_change"})));
    const auto object = load(config_with_operations(json::array({{{"name", "ring_change"}}})));
    ASSERT_EQ(bare.operations.size(), 1U);
    ASSERT_EQ(object.operations.size(), 1U);
    EXPECT_EQ(bare.operations[0].id, object.operations[0].id);
    EXPECT_EQ(bare.operations[0].id, "ring_change");
    EXPECT_EQ(bare.operations[0].name, object.operations[0].name);
    EXPECT_EQ(bare.operations[0].params, object.operations[0].params);
    EXPECT_EQ(bare.operations[0].pointer, object.operations[0].pointer);
}

TEST(OperationParams, SameOperationTwiceGetsNumberedIds)
{
    const auto config = load(config_with_operations(
        json::array({"link_flap", {{"name", "link_flap"}, {"params", {{"down_seconds", 0.5}}}}, "link_flap"})));
    ASSERT_EQ(config.operations.size(), 3U);
    EXPECT_EQ(config.operations[0].id, "link_flap");
    EXPECT_EQ(config.operations[1].id, "link_flap#2");
    EXPECT_EQ(config.operations[2].id, "link_flap#3");
    EXPECT_EQ(config.operations[1].params["down_seconds"].get<double>(), 0.5);
}

TEST(OperationParams, DefaultIdsCountEveryEntryOfTheName)
{
    // An entry with its own id still counts: the next one without an id is name#2.
    const auto config = load(config_with_operations(
        json::array({{{"id", "short_flap"}, {"name", "link_flap"}}, "link_flap", "mtu_change"})));
    ASSERT_EQ(config.operations.size(), 3U);
    EXPECT_EQ(config.operations[0].id, "short_flap");
    EXPECT_EQ(config.operations[1].id, "link_flap#2");
    EXPECT_EQ(config.operations[2].id, "mtu_change");
}

TEST(OperationParams, ResolveParamsDirectly)
{
    Diagnostics diagnostics{"c.json"};
    const json params = {{"sizes", {64}}};
    const auto resolved = resolve_params("ring_change_traffic", "/x/name", &params, "/x/params", diagnostics);
    ASSERT_TRUE(resolved.has_value());
    EXPECT_TRUE(diagnostics.empty());
    EXPECT_EQ((*resolved)["sizes"], json::array({64}));
    EXPECT_EQ((*resolved)["max_loss_percent"], 1.0);

    const auto unknown = resolve_params("warp_drive", "/x/name", nullptr, "/x/params", diagnostics);
    EXPECT_FALSE(unknown.has_value());
    EXPECT_FALSE(diagnostics.empty());
}

// --- the catalog itself ----------------------------------------------------

TEST(Catalog, NamesAreUniqueAndFound)
{
    std::set<std::string_view> names;
    for (const auto& operation : operations::catalog()) {
        EXPECT_TRUE(names.insert(operation.name).second) << "duplicate " << operation.name;
        EXPECT_EQ(operations::find_operation(operation.name), &operation);
        EXPECT_NE(operation.needs, 0U) << operation.name << " needs nothing";
        std::set<std::string_view> params;
        for (const auto& spec : operation.params) {
            EXPECT_TRUE(params.insert(spec.name).second) << operation.name << " repeats " << spec.name;
        }
    }
    EXPECT_EQ(operations::find_operation("link_flop"), nullptr);
    EXPECT_EQ(operations::find_operation(""), nullptr);
}

TEST(Catalog, NeedsAreDescribed)
{
    EXPECT_EQ(operations::describe(operations::Need::kernel_interface), "kernel interface");
    EXPECT_EQ(operations::describe(operations::Need::dpdk_port), "DPDK port");
}

} // namespace
} // namespace hammer::config
