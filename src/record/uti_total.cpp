#include "src/record/uti_sections.hpp"

#include <cstdint>

namespace hammer::record::uti_sections {
namespace {

double ratio(std::uint64_t part, std::uint64_t whole)
{
    return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

/// The traffic events of one direction (or both), summed.
class Flow {
public:
    void add(const json& traffic)
    {
        tx_packets_ += traffic["tx-packets"].get<std::uint64_t>();
        rx_packets_ += traffic["rx-packets"].get<std::uint64_t>();
        tx_bytes_ += traffic["tx-bytes"].get<std::uint64_t>();
        rx_bytes_ += traffic["rx-bytes"].get<std::uint64_t>();
        duration_ms_ += traffic["duration-ms"].get<std::uint64_t>();
        if (traffic.contains("latency")) {
            add_latency(traffic["latency"], traffic["rx-packets"].get<std::uint64_t>());
        }
    }

    [[nodiscard]] json to_json() const
    {
        const std::uint64_t lost = tx_packets_ > rx_packets_ ? tx_packets_ - rx_packets_ : 0;
        const double seconds = static_cast<double>(duration_ms_) / 1000.0;
        json flow = {{"tx-packets", tx_packets_},
                     {"rx-packets", rx_packets_},
                     {"tx-bytes", tx_bytes_},
                     {"rx-bytes", rx_bytes_},
                     {"lost-packets", lost},
                     {"loss-ratio", ratio(lost, tx_packets_)},
                     {"duration-ms", duration_ms_},
                     {"throughput",
                      {{"pps", duration_ms_ == 0 ? 0.0 : static_cast<double>(rx_packets_) / seconds},
                       {"bps", duration_ms_ == 0 ? 0.0 : static_cast<double>(rx_bytes_) * 8.0 / seconds}}}};
        if (latency_samples_ > 0) {
            flow["latency"] = {{"min-ns", min_ns_}, {"max-ns", max_ns_}, {"avg-ns", average_ns()}};
        }
        return flow;
    }

private:
    void add_latency(const json& latency, std::uint64_t rx_packets)
    {
        const auto& min = latency["min-ns"];
        const auto& max = latency["max-ns"];
        if (latency_samples_ == 0 || min.get<double>() < min_ns_.get<double>()) {
            min_ns_ = min;
        }
        if (latency_samples_ == 0 || max.get<double>() > max_ns_.get<double>()) {
            max_ns_ = max;
        }
        const double average = latency["avg-ns"].get<double>();
        weighted_sum_ns_ += average * static_cast<double>(rx_packets);
        weight_ += rx_packets;
        plain_sum_ns_ += average;
        ++latency_samples_;
    }

    /// Weighted by received packets, so a long step counts for what it
    /// measured; a plain mean when no measurement received anything.
    [[nodiscard]] double average_ns() const
    {
        return weight_ > 0 ? weighted_sum_ns_ / static_cast<double>(weight_)
                           : plain_sum_ns_ / static_cast<double>(latency_samples_);
    }

    std::uint64_t tx_packets_ = 0;
    std::uint64_t rx_packets_ = 0;
    std::uint64_t tx_bytes_ = 0;
    std::uint64_t rx_bytes_ = 0;
    std::uint64_t duration_ms_ = 0;
    json min_ns_; ///< kept as written, so integers stay integers
    json max_ns_;
    double weighted_sum_ns_ = 0.0;
    std::uint64_t weight_ = 0;
    double plain_sum_ns_ = 0.0;
    std::size_t latency_samples_ = 0;
};

} // namespace

json render_total(const Journal& journal)
{
    Flow forward;
    Flow reverse;
    Flow both;
    for (const auto& event : journal.events) {
        if (!is_event(event, "traffic")) {
            continue;
        }
        (text_of(event, "direction") == "forward" ? forward : reverse).add(event);
        both.add(event);
    }
    return {{"forward", forward.to_json()}, {"reverse", reverse.to_json()}, {"total", both.to_json()}};
}

} // namespace hammer::record::uti_sections
