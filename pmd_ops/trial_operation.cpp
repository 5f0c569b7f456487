#include "pmd_ops/trial_operation.hpp"

#include "pmd_ops/engine.hpp"
#include "pmd_ops/traffic_operation.hpp"
#include "src/record/recorder.hpp"
#include "src/run/clock.hpp"
#include "src/search/result_json.hpp"

#include <cmath>
#include <stdexcept>

namespace hammer::pmd_ops {

using operations::OperationContext;
using operations::Verdict;

namespace {

/// Frames a paced TX queue may fall short of rate × duration by rounding
/// alone: the engine grants pacing credit a burst (32 frames, as
/// rte_eth_tx_burst is called) at a time. A larger shortfall means the
/// sender could not keep the rate, and is counted as lost, as CSIT's
/// MLRsearch counts unsent frames against the device under test.
constexpr std::uint64_t pacing_slack_per_queue = 32;

search::DirectionCount counted(const DirectionReport& direction, double rate, double seconds, std::uint16_t queues)
{
    search::DirectionCount count;
    const double intended = rate * seconds;
    const auto slack = static_cast<double>(pacing_slack_per_queue * queues);
    const double sent = static_cast<double>(direction.tx_packets);
    count.offered = direction.tx_packets;
    if (rate > 0 && intended > sent + slack) {
        count.offered = static_cast<std::uint64_t>(std::llround(intended));
    }
    count.received = std::min(direction.rx_packets, count.offered);
    return count;
}

} // namespace

std::chrono::milliseconds seconds_param(const OperationContext& context, const char* name)
{
    return std::chrono::milliseconds{std::llround(context.params.at(name).get<double>() * 1000.0)};
}

Verdict TrialOperation::setup(OperationContext& context)
{
    auto engine = runtime_->engine();
    if (!engine) {
        return Verdict::error(engine.error().to_string());
    }
    engine_ = engine.value();
    auto ports = runtime_->acquire(context.pair);
    if (!ports) {
        return Verdict::error(ports.error().to_string());
    }
    ports_ = ports.value();
    frame_size_ = context.params.at("frame_size").get<std::uint16_t>();
    frames_ = step_frames(context, {FrameSpec{}}, {1});
    mean_size_ = mean_size(frames_.kinds, frames_.order);
    flow_count_ = context.params.value("flows", 0U);
    counters_.start(*ports_);
    return Verdict::pass();
}

std::optional<search::Trial> TrialOperation::trial(OperationContext& context, double rate,
                                                   std::chrono::milliseconds duration, std::stop_token stop,
                                                   TrafficReport* report)
{
    const auto rate_pps = static_cast<std::uint64_t>(std::llround(rate));
    const TrafficProfile profile =
        both_ways(*ports_, frames_.kinds, frames_.order, rate_pps, ports_->tx_pool(), flow_count_);
    const auto started = context.clock.now();
    auto ran = engine_->run(profile, duration, stop);
    if (!ran) {
        throw std::runtime_error{"trial at " + std::to_string(rate_pps) + " pps: " + ran.error().to_string()};
    }
    if (stop.stop_requested()) {
        return std::nullopt;
    }
    search::Trial trial;
    trial.rate = static_cast<double>(rate_pps);
    trial.duration = duration;
    trial.elapsed = context.clock.now() - started;
    const double seconds = std::chrono::duration<double>(ran->duration).count();
    for (const DirectionReport& direction : ran->directions) {
        trial.directions.push_back(counted(direction, trial.rate, seconds, ports_->queues));
        trial.offered += trial.directions.back().offered;
        trial.received += trial.directions.back().received;
        sent_ += direction.tx_packets;
        duplicates_ += direction.duplicates;
    }
    // As it ends, so that a run that dies mid-search keeps it.
    context.recorder.trial(context.pair.id, context.operation_id, result_type(), search::trial_json(trial));
    if (report != nullptr) {
        *report = std::move(ran.value());
    }
    return trial;
}

double TrialOperation::line_rate() const
{
    const auto link = ports_->a.link();
    return link && link->speed_mbps != 0 ? line_rate_pps(link->speed_mbps, mean_size_) : 0.0;
}

double TrialOperation::wire_bits() const
{
    return (mean_size_ + wire_overhead_bytes) * 8.0;
}

Verdict TrialOperation::verify(OperationContext&)
{
    if (sent_ == 0) {
        return Verdict::fail("no trial sent a frame");
    }
    if (duplicates_ != 0) {
        return Verdict::fail(std::to_string(duplicates_) + " frames arrived twice");
    }
    return Verdict::pass();
}

Verdict TrialOperation::reset(OperationContext& context)
{
    // Here, not in verify: the step's counters belong in the result however it ended.
    if (ports_ != nullptr) {
        counters_.record(context, *ports_);
    }
    return Verdict::pass();
}

} // namespace hammer::pmd_ops
