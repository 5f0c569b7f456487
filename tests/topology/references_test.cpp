#include "src/topology/references.hpp"

#include "tests/topology/topology_builder.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hammer::topology {
namespace {

using namespace test_support;

/// Expands `text` and checks nothing was reported.
json expanded(std::string_view text)
{
    Diagnostics diagnostics{std::string{test_file}};
    auto result = expand_references(json::parse(text), diagnostics);
    try {
        diagnostics.throw_if_any();
    } catch (const InputError& error) {
        ADD_FAILURE() << "unexpected diagnostics:\n" << lines_of(error.diagnostics());
    }
    return result;
}

/// What expanding `text` reports.
std::vector<Diagnostic> expansion_errors(std::string_view text)
{
    Diagnostics diagnostics{std::string{test_file}};
    (void)expand_references(json::parse(text), diagnostics);
    try {
        diagnostics.throw_if_any();
    } catch (const InputError& error) {
        return error.diagnostics();
    }
    ADD_FAILURE() << "expansion reported nothing";
    return {};
}

TEST(ExpandReferences, ReplacesARefByTheDictionary)
{
    const auto result = expanded(R"({"reference": {"r": {"a": 1, "b": {"c": 2}}}, "x": {"$ref": "r"}})");
    EXPECT_EQ(result.at("x"), json::parse(R"({"a": 1, "b": {"c": 2}})"));
}

TEST(ExpandReferences, OwnMembersOverrideAndAddKeys)
{
    const auto result = expanded(R"({"reference": {"r": {"a": 1, "b": 1}}, "x": {"$ref": "r", "b": 2, "c": 3}})");
    EXPECT_EQ(result.at("x"), json::parse(R"({"a": 1, "b": 2, "c": 3})"));
}

TEST(ExpandReferences, NestedObjectsMergeKeyByKey)
{
    const auto result = expanded(R"({
      "reference": {"port": {"attr": {"kernel": {"ifname": "eth0", "netns": "lab"}, "speed": "25G"}}},
      "tp": {"$ref": "port", "tp-id": "p0", "attr": {"kernel": {"ifname": "eth1"}}}
    })");
    EXPECT_EQ(result.at("tp"), json::parse(R"({
      "tp-id": "p0",
      "attr": {"kernel": {"ifname": "eth1", "netns": "lab"}, "speed": "25G"}
    })"));
}

TEST(ExpandReferences, ArraysAndScalarsReplaceRatherThanMerge)
{
    const auto result = expanded(R"({
      "reference": {"r": {"list": [1, 2], "obj": {"k": 1}, "n": {"deep": true}}},
      "x": {"$ref": "r", "list": [3], "obj": 5, "n": null}
    })");
    EXPECT_EQ(result.at("x"), json::parse(R"({"list": [3], "obj": 5, "n": null})"));
}

TEST(ExpandReferences, ArrayOfRefsMergesLeftToRightThenOwnMembers)
{
    const auto result = expanded(R"({
      "reference": {
        "r1": {"a": 1, "b": 1, "attr": {"x": 1, "y": 1}},
        "r2": {"b": 2, "c": 2, "attr": {"y": 2, "z": 2}}
      },
      "x": {"$ref": ["r1", "r2"], "c": 3},
      "y": {"$ref": ["r2", "r1"]}
    })");
    EXPECT_EQ(result.at("x"), json::parse(R"({"a": 1, "b": 2, "c": 3, "attr": {"x": 1, "y": 2, "z": 2}})"));
    EXPECT_EQ(result.at("y"), json::parse(R"({"a": 1, "b": 1, "c": 2, "attr": {"x": 1, "y": 1, "z": 2}})"));
}

