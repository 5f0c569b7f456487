#include "src/common/json_check.hpp"

#include <gtest/gtest.h>

namespace hammer {
namespace {

using nlohmann::json;

std::vector<std::string> lines_of(const Diagnostics& diagnostics)
{
    std::vector<std::string> lines;
    try {
        diagnostics.throw_if_any();
    } catch (const InputError& error) {
        for (const auto& d : error.diagnostics()) {
            lines.push_back(d.to_string());
        }
    }
    return lines;
}

TEST(ObjectReader, ReadsPresentMembersOfTheRightKind)
{
    Diagnostics diagnostics{"c.json"};
    const json object = {{"name", "x"}, {"count", 3}, {"ratio", 0.5}, {"on", true}};
    ObjectReader reader{object, "/cfg", diagnostics};
    EXPECT_EQ(reader.required_string("name"), "x");
    ASSERT_NE(reader.required("count", JsonKind::integer), nullptr);
    ASSERT_NE(reader.optional("ratio", JsonKind::number), nullptr);
    ASSERT_NE(reader.optional("on", JsonKind::boolean), nullptr);
    EXPECT_EQ(reader.optional("absent", JsonKind::string), nullptr);
    reader.reject_unknown_members();
    EXPECT_TRUE(diagnostics.empty());
}

TEST(ObjectReader, ReportsMissingMistypedAndUnknownMembersWithPointers)
{
    Diagnostics diagnostics{"c.json"};
    const json object = {{"count", "three"}, {"colour", "red"}};
    ObjectReader reader{object, "/cfg", diagnostics};
    EXPECT_EQ(reader.required_string("name"), std::nullopt);
    EXPECT_EQ(reader.required("count", JsonKind::integer), nullptr);
    reader.reject_unknown_members();
    EXPECT_EQ(lines_of(diagnostics),
              (std::vector<std::string>{
                  "c.json: /cfg/name: required member is missing",
                  "c.json: /cfg/count: expected an integer, found a string (\"three\")",
                  "c.json: /cfg/colour: unknown member \"colour\" (expected one of: count, name)",
              }));
}

TEST(ObjectReader, NotAnObjectIsOneErrorAndGettersReturnNothing)
{
    Diagnostics diagnostics{"c.json"};
    const json array = json::array({1, 2});
    ObjectReader reader{array, "/x", diagnostics};
    EXPECT_FALSE(reader.is_object());
    EXPECT_EQ(reader.required_string("name"), std::nullopt);
    reader.reject_unknown_members();
    EXPECT_EQ(lines_of(diagnostics), (std::vector<std::string>{"c.json: /x: expected an object, found an array"}));
}

TEST(JsonKind, IntegerAcceptsWholeFloatsOnly)
{
    EXPECT_TRUE(is_kind(json(3), JsonKind::integer));
    EXPECT_TRUE(is_kind(json(3.0), JsonKind::integer));
    EXPECT_FALSE(is_kind(json(3.5), JsonKind::integer));
    EXPECT_FALSE(is_kind(json("3"), JsonKind::integer));
    EXPECT_TRUE(is_kind(json(3.5), JsonKind::number));
}

TEST(JsonKind, DescribeValueCutsLongStrings)
{
    const std::string long_text(100, 'a');
    const auto text = describe_value(json(long_text));
    EXPECT_LT(text.size(), 70U);
    EXPECT_NE(text.find("..."), std::string::npos);
}

} // namespace
} // namespace hammer
