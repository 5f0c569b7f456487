#pragma once

#include "pmd_ops/engine.hpp"
#include "src/operations/operation.hpp"

#include <chrono>
#include <thread>

namespace hammer::pmd_ops {

/// Journals a running job's live rates, one "traffic-sample" event per
/// direction every `interval`, so a result shows throughput over time and
/// not only a step's average (a dip while a link flaps, the recovery after
/// a ring change). Runs on a thread of its own beside the pair's thread;
/// stop() (or the destructor) ends it, and must come before the job is
/// finished.
class TrafficSampler {
public:
    static constexpr std::chrono::milliseconds default_interval{1000};

    TrafficSampler(operations::OperationContext& context, const TrafficRun& traffic,
                   std::chrono::milliseconds interval = default_interval);
    TrafficSampler(const TrafficSampler&) = delete;
    TrafficSampler& operator=(const TrafficSampler&) = delete;
    ~TrafficSampler() { stop(); }

    /// Ends the sampling and waits for its thread.
    void stop();

private:
    void sample_until_stopped(std::stop_token stop);

    operations::OperationContext& context_;
    const TrafficRun& traffic_;
    std::chrono::milliseconds interval_;
    std::jthread thread_;
};

} // namespace hammer::pmd_ops