TEST(ExpandReferences, ReferencesMayUseReferences)
{
    const auto result = expanded(R"({
      "reference": {
        "base": {"attr": {"kernel": {"netns": "lab"}}, "level": "base"},
        "mid": {"$ref": "base", "level": "mid", "attr": {"type": "vf"}},
        "top": {"$ref": "mid", "inner": {"$ref": "base"}}
      },
      "x": {"$ref": "top"}
    })");
    EXPECT_EQ(result.at("x"), json::parse(R"({
      "attr": {"kernel": {"netns": "lab"}, "type": "vf"},
      "level": "mid",
      "inner": {"attr": {"kernel": {"netns": "lab"}}, "level": "base"}
    })"));
}

TEST(ExpandReferences, RefsInsideArrayElementsAndDeepInTheDocument)
{
    const auto result = expanded(R"({
      "reference": {"r": {"a": 1}},
      "network": {"node": [{"$ref": "r"}, {"$ref": "r", "a": 2}, 5, "s", [{"$ref": "r"}]]}
    })");
    EXPECT_EQ(result.at("network").at("node"), json::parse(R"([{"a": 1}, {"a": 2}, 5, "s", [{"a": 1}]])"));
}

TEST(ExpandReferences, TheReferenceSectionIsLeftAsWritten)
{
    constexpr std::string_view text = R"({
      "reference": {"a": {"$ref": "b", "k": 1}, "b": {"v": 2}, "bad": {"$ref": "ghost"}},
      "x": {"$ref": "a"}
    })";
    const auto result = expanded(text);
    EXPECT_EQ(result.at("reference"), json::parse(text).at("reference"));
    EXPECT_EQ(result.at("x"), json::parse(R"({"k": 1, "v": 2})"));
}

TEST(ExpandReferences, NoRefMeansNoChange)
{
    constexpr std::string_view text =
        R"({"version": "0.1.0", "network": {"node": [{"node-id": "a", "n": [1, {"b": null}]}]}})";
    EXPECT_EQ(expanded(text), json::parse(text));
}

TEST(ExpandReferences, ANonObjectDocumentIsReturnedAsIs)
{
    EXPECT_EQ(expanded("[1, 2]"), json::parse("[1, 2]"));
    EXPECT_EQ(expanded("\"text\""), json::parse("\"text\""));
}

TEST(ExpandReferences, TheSameReferenceMayBeUsedManyTimes)
{
    const auto result =
        expanded(R"({"reference": {"r": {"a": {"b": 1}}}, "x": [{"$ref": "r"}, {"$ref": ["r", "r"]}]})");
    EXPECT_EQ(result.at("x"), json::parse(R"([{"a": {"b": 1}}, {"a": {"b": 1}}])"));
}

TEST(ExpandReferences, UnknownIdIsReportedAtTheRefMember)
{
    const auto errors = expansion_errors(R"({
      "reference": {"r": {}},
      "network": {"node": [{"$ref": "ghost", "node-id": "a"}]}
    })");
    EXPECT_TRUE(is_single_error(errors, "/network/node/0/$ref", "no reference \"ghost\" in /reference"));
}

TEST(ExpandReferences, UnknownIdWithoutAnyReferenceSection)
{
    const auto errors = expansion_errors(R"({"network": {"node": [{"$ref": "r"}]}})");
    EXPECT_TRUE(is_single_error(errors, "/network/node/0/$ref", "no reference \"r\" in /reference"));
}

TEST(ExpandReferences, UnknownIdInsideAnArrayOfRefs)
{
    const auto errors = expansion_errors(R"({"reference": {"r": {}}, "x": {"$ref": ["r", "ghost"]}})");
    EXPECT_TRUE(is_single_error(errors, "/x/$ref/1", "no reference \"ghost\""));
}

TEST(ExpandReferences, CycleIsReportedWithItsChain)
{
    const auto errors = expansion_errors(R"({
      "reference": {"a": {"$ref": "b"}, "b": {"$ref": "c"}, "c": {"$ref": "a"}},
      "network": {"node": [{"$ref": "a"}]}
    })");
    EXPECT_TRUE(is_single_error(errors, "/reference/c/$ref", "reference cycle: a -> b -> c -> a"));
}

