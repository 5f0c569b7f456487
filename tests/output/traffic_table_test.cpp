#include "src/output/traffic_table.hpp"

#include <gtest/gtest.h>

#include <string>

namespace hammer::output {
namespace {

report::TrafficPoint point(std::string direction, std::uint64_t tx, std::uint64_t rx, double duration_ms,
                           double bps, std::optional<double> p99_ns = std::nullopt)
{
    report::TrafficPoint traffic;
    traffic.direction = std::move(direction);
    traffic.tx_packets = tx;
    traffic.rx_packets = rx;
    traffic.lost_packets = tx - rx;
    traffic.duration_ms = duration_ms;
    traffic.bps = bps;
    if (p99_ns) {
        traffic.latency.emplace().p99_ns = p99_ns;
    }
    return traffic;
}

TEST(TrafficTable, SumsEachDirectionOverItsSteps)
{
    report::RunView run;
    auto& pair = run.pairs.emplace_back();
    pair.pair_id = "pair0";
    // Forward: 3 000 000 received over 2 s is 1.50 Mpps; 1 and 2 Gbit/s for 1 s each, 1.50 Gbit/s.
    pair.traffic.push_back(point("forward", 1'000'100, 1'000'000, 1000.0, 1e9, 12'300.0));
    pair.traffic.push_back(point("forward", 2'000'000, 2'000'000, 1000.0, 2e9, 4'000.0));
    pair.traffic.push_back(point("reverse", 500, 500, 500.0, 1e6));
    pair.outages.emplace_back().outage_ms = 250.0;
    pair.outages.emplace_back().outage_ms = 100.0;
    const auto table = render_traffic_table(run);
    EXPECT_NE(table.find("pair "), std::string::npos) << table;
    const auto forward = table.substr(table.find("pair0  "));
    EXPECT_NE(forward.find("forward"), std::string::npos);
    EXPECT_NE(forward.find("1.50 Mpps"), std::string::npos) << table;
    EXPECT_NE(forward.find("1.50 Gbit/s"), std::string::npos) << table;
    EXPECT_NE(forward.find("0.00333 % (100 lost)"), std::string::npos) << table;
    EXPECT_NE(forward.find("12.3 \u00B5s"), std::string::npos) << table; // the worst step's p99
    EXPECT_NE(forward.find("2 \u00D7 350 ms"), std::string::npos) << table;
    const auto reverse = table.substr(table.find("reverse"));
    EXPECT_NE(reverse.find("1.00 kpps"), std::string::npos) << table;
    EXPECT_NE(reverse.find("0 % (0 lost)"), std::string::npos) << table;
    EXPECT_EQ(reverse.find("\u00D7"), std::string::npos) << "the outage is shown once per pair";
}

TEST(TrafficTable, EmptyWithoutTraffic)
{
    report::RunView run;
    run.pairs.emplace_back().pair_id = "pair0";
    EXPECT_EQ(render_traffic_table(run), "");
}

TEST(TrafficTable, ColumnsLineUpInCharacters)
{
    report::RunView run;
    auto& pair = run.pairs.emplace_back();
    pair.pair_id = "p";
    pair.traffic.push_back(point("forward", 10, 10, 1000.0, 80.0, 1500.0));
    pair.traffic.push_back(point("reverse", 10, 10, 1000.0, 80.0));
    const auto table = render_traffic_table(run);
    // "1.50 µs" has a two-byte character: the outage column still starts where its header does.
    const auto header_end = table.find('\n');
    const auto header_column = table.find("outage");
    const auto first_row = table.substr(header_end + 1, table.find('\n', header_end + 1) - header_end - 1);
    EXPECT_EQ(first_row.find("p99") , std::string::npos);
    std::size_t characters = 0;
    std::size_t byte = 0;
    for (; byte < first_row.size() && characters < header_column; ++byte) {
        characters += (static_cast<unsigned char>(first_row[byte]) & 0xC0) != 0x80 ? 1 : 0;
    }
    EXPECT_EQ(first_row.substr(byte, 1), "-") << table;
}

} // namespace
} // namespace hammer::output
