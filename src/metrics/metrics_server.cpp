#include "src/metrics/metrics_server.hpp"

#include "src/common/diagnostics.hpp"
#include "src/metrics/run_metrics.hpp"

#include <prometheus/exposer.h>

#include <spdlog/spdlog.h>

namespace hammer::metrics {

std::unique_ptr<MetricsServer> MetricsServer::start(const MetricsAddress& address, const record::RunWatch& watch)
{
    std::unique_ptr<prometheus::Exposer> exposer;
    try {
        // One thread: a scrape a second is all a run has to answer.
        exposer = std::make_unique<prometheus::Exposer>(address.listening(), 1);
    } catch (const std::exception& error) {
        throw InputError{{Diagnostic{std::string{metrics_flag}, "",
                                     "cannot serve metrics on " + address.listening() + ": " + error.what()}}};
    }
    auto collectable = std::make_shared<RunCollectable>(watch);
    exposer->RegisterCollectable(collectable);
    std::unique_ptr<MetricsServer> server{new MetricsServer{std::move(exposer), std::move(collectable)}};
    spdlog::info("metrics on http://{}/metrics",
                 MetricsAddress{address.host, server->port()}.listening());
    return server;
}

MetricsServer::MetricsServer(std::unique_ptr<prometheus::Exposer> exposer, std::shared_ptr<RunCollectable> collectable)
    : exposer_{std::move(exposer)}, collectable_{std::move(collectable)}
{
    const auto ports = exposer_->GetListeningPorts();
    port_ = ports.empty() ? 0 : static_cast<std::uint16_t>(ports.front());
}

MetricsServer::~MetricsServer() = default;

} // namespace hammer::metrics
