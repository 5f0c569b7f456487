#include "src/metrics/run_metrics.hpp"

#include "src/operations/outcome.hpp"

#include <array>
#include <string>
#include <utility>

namespace hammer::metrics {
namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;
using Labels = std::vector<ClientMetric::Label>;

constexpr std::array<record::WatchedState, 5> states{record::WatchedState::starting, record::WatchedState::running,
                                                     record::WatchedState::stopping, record::WatchedState::restoring,
                                                     record::WatchedState::done};
constexpr std::array<operations::Outcome, 4> outcomes{operations::Outcome::pass, operations::Outcome::fail,
                                                      operations::Outcome::error, operations::Outcome::skip};

/// The families in the order they are first added, each filled by name.
class Families {
public:
    MetricFamily& family(const std::string& name, const std::string& help, MetricType type)
    {
        for (auto& family : families_) {
            if (family.name == name) {
                return family;
            }
        }
        return families_.emplace_back(MetricFamily{name, help, type, {}});
    }

    void gauge(const std::string& name, const std::string& help, Labels labels, double value)
    {
        auto& metric = family(name, help, MetricType::Gauge).metric.emplace_back();
        metric.label = std::move(labels);
        metric.gauge.value = value;
    }

    void counter(const std::string& name, const std::string& help, Labels labels, double value)
    {
        auto& metric = family(name, help, MetricType::Counter).metric.emplace_back();
        metric.label = std::move(labels);
        metric.counter.value = value;
    }

    [[nodiscard]] std::vector<MetricFamily> take() && { return std::move(families_); }

private:
    std::vector<MetricFamily> families_;
};

void add_direction(Families& families, const std::string& pair_id, std::string_view name,
                   const record::WatchedDirection& direction)
{
    const Labels labels{{"pair", pair_id}, {"direction", std::string{name}}};
    const auto count = [&](const char* metric, const char* help, std::uint64_t value) {
        families.counter(metric, help, labels, static_cast<double>(value));
    };
    count("hammer_traffic_tx_packets_total", "Packets sent, over the traffic steps that ended", direction.tx_packets);
    count("hammer_traffic_rx_packets_total", "Packets received, over the traffic steps that ended",
          direction.rx_packets);
    count("hammer_traffic_tx_bytes_total", "Bytes sent, over the traffic steps that ended", direction.tx_bytes);
    count("hammer_traffic_rx_bytes_total", "Bytes received, over the traffic steps that ended", direction.rx_bytes);
    count("hammer_traffic_lost_packets_total", "Packets sent and not received, over the traffic steps that ended",
          direction.lost_packets());
    families.gauge("hammer_traffic_loss_ratio", "Lost packets over packets sent, over the traffic steps that ended",
                   labels,
                   direction.tx_packets == 0
                       ? 0.0
                       : static_cast<double>(direction.lost_packets()) / static_cast<double>(direction.tx_packets));
    const auto rate = [&](const char* metric, const char* help, double value) {
        families.gauge(metric, help, labels, value);
    };
    rate("hammer_traffic_tx_packets_per_second", "Send rate over the last sample; 0 while no traffic step runs",
         direction.tx_pps);
    rate("hammer_traffic_rx_packets_per_second", "Receive rate over the last sample; 0 while no traffic step runs",
         direction.rx_pps);
    rate("hammer_traffic_tx_bits_per_second", "Send bit rate over the last sample", direction.tx_bps);
    rate("hammer_traffic_rx_bits_per_second", "Receive bit rate over the last sample", direction.rx_bps);
    if (direction.latency) {
        const std::array<std::pair<const char*, double>, 4> quantiles{{{"0.5", direction.latency->p50_ns},
                                                                       {"0.9", direction.latency->p90_ns},
                                                                       {"0.99", direction.latency->p99_ns},
                                                                       {"0.999", direction.latency->p999_ns}}};
        for (const auto& [quantile, nanoseconds] : quantiles) {
            auto quantile_labels = labels;
            quantile_labels.push_back({"quantile", quantile});
            families.gauge("hammer_traffic_latency_seconds", "Latency quantiles of the last step that measured them",
                           std::move(quantile_labels), nanoseconds / 1e9);
        }
    }
}

void add_pair(Families& families, const record::WatchedPair& pair)
{
    const Labels labels{{"pair", pair.pair_id}};
    for (std::size_t d = 0; d < pair.directions.size(); ++d) {
        add_direction(families, pair.pair_id, record::direction_names[d], pair.directions[d]);
    }
    families.gauge("hammer_pair_loop", "The loop of the pair's schedule under way, from 1 (0: not started)", labels,
                   static_cast<double>(pair.loop));
    if (!pair.operation_id.empty()) {
        families.gauge("hammer_pair_operation", "1 for the operation the pair runs (or ran last)",
                       {{"pair", pair.pair_id}, {"operation_id", pair.operation_id}, {"operation", pair.operation}},
                       1.0);
    }
    families.counter("hammer_pair_outages_total", "Control changes that cost the pair traffic", labels,
                     static_cast<double>(pair.outages));
    families.counter("hammer_pair_outage_seconds_total", "Traffic outage of those changes, summed", labels,
                     pair.outage_ms / 1000.0);
    for (const auto& [operation_id, counts] : pair.outcomes) {
        for (const auto outcome : outcomes) {
            families.counter("hammer_steps_total", "Steps that ended, by pair, operation and outcome",
                             {{"pair", pair.pair_id},
                              {"operation_id", operation_id},
                              {"outcome", std::string{operations::to_string(outcome)}}},
                             static_cast<double>(counts[static_cast<std::size_t>(outcome)]));
        }
    }
}

} // namespace

std::vector<MetricFamily> run_metrics(const record::RunWatch::View& view)
{
    Families families;
    families.gauge("hammer_run_info", "The run hammer serves metrics of", {{"run_id", view.run_id}}, 1.0);
    for (const auto state : states) {
        families.gauge("hammer_run_state", "1 for the state the run is in",
                       {{"state", std::string{record::to_string(state)}}}, state == view.state ? 1.0 : 0.0);
    }
    for (const auto& pair : view.pairs) {
        add_pair(families, pair);
    }
    return std::move(families).take();
}

std::vector<MetricFamily> RunCollectable::Collect() const
{
    return run_metrics(watch_.view());
}

} // namespace hammer::metrics
