#include "src/output/xml_text.hpp"

#include <gtest/gtest.h>

#include <string>

namespace hammer::output {
namespace {

const std::string replacement = "\xEF\xBF\xBD";

TEST(XmlText, EscapesMarkupInText)
{
    EXPECT_EQ(xml_text("a < b && c > d ]]> \"q\" 'a'"), "a &lt; b &amp;&amp; c &gt; d ]]&gt; \"q\" 'a'");
}

TEST(XmlText, EscapesQuotesAndWhitespaceInAttributes)
{
    // Attribute-value normalisation would turn a literal tab or newline into a space.
    EXPECT_EQ(xml_attribute("\"q\" 'a' <&>\tx\ny\rz"), "&quot;q&quot; &apos;a&apos; &lt;&amp;&gt;&#9;x&#10;y&#13;z");
}

TEST(XmlText, KeepsNewlinesAndTabsInTextButNotCarriageReturns)
{
    EXPECT_EQ(xml_text("a\tb\nc\r\nd"), "a\tb\nc&#13;\nd");
}

TEST(XmlText, ReplacesControlCharactersXmlCannotCarry)
{
    EXPECT_EQ(xml_text(std::string{"a\0b", 3}), "a" + replacement + "b");
    EXPECT_EQ(xml_attribute("\x01\x08\x0b\x0c\x1b\x1f"), replacement + replacement + replacement + replacement +
                                                            replacement + replacement);
    EXPECT_EQ(xml_text("\x7f"), "\x7f"); // DEL is a character in XML 1.0
}

TEST(XmlText, KeepsWellFormedUtf8)
{
    const std::string text = "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xEF\xBF\xBD \xF4\x8F\xBF\xBF";
    EXPECT_EQ(xml_text(text), text);
}

TEST(XmlText, ReplacesNonCharactersFffeAndFfff)
{
    EXPECT_EQ(xml_text("\xEF\xBF\xBE|\xEF\xBF\xBF"), replacement + "|" + replacement);
}

TEST(XmlText, ReplacesBytesThatAreNotUtf8OneByOne)
{
    EXPECT_EQ(xml_text("a\x80z"), "a" + replacement + "z");                        // stray continuation byte
    EXPECT_EQ(xml_text("\xC0\xAF"), replacement + replacement);                    // overlong "/"
    EXPECT_EQ(xml_text("\xED\xA0\x80"), replacement + replacement + replacement);  // a surrogate
    EXPECT_EQ(xml_text("\xF4\x90\x80\x80"), replacement + replacement + replacement + replacement); // > U+10FFFF
    EXPECT_EQ(xml_text("\xF5"), replacement);
    EXPECT_EQ(xml_text("\xE2\x82"), replacement + replacement); // cut short at the end
    EXPECT_EQ(xml_text("\xE2\x82<"), replacement + replacement + "&lt;");
}

} // namespace
} // namespace hammer::output
