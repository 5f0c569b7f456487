#include "src/output/junit.hpp"

#include "tests/output/sample_result.hpp"

#include <gtest/gtest.h>

#include <string>

namespace hammer::output {
namespace {

using testing::sample_result;
using testing::SampleRun;

std::size_t count(const std::string& text, const std::string& part)
{
    std::size_t found = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) {
        ++found;
    }
    return found;
}

/// The text of the element that starts with `start`, up to its end tag or "/>".
std::string element(const std::string& xml, const std::string& start)
{
    const auto begin = xml.find(start);
    if (begin == std::string::npos) {
        return "";
    }
    const auto name_end = xml.find_first_of(" >", begin);
    const auto name = xml.substr(begin + 1, name_end - begin - 1);
    const auto self_closed = xml.find("/>", begin);
    const auto opened = xml.find('>', begin);
    if (self_closed != std::string::npos && self_closed < opened) {
        return xml.substr(begin, self_closed + 2 - begin);
    }
    const auto end = xml.find("</" + name + ">", begin);
    return end == std::string::npos ? "" : xml.substr(begin, end + name.size() + 3 - begin);
}

TEST(Junit, StartsWithTheXmlDeclaration)
{
    EXPECT_EQ(render_junit(sample_result({})).rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites", 0), 0U);
}

TEST(Junit, CountsEveryStepOfTheRunByOutcome)
{
    const auto xml = render_junit(sample_result({}));
    // Five steps: PASS, FAIL, SKIP, ERROR, PASS; the run lasted 6.020 s on the wall clock.
    // junit-10.xsd allows neither skipped nor timestamp on <testsuites>.
    EXPECT_NE(xml.find("<testsuites name=\"hammer run-42\" tests=\"5\" failures=\"1\" errors=\"1\" "
                       "time=\"6.020\">"),
              std::string::npos)
        << xml;
}

TEST(Junit, OneSuitePerPairTimedBySteps)
{
    const auto xml = render_junit(sample_result({}));
    EXPECT_EQ(count(xml, "<testsuite "), 1U);
    // 0.990 + 2.250 + 0.005 + 0.400 + 1.000 s; the timestamp is the first step's.
    EXPECT_NE(xml.find("<testsuite name=\"pair0\" id=\"0\" tests=\"5\" failures=\"1\" errors=\"1\" skipped=\"1\" "
                       "time=\"4.645\" timestamp=\"2026-11-18T11:06:40\">"),
              std::string::npos)
        << xml;
}

TEST(Junit, OneCasePerStepNamedByOperationAndLoop)
{
    const auto xml = render_junit(sample_result({}));
    EXPECT_EQ(count(xml, "<testcase "), 5U);
    EXPECT_EQ(element(xml, "<testcase classname=\"hammer.pair0\" name=\"mtu#loop1\""),
              "<testcase classname=\"hammer.pair0\" name=\"mtu#loop1\" time=\"0.990\"/>");
    EXPECT_EQ(element(xml, "<testcase classname=\"hammer.pair0\" name=\"mtu#loop2\""),
              "<testcase classname=\"hammer.pair0\" name=\"mtu#loop2\" time=\"1.000\"/>");
}

TEST(Junit, AFailIsAFailureWithTheMessageAndWhereItWasDecided)
{
    const auto failure = element(render_junit(sample_result({})), "<failure ");
    EXPECT_EQ(failure.rfind("<failure message=\"MTU read back 1500, expected 9000\" type=\"verify\">", 0), 0U)
        << failure;
    EXPECT_NE(failure.find("operation link_flap, slot 1, phase verify; planned 2.000 s from 1.000 s, ran 2.250 s "
                           "from 1.010 s (0.250 s past its slot), setup attempts 1\nMTU read back 1500, expected 9000"),
              std::string::npos)
        << failure;
}

TEST(Junit, AnErrorIsAnError)
{
    const auto xml = render_junit(sample_result({}));
    const auto error = element(xml, "<error ");
    EXPECT_EQ(error.rfind("<error message=\"setup: netlink said EPERM\" type=\"setup\">", 0), 0U) << error;
    EXPECT_NE(error.find("operation channel_change, slot 3, phase setup"), std::string::npos) << error;
    EXPECT_EQ(count(xml, "<error "), 1U);
}

TEST(Junit, ASkipIsSkippedWithItsReasonInMessageAndText)
{
    const auto xml = render_junit(sample_result({}));
    EXPECT_EQ(element(xml, "<skipped "),
              "<skipped message=\"rings: the device does not support changing them (EOPNOTSUPP)\">rings: the device "
              "does not support changing them (EOPNOTSUPP)</skipped>");
}

TEST(Junit, AStepTheRunDiedInIsAnError)
{
    const auto xml = render_junit(sample_result(SampleRun{}.unfinished()));
    const auto interrupted = element(xml, "<testcase classname=\"hammer.pair0\" name=\"mtu#loop2\"");
    EXPECT_NE(interrupted.find("time=\"0.000\">"), std::string::npos) << interrupted;
    EXPECT_NE(interrupted.find("<error message=\"the run ended before this step finished\" type=\"interrupted\">"),
              std::string::npos)
        << interrupted;
    EXPECT_NE(xml.find("tests=\"5\" failures=\"1\" errors=\"2\" skipped=\"1\""), std::string::npos) << xml;
}

TEST(Junit, PropertiesCarryTheRunAndThePair)
{
    const auto uti = sample_result(SampleRun{}.after("00aa").seeded(18446744073709551615ULL));
    const auto properties = element(render_junit(uti), "<properties>");
    const auto hash = uti["test"]["metadata"]["test"]["test-history"]["hash"].get<std::string>();
    for (const auto& expected :
         {std::string{"<property name=\"run-id\" value=\"run-42\"/>"},
          std::string{"<property name=\"seed\" value=\"18446744073709551615\"/>"},
          std::string{"<property name=\"status\" value=\"ERROR\"/>"},
          "<property name=\"hash\" value=\"" + hash + "\"/>",
          std::string{"<property name=\"previous_hash\" value=\"00aa\"/>"},
          std::string{"<property name=\"a\" value=\"dut1/p0\"/>"},
          std::string{"<property name=\"b\" value=\"dut2/p0\"/>"},
          std::string{"<property name=\"origin\" value=\"link\"/>"},
          std::string{"<property name=\"via\" value=\"l0\"/>"}}) {
        EXPECT_NE(properties.find(expected), std::string::npos) << expected << "\n" << properties;
    }
}

TEST(Junit, RecoveriesGoToTheLogOfTheStepTheyHappenedIn)
{
    const auto xml = render_junit(sample_result({}));
    EXPECT_EQ(count(xml, "<system-out>"), 1U);
    // The recovery at 11:06:44.100 followed the ERROR of the step that started at 11:06:44.000.
    const auto channels = element(xml, "<testcase classname=\"hammer.pair0\" name=\"channels#loop1\"");
    EXPECT_NE(channels.find("</error>\n      <system-out>2026-11-18T11:06:44.100Z recovery of dut1/p0 (kernel, "
                            "attempt 1): PASS link up again\n</system-out>\n    </testcase>"),
              std::string::npos)
        << channels;
}

TEST(Junit, RecoveriesOfAPairWithoutStepsStayInTheSuiteLog)
{
    auto uti = sample_result({});
    uti["test"]["results"]["pairs"][0]["steps"] = nlohmann::json::array();
    const auto xml = render_junit(uti);
    EXPECT_NE(xml.find("    </properties>\n    <system-out>2026-11-18T11:06:44.100Z recovery of dut1/p0"),
              std::string::npos)
        << xml;
}

TEST(Junit, EscapesMessagesInAttributesAndText)
{
    const auto xml = render_junit(sample_result(SampleRun{}.failing_with("a<b & \"c\" 'd' ]]> \x01\x1b[0m\tx\r\ny")));
    const auto failure = element(xml, "<failure ");
    EXPECT_EQ(failure.rfind("<failure message=\"a&lt;b &amp; &quot;c&quot; &apos;d&apos; ]]&gt; "
                            "\xEF\xBF\xBD\xEF\xBF\xBD[0m&#9;x&#13;&#10;y\" type=\"verify\">",
                            0),
              0U)
        << failure;
    EXPECT_NE(failure.find("\na&lt;b &amp; \"c\" 'd' ]]&gt; \xEF\xBF\xBD\xEF\xBF\xBD[0m\tx&#13;\ny</failure>"),
              std::string::npos)
        << failure;
    EXPECT_EQ(xml.find('\x01'), std::string::npos);
    EXPECT_EQ(xml.find('\x1b'), std::string::npos);
}

TEST(Junit, ARunWithoutStepsHasEmptySuites)
{
    auto uti = sample_result({});
    uti["test"]["results"]["pairs"][0]["steps"] = nlohmann::json::array();
    const auto xml = render_junit(uti);
    EXPECT_NE(xml.find("<testsuite name=\"pair0\" id=\"0\" tests=\"0\" failures=\"0\" errors=\"0\" skipped=\"0\" "
                       "time=\"0.000\" timestamp=\"2026-11-18T11:06:40\">"),
              std::string::npos)
        << xml;
    EXPECT_EQ(count(xml, "<testcase "), 0U);
}

} // namespace
} // namespace hammer::output
