#pragma once

#include "src/metrics/metrics_address.hpp"
#include "src/record/run_watch.hpp"

#include <memory>

namespace prometheus {
class Exposer;
}

namespace hammer::metrics {

class RunCollectable;

/// Serves a run's metrics in Prometheus' text format at
/// http://ADDR:PORT/metrics (prometheus-cpp's Exposer, on civetweb threads
/// of its own) for as long as it lives; each scrape reads `watch` as it is then.
class MetricsServer {
public:
    /// Starts listening. Throws InputError naming --metrics when the address
    /// cannot be bound (taken, not this host's): before the run touches anything.
    [[nodiscard]] static std::unique_ptr<MetricsServer> start(const MetricsAddress& address,
                                                              const record::RunWatch& watch);
    MetricsServer(const MetricsServer&) = delete;
    MetricsServer& operator=(const MetricsServer&) = delete;
    ~MetricsServer(); ///< stops serving; never throws

    /// The port it listens on (the kernel's pick when 0 was asked).
    [[nodiscard]] std::uint16_t port() const noexcept { return port_; }

private:
    MetricsServer(std::unique_ptr<prometheus::Exposer> exposer, std::shared_ptr<RunCollectable> collectable);

    std::unique_ptr<prometheus::Exposer> exposer_;
    std::shared_ptr<RunCollectable> collectable_;
    std::uint16_t port_ = 0;
};

} // namespace hammer::metrics
