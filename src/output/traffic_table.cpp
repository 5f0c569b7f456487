#include "src/output/traffic_table.hpp"

#include "src/report/format.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace hammer::output {
namespace {

/// One direction's traffic steps, summed.
struct DirectionTotal {
    std::uint64_t tx_packets = 0;
    std::uint64_t rx_packets = 0;
    std::uint64_t lost_packets = 0;
    double duration_ms = 0.0;
    double bits = 0.0; ///< each step's bit rate times its duration: its received bits
    std::optional<double> worst_p99_ns;
    bool seen = false;

    void add(const report::TrafficPoint& point)
    {
        seen = true;
        tx_packets += point.tx_packets;
        rx_packets += point.rx_packets;
        lost_packets += point.lost_packets;
        duration_ms += point.duration_ms;
        bits += point.bps * point.duration_ms / 1000.0;
        if (point.latency && point.latency->p99_ns) {
            worst_p99_ns = std::max(worst_p99_ns.value_or(0.0), *point.latency->p99_ns);
        }
    }

    [[nodiscard]] double pps() const
    {
        return duration_ms > 0 ? static_cast<double>(rx_packets) * 1000.0 / duration_ms : 0.0;
    }
    [[nodiscard]] double bps() const { return duration_ms > 0 ? bits * 1000.0 / duration_ms : 0.0; }
    [[nodiscard]] double loss_ratio() const
    {
        return tx_packets == 0 ? 0.0 : static_cast<double>(lost_packets) / static_cast<double>(tx_packets);
    }
};

/// Columns are counted in characters, not bytes ("µs" is three bytes, two characters).
std::size_t characters(std::string_view text)
{
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string padded(std::string text, std::size_t width)
{
    text.append(width - std::min(width, characters(text)), ' ');
    return text;
}

std::string outage_text(const report::Pair& pair)
{
    if (pair.outages.empty()) {
        return "-";
    }
    double milliseconds = 0.0;
    for (const auto& outage : pair.outages) {
        milliseconds += outage.outage_ms;
    }
    return std::to_string(pair.outages.size()) + " \u00D7 " + report::format_milliseconds(milliseconds);
}

} // namespace

std::string render_traffic_table(const report::RunView& run)
{
    static constexpr std::array<std::string_view, 2> directions{"forward", "reverse"};
    std::vector<std::array<std::string, 7>> rows;
    for (const auto& pair : run.pairs) {
        std::array<DirectionTotal, 2> totals;
        for (const auto& point : pair.traffic) {
            for (std::size_t d = 0; d < directions.size(); ++d) {
                if (point.direction == directions[d]) {
                    totals[d].add(point);
                }
            }
        }
        bool first = true;
        for (std::size_t d = 0; d < directions.size(); ++d) {
            const auto& total = totals[d];
            if (!total.seen) {
                continue;
            }
            rows.push_back({pair.pair_id, std::string{directions[d]}, report::format_si(total.pps(), "pps"),
                            report::format_si(total.bps(), "bit/s"),
                            report::format_percent(total.loss_ratio()) + " (" +
                                report::format_count(total.lost_packets) + " lost)",
                            total.worst_p99_ns ? report::format_nanoseconds(*total.worst_p99_ns) : "-",
                            first ? outage_text(pair) : ""});
            first = false;
        }
    }
    if (rows.empty()) {
        return {};
    }
    rows.insert(rows.begin(), {"pair", "direction", "rx rate", "bit rate", "loss", "p99 latency", "outage"});
    std::array<std::size_t, 7> widths{};
    for (const auto& row : rows) {
        for (std::size_t column = 0; column < row.size(); ++column) {
            widths[column] = std::max(widths[column], characters(row[column]));
        }
    }
    std::string table;
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t column = 0; column < row.size(); ++column) {
            line += padded(row[column], widths[column] + 2);
        }
        line.erase(line.find_last_not_of(' ') + 1);
        table += line + "\n";
    }
    return table;
}

} // namespace hammer::output
