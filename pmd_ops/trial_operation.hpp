#pragma once

#include "pmd_ops/frame_mix.hpp"
#include "pmd_ops/port_counters.hpp"
#include "pmd_ops/runtime.hpp"
#include "pmd_ops/traffic.hpp"
#include "src/operations/operation.hpp"
#include "src/search/rate_search.hpp"

#include <memory>
#include <optional>
#include <string_view>

namespace hammer::pmd_ops {

/// What throughput_search and mrr share: setup acquires the pair's ports
/// and the engine; run measures in trials, each its own traffic job both
/// ways at one rate, so that every trial counts from zero and drains
/// before the next; the operation journals its result as a "throughput"
/// event. Unlike TrafficOperation there is no one job for the whole slot.
class TrialOperation : public operations::Operation {
public:
    explicit TrialOperation(std::shared_ptr<PmdRuntime> runtime) : runtime_{std::move(runtime)} {}

    operations::Verdict setup(operations::OperationContext& context) final;
    /// FAIL when the trials sent nothing or frames arrived twice.
    operations::Verdict verify(operations::OperationContext& context) final;
    /// Journals the ports' counters over the step's trials; changes nothing.
    operations::Verdict reset(operations::OperationContext& context) final;

protected:
    /// One trial: `rate` frames per second per direction (0: unpaced) for
    /// `duration`, journaled as a "trial" event; nothing when stop was requested. `report`, when given,
    /// receives the engine's report (latency). Throws std::runtime_error
    /// when the engine refuses the job.
    [[nodiscard]] std::optional<search::Trial> trial(operations::OperationContext& context, double rate,
                                                     std::chrono::milliseconds duration, std::stop_token stop,
                                                     TrafficReport* report = nullptr);
    /// The line rate per direction from side a's reported link speed; 0
    /// when it reports none.
    [[nodiscard]] double line_rate() const;
    /// Bits one frame takes on the wire, preamble, FCS and gap included.
    [[nodiscard]] double wire_bits() const;
    /// The CSIT result type the step journals: "NDRPDR", "MRR".
    [[nodiscard]] virtual std::string_view result_type() const = 0;

    std::uint16_t frame_size_ = 64;
    /// The trials' frames (step_frames) and their average size, set at setup.
    FrameMix frames_;
    double mean_size_ = 64;

private:
    std::shared_ptr<PmdRuntime> runtime_;
    PairPorts* ports_ = nullptr;
    Engine* engine_ = nullptr;
    std::uint32_t flow_count_ = 0;
    std::uint64_t sent_ = 0;
    std::uint64_t duplicates_ = 0;
    PortCounters counters_; ///< over every trial of the step
};

/// What a trial takes beyond its duration, at most, when planning the
/// slot's time: the job's start and the drain (TrafficProfile::settle).
inline constexpr std::chrono::milliseconds trial_overhead{600};

/// The duration in milliseconds of a parameter given in seconds.
[[nodiscard]] std::chrono::milliseconds seconds_param(const operations::OperationContext& context, const char* name);

std::unique_ptr<operations::Operation> make_throughput_search(std::shared_ptr<PmdRuntime> runtime);
std::unique_ptr<operations::Operation> make_mrr(std::shared_ptr<PmdRuntime> runtime);

} // namespace hammer::pmd_ops
