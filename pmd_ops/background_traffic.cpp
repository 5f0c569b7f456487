// background_traffic: traffic both ways on a pair's DPDK ports while a
// control operation works on it, so that each change it makes gets an
// outage figure. An ethdev change that stops the ports holds it
// (PairPorts::background); a netlink change meets it as the device would.
#include "pmd_ops/background_traffic.hpp"

#include "pmd_ops/traffic_operation.hpp"
#include "src/operations/operation.hpp"

namespace hammer::pmd_ops {
namespace {

using operations::OperationContext;
using operations::Verdict;

class BackgroundRun final : public operations::RunningTraffic {
public:
    BackgroundRun(PairPorts& ports, TrafficRun run, double offered_pps)
        : ports_{ports}, run_{std::move(run)}, offered_pps_{offered_pps}
    {
        ports_.background = &run_;
    }

    BackgroundRun(const BackgroundRun&) = delete;
    BackgroundRun& operator=(const BackgroundRun&) = delete;
    /// A step that ended without finish() (an exception) lets go of the
    /// ports too; TrafficRun's own destructor ends the job.
    ~BackgroundRun() override { ports_.background = nullptr; }

    [[nodiscard]] std::uint64_t received() const override
    {
        std::uint64_t total = 0;
        for (const auto& direction : run_.sample()) {
            total += direction.rx_packets;
        }
        return total;
    }

    [[nodiscard]] double offered_pps() const override { return offered_pps_; }

    Verdict finish(OperationContext& context) override
    {
        ports_.background = nullptr;
        const TrafficReport report = run_.finish();
        record_traffic(context, report);
        static constexpr const char* names[] = {"forward", "reverse"};
        for (std::size_t d = 0; d < report.directions.size() && d < 2; ++d) {
            const DirectionReport& direction = report.directions[d];
            if (direction.rx_payload_errors != 0) {
                return Verdict::fail(std::string{"background traffic "} + names[d] + ": " +
                                     std::to_string(direction.rx_payload_errors) +
                                     " frames arrived with altered bytes");
            }
            if (direction.duplicates != 0) {
                return Verdict::fail(std::string{"background traffic "} + names[d] + ": " +
                                     std::to_string(direction.duplicates) + " duplicated frames");
            }
        }
        return Verdict::pass();
    }

private:
    PairPorts& ports_;
    TrafficRun run_;
    double offered_pps_;
};

class BackgroundTrafficSource final : public operations::TrafficSource {
public:
    explicit BackgroundTrafficSource(std::shared_ptr<PmdRuntime> runtime) : runtime_{std::move(runtime)} {}

    std::unique_ptr<operations::RunningTraffic> start(OperationContext& context,
                                                      const config::BackgroundTraffic& traffic,
                                                      std::string& why_not) override
    {
        auto engine = runtime_->engine();
        if (!engine) {
            why_not = engine.error().to_string();
            return nullptr;
        }
        auto ports = runtime_->acquire(context.pair);
        if (!ports) {
            why_not = ports.error().to_string();
            return nullptr;
        }
        PairPorts& pair = *ports.value();
        FrameSpec frame;
        frame.size = traffic.frame_size;
        TrafficProfile profile = both_ways(pair, {frame}, {}, traffic.rate_pps, pair.tx_pool(), traffic.flows);
        auto run = engine.value()->start(profile);
        if (!run) {
            why_not = run.error().to_string();
            return nullptr;
        }
        pair.background_queues = pair.queues;
        return std::make_unique<BackgroundRun>(pair, std::move(run).value(),
                                               static_cast<double>(traffic.rate_pps) *
                                                   static_cast<double>(profile.directions.size()));
    }

private:
    std::shared_ptr<PmdRuntime> runtime_;
};

} // namespace

std::shared_ptr<operations::TrafficSource> make_background_traffic(std::shared_ptr<PmdRuntime> runtime)
{
    return std::make_shared<BackgroundTrafficSource>(std::move(runtime));
}

} // namespace hammer::pmd_ops
