#include "pmd_ops/bench/result_line.hpp"

#include <algorithm>
#include <string>

namespace hammer::pmd_ops::bench {

nlohmann::json result_line(std::string_view case_name, std::string_view driver, const BenchOptions& options,
                           const BenchDpdk& dpdk, const Window& window, Counted counted)
{
    const bool tx = counted == Counted::tx;
    return nlohmann::json{{"tool", "hammer"},
                          {"case", std::string{case_name}},
                          {"driver", std::string{driver}},
                          {"size", options.size},
                          {"pps", tx ? window.tx_pps() : window.rx_pps()},
                          {"bps", tx ? window.tx_bps() : window.rx_bps()},
                          {"tx_pps", window.tx_pps()},
                          {"rx_pps", window.rx_pps()},
                          {"duration_s", window.seconds},
                          {"lcores", dpdk.lcores()},
                          {"memory", dpdk.memory()}};
}

void add_checks(nlohmann::json& line, const std::vector<TrafficReport>& reports)
{
    std::uint64_t lost = 0;
    std::uint64_t reordered = 0;
    std::uint64_t duplicates = 0;
    bool settled = true;
    for (const TrafficReport& report : reports) {
        for (const DirectionReport& direction : report.directions) {
            lost += direction.lost;
            reordered += direction.reordered;
            duplicates += direction.duplicates;
        }
        settled = settled && report.settled;
    }
    line["lost"] = lost;
    line["reordered"] = reordered;
    line["duplicates"] = duplicates;
    line["settled"] = settled;
}

double median(std::vector<double> values)
{
    if (values.empty()) {
        return 0;
    }
    std::sort(values.begin(), values.end());
    const std::size_t middle = values.size() / 2;
    return values.size() % 2 != 0 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

} // namespace hammer::pmd_ops::bench
