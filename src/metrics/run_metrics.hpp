#pragma once

#include "src/record/run_watch.hpp"

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

#include <vector>

namespace hammer::metrics {

/// A run's series in Prometheus' terms (docs/watching.md lists them), drawn
/// from what the run's watch knows at the moment of the scrape:
/// per pair and direction packets, bytes, lost packets, loss ratio, live
/// rates and latency quantiles; per pair and operation the step outcomes;
/// each pair's current operation and loop, its outages; the run's state.
[[nodiscard]] std::vector<prometheus::MetricFamily> run_metrics(const record::RunWatch::View& view);

/// What the exposer asks at each scrape: run_metrics of `watch` now.
class RunCollectable : public prometheus::Collectable {
public:
    explicit RunCollectable(const record::RunWatch& watch) : watch_{watch} {}
    [[nodiscard]] std::vector<prometheus::MetricFamily> Collect() const override;

private:
    const record::RunWatch& watch_;
};

} // namespace hammer::metrics
