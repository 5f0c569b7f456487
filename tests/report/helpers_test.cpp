#include "src/report/downsample.hpp"
#include "src/report/format.hpp"
#include "src/report/html.hpp"
#include "src/report/ticks.hpp"
#include "src/report/timestamp_ms.hpp"

#include <gtest/gtest.h>

namespace hammer::report {
namespace {

TEST(Escape, MakesMarkupCharactersAndControlsHarmless)
{
    EXPECT_EQ(escape(R"(<a href="x">'&'</a>)"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    EXPECT_EQ(escape(std::string{"a\0b\x1b" "c\nd", 7}), "a&#xFFFD;b&#xFFFD;c\nd");
    EXPECT_EQ(escape("µs → ok"), "µs → ok");
}

TEST(Shortened, CutsWholeCharacters)
{
    EXPECT_EQ(shortened("abcdef", 4), "abcd\u2026");
    EXPECT_EQ(shortened("µµµµ", 2), "µµ\u2026");
    EXPECT_EQ(shortened("abc", 3), "abc");
}

TEST(Html, ClosesWhatItOpened)
{
    Html html;
    html.open("p", {{"class", "a\"b"}}).text("<x>").leaf("br", {}).close();
    EXPECT_EQ(std::move(html).str(), R"(<p class="a&quot;b">&lt;x&gt;<br/></p>)");
    Html unbalanced;
    unbalanced.open("div");
    EXPECT_THROW((void)std::move(unbalanced).str(), std::logic_error);
}

TEST(Format, NumbersPeopleRead)
{
    EXPECT_EQ(format_count(1234567), "1,234,567");
    EXPECT_EQ(format_count(999), "999");
    EXPECT_EQ(format_si(1234567, "pps"), "1.23 Mpps");
    EXPECT_EQ(format_si(0, "bps"), "0 bps");
    EXPECT_EQ(format_nanoseconds(850), "850 ns");
    EXPECT_EQ(format_nanoseconds(12345), "12.3 \u00B5s");
    EXPECT_EQ(format_milliseconds(850), "850 ms");
    EXPECT_EQ(format_milliseconds(4030), "4.03 s");
    EXPECT_EQ(format_milliseconds(725'000), "12 min 05 s");
    EXPECT_EQ(format_milliseconds(11'045'000), "3 h 04 min 05 s");
    EXPECT_EQ(format_percent(0.000123), "0.0123 %");
    EXPECT_EQ(format_percent(1.0), "100 %");
    EXPECT_EQ(svg_number(12.04), "12");
    EXPECT_EQ(svg_number(12.06), "12.1");
    EXPECT_EQ(svg_number(-0.01), "0");
}

TEST(Ticks, RoundStepsFromZero)
{
    const auto ticks = linear_ticks(3.7, 4);
    EXPECT_DOUBLE_EQ(ticks.step, 1.0);
    EXPECT_DOUBLE_EQ(ticks.end, 4.0);
    EXPECT_EQ(ticks.values, (std::vector<double>{0, 1, 2, 3, 4}));
    EXPECT_DOUBLE_EQ(linear_ticks(0.0, 4).end, 1.0);
    // A day-long run: ticks every 3 hours.
    const auto day = time_ticks(86'400'000.0, 10);
    EXPECT_DOUBLE_EQ(day.step, 3 * 3'600'000.0);
    EXPECT_DOUBLE_EQ(day.end, 86'400'000.0);
    EXPECT_EQ(time_tick_label(3'600'000.0 * 3, day.step, day.end), "3:00:00");
    EXPECT_EQ(time_tick_label(1500.0, 500.0, 4000.0), "1.5 s");
    EXPECT_EQ(time_tick_label(750'000.0, 150'000.0, 1'500'000.0), "12:30");
    const auto label = tick_label(2'500'000.0, 500'000.0, si_scale(4'000'000.0, "pps"));
    EXPECT_EQ(label, "2.5");
}

TEST(Timestamp, ParsesTheResultsForm)
{
    EXPECT_EQ(parse_timestamp_ms("1970-01-01T00:00:01.500Z"), 1500);
    EXPECT_EQ(parse_timestamp_ms("2026-11-22T10:15:00Z"), 1'795'342'500'000);
    EXPECT_FALSE(parse_timestamp_ms("2026-11-22 10:15:00Z"));
    EXPECT_FALSE(parse_timestamp_ms("2026-02-30T10:15:00.000Z"));
    EXPECT_FALSE(parse_timestamp_ms("2026-11-22T10:15:00.000"));
}

TEST(Downsample, KeepsTheLowestAndHighestOfEachStretch)
{
    std::vector<ChartPoint> points;
    for (int i = 0; i < 10'000; ++i) {
        // A flat line with one dip and one spike.
        const double value = i == 4321 ? 0.0 : i == 8765 ? 500.0 : 100.0;
        points.push_back({static_cast<double>(i), value, {}});
    }
    const auto segments = thinned(split_at_gaps(points, 1.5), 10'000.0);
    ASSERT_EQ(segments.size(), 1U);
    EXPECT_LE(segments[0].size(), max_points_per_series);
    const auto has = [&](double at, double value) {
        for (const auto& point : segments[0]) {
            if (point.at_ms == at && point.value == value) {
                return true;
            }
        }
        return false;
    };
    EXPECT_TRUE(has(4321, 0.0));
    EXPECT_TRUE(has(8765, 500.0));
    EXPECT_EQ(split_at_gaps({{0, 1, {}}, {1000, 1, {}}, {5000, 1, {}}}, 2500).size(), 2U);
}

} // namespace
} // namespace hammer::report
