#include "src/topology/version.hpp"

#include "tests/topology/topology_builder.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <optional>
#include <string>

namespace hammer::topology {
namespace {

using namespace test_support;

TEST(ParseVersion, ReadsThreeDecimalParts)
{
    EXPECT_EQ(parse_version("0.1.0"), (SchemaVersion{0, 1, 0}));
    EXPECT_EQ(parse_version("1.22.333"), (SchemaVersion{1, 22, 333}));
    EXPECT_EQ(parse_version("0.0.0"), (SchemaVersion{0, 0, 0}));
}

TEST(ParseVersion, ToStringGivesTheTextBack)
{
    EXPECT_EQ((SchemaVersion{3, 14, 15}).to_string(), "3.14.15");
    EXPECT_EQ(supported_version.to_string(), "0.1.0");
}

TEST(ParseVersion, RefusesLeadingOrTrailingJunk)
{
    for (const char* text : {" 0.1.0", "0.1.0 ", "v0.1.0", "0.1.0-rc1", "0.1.0+build", "0.1.0.", "0.1.0.4",
                             "\t0.1.0", "0.1.0\n", "0.1.0x"}) {
        EXPECT_EQ(parse_version(text), std::nullopt) << '"' << text << '"';
    }
}

TEST(ParseVersion, RefusesLeadingZerosAsSemverDoes)
{
    for (const char* text : {"00.1.0", "0.01.0", "0.1.00", "00.01.000"}) {
        EXPECT_EQ(parse_version(text), std::nullopt) << '"' << text << '"';
    }
    EXPECT_EQ(parse_version("10.0.100"), (SchemaVersion{10, 0, 100}));
}

TEST(ParseVersion, RefusesMissingParts)
{
    for (const char* text : {"", "0", "0.1", "0.1.", ".1.0", "0..0", "..", "0.1.0..", "a.b.c", "0.x.0"}) {
        EXPECT_EQ(parse_version(text), std::nullopt) << '"' << text << '"';
    }
}

TEST(ParseVersion, RefusesSignsAndSpacesInsideParts)
{
    for (const char* text : {"+1.0.0", "0.+1.0", "0.1.+1", "-1.0.0", "0.-1.0", "0. 1.0", "0.1 .0"}) {
        EXPECT_EQ(parse_version(text), std::nullopt) << '"' << text << '"';
    }
}

TEST(ParseVersion, RefusesNumbersTooLargeForAPart)
{
    const auto max = std::to_string(std::numeric_limits<unsigned>::max());
    EXPECT_EQ(parse_version(max + ".0.0"), (SchemaVersion{std::numeric_limits<unsigned>::max(), 0, 0}));
    EXPECT_EQ(parse_version("0.0." + max), (SchemaVersion{0, 0, std::numeric_limits<unsigned>::max()}));
    EXPECT_EQ(parse_version("4294967296.0.0"), std::nullopt);
    EXPECT_EQ(parse_version("0.99999999999999999999.0"), std::nullopt);
    EXPECT_EQ(parse_version("0.1.184467440737095516160"), std::nullopt);
}

TEST(Incompatibility, NewerMajorIsRefusedNamingBothVersions)
{
    const auto why = incompatibility({1, 0, 0});
    ASSERT_TRUE(why.has_value());
    EXPECT_NE(why->find("1.0.0"), std::string::npos) << *why;
    EXPECT_NE(why->find("0.1.0"), std::string::npos) << *why;
    EXPECT_NE(why->find("MAJOR"), std::string::npos) << *why;
}

TEST(Incompatibility, NewerMinorIsRefused)
{
    const auto why = incompatibility({0, 2, 0});
    ASSERT_TRUE(why.has_value());
    EXPECT_NE(why->find("0.2.0 is newer than 0.1.0"), std::string::npos) << *why;
}

TEST(Incompatibility, OlderOrEqualMinorAndAnyPatchAreAccepted)
{
    EXPECT_EQ(incompatibility({0, 1, 0}), std::nullopt);
    EXPECT_EQ(incompatibility({0, 0, 0}), std::nullopt);
    EXPECT_EQ(incompatibility({0, 0, 9}), std::nullopt);
    EXPECT_EQ(incompatibility({0, 1, 1}), std::nullopt);
    EXPECT_EQ(incompatibility({0, 1, std::numeric_limits<unsigned>::max()}), std::nullopt);
}

TEST(Incompatibility, NewerMajorWithOlderMinorIsStillRefused)
{
    EXPECT_TRUE(incompatibility({1, 0, 0}).has_value());
    EXPECT_TRUE(incompatibility({7, 0, 3}).has_value());
}

TEST(LoaderVersion, NewerMajorIsRefusedAtTheVersionMember)
{
    auto topology = minimal_topology();
    topology["version"] = "1.0.0";
    const auto errors = load_errors(topology);
    EXPECT_TRUE(is_single_error(errors, "/version", "1.0.0"));
    EXPECT_TRUE(is_single_error(errors, "/version", "this hammer reads 0.1.0"));
}

TEST(LoaderVersion, NewerMinorIsRefusedAtTheVersionMember)
{
    auto topology = minimal_topology();
    topology["version"] = "0.2.0";
    EXPECT_TRUE(is_single_error(load_errors(topology), "/version", "0.2.0 is newer than 0.1.0"));
}

TEST(LoaderVersion, OlderMinorAndOtherPatchAreLoadedAndKept)
{
    auto topology = minimal_topology();
    topology["version"] = "0.0.7";
    EXPECT_EQ(load(topology).version, (SchemaVersion{0, 0, 7}));
    topology["version"] = "0.1.42";
    EXPECT_EQ(load(topology).version, (SchemaVersion{0, 1, 42}));
}

} // namespace
} // namespace hammer::topology