TEST(ExpandReferences, SelfReferenceIsACycle)
{
    const auto errors = expansion_errors(R"({"reference": {"a": {"$ref": "a", "k": 1}}, "x": {"$ref": "a"}})");
    EXPECT_TRUE(is_single_error(errors, "/reference/a/$ref", "reference cycle: a -> a"));
}

TEST(ExpandReferences, CycleReachedTwiceIsReportedOnce)
{
    const auto errors = expansion_errors(R"({
      "reference": {"a": {"$ref": "b"}, "b": {"$ref": "a"}},
      "x": [{"$ref": "a"}, {"$ref": "a"}]
    })");
    EXPECT_TRUE(is_single_error(errors, "/reference/b/$ref", "reference cycle: a -> b -> a"));
}

TEST(ExpandReferences, NonStringArrayElementIsReported)
{
    const auto errors = expansion_errors(R"({"reference": {"r": {}}, "x": {"$ref": ["r", 7]}})");
    EXPECT_TRUE(is_single_error(errors, "/x/$ref/1", "expected a string, found a number (7)"));
}

TEST(ExpandReferences, RefThatIsNeitherAStringNorAnArray)
{
    const auto errors = expansion_errors(R"({"reference": {"r": {}}, "x": {"$ref": {"id": "r"}}})");
    EXPECT_TRUE(is_single_error(errors, "/x/$ref", "expected a reference id or an array of them, found an object"));
}

TEST(ExpandReferences, ReferenceToANonObject)
{
    const auto errors = expansion_errors(R"({"reference": {"r": [1, 2]}, "x": {"$ref": "r"}})");
    EXPECT_TRUE(is_single_error(errors, "/x/$ref", "reference \"r\" is an array, only objects can be pulled in"));
}

TEST(ExpandReferences, ProblemsInsideAReferenceArePointedThere)
{
    const auto errors = expansion_errors(R"({"reference": {"r": {"inner": {"$ref": "ghost"}}}, "x": {"$ref": "r"}})");
    EXPECT_TRUE(is_single_error(errors, "/reference/r/inner/$ref", "no reference \"ghost\""));
}

TEST(ExpandReferences, KeysWithSlashOrTildeAreEscapedInPointers)
{
    const auto errors = expansion_errors(R"({"a/b": {"c~d": {"$ref": "ghost"}}})");
    EXPECT_TRUE(is_single_error(errors, "/a~1b/c~0d/$ref", "no reference \"ghost\""));
}

TEST(ExpandReferences, EveryProblemIsReported)
{
    const auto errors = expansion_errors(R"({
      "reference": {"a": {"$ref": "a"}, "s": "text"},
      "x": [{"$ref": "ghost"}, {"$ref": "a"}, {"$ref": "s"}, {"$ref": [1]}, {"$ref": 2}]
    })");
    EXPECT_EQ(errors.size(), 5U) << lines_of(errors);
    EXPECT_TRUE(has_error(errors, "/x/0/$ref", "no reference \"ghost\""));
    EXPECT_TRUE(has_error(errors, "/reference/a/$ref", "reference cycle: a -> a"));
    EXPECT_TRUE(has_error(errors, "/x/2/$ref", "reference \"s\" is a string"));
    EXPECT_TRUE(has_error(errors, "/x/3/$ref/0", "expected a string, found a number (1)"));
    EXPECT_TRUE(has_error(errors, "/x/4/$ref", "expected a reference id or an array of them"));
}

TEST(ExpandReferences, LoaderKeepsTheReferenceSectionAndExpandsTheRest)
{
    auto topology = minimal_topology();
    topology["reference"] = {{"port", {{"attr", {{"kernel", {{"netns", "lab"}}}}}}}};
    topology["network"]["node"][0]["termination-point"][0]["$ref"] = "port";
    const Model model = load(topology);
    EXPECT_EQ(model.find_tp({"h1", "p0"})->kernel->netns, "lab");
    EXPECT_EQ(model.find_tp({"h1", "p0"})->kernel->ifname, "eth1");
    EXPECT_EQ(model.document.at("reference"), topology.at("reference"));
}

} // namespace
} // namespace hammer::topology
