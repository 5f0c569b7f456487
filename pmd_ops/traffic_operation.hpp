#pragma once

#include "pmd_ops/frame_mix.hpp"
#include "pmd_ops/pair_stop.hpp"
#include "pmd_ops/port_counters.hpp"
#include "pmd_ops/runtime.hpp"
#include "pmd_ops/traffic.hpp"
#include "src/control/port_control.hpp"
#include "src/operations/operation.hpp"
#include "src/operations/outage.hpp"

#include <memory>
#include <optional>

namespace hammer::pmd_ops {

/// Bytes each frame takes on the wire beyond its own: FCS, preamble and
/// inter-frame gap (IEEE 802.3 §4.4.2).
inline constexpr unsigned wire_overhead_bytes = 24;

/// Frames per second that `speed_mbps` carries of `frame_size`-byte frames,
/// wire overhead included: the line rate.
[[nodiscard]] double line_rate_pps(std::uint32_t speed_mbps, double frame_size);

/// What every traffic operation shares: setup acquires the pair's ports,
/// run posts one job to an lcore and waits on the run clock, verify checks
/// the report, and the step's traffic and counters go to the recorder.
/// Each operation (one file each) fills in the profile and its own checks.
class TrafficOperation : public operations::Operation {
public:
    explicit TrafficOperation(std::shared_ptr<PmdRuntime> runtime) : runtime_{std::move(runtime)} {}

    operations::Verdict setup(operations::OperationContext& context) final;
    operations::Verdict run(operations::OperationContext& context, std::chrono::milliseconds deadline,
                            std::stop_token stop) final;
    operations::Verdict verify(operations::OperationContext& context) final;
    operations::Verdict reset(operations::OperationContext& context) final;

protected:
    /// Changes the ports need before traffic (MTU, pool) and the profile.
    virtual operations::Verdict prepare(operations::OperationContext& context) = 0;
    /// While traffic runs; by default just waits for the deadline.
    virtual operations::Verdict during(operations::OperationContext& context, TrafficRun& traffic,
                                       std::chrono::milliseconds deadline, std::stop_token stop);
    /// The operation's own verdict on the report, after the common checks passed.
    virtual operations::Verdict judge(operations::OperationContext& context, const TrafficReport& report);
    /// Puts back what prepare and during changed.
    virtual operations::Verdict restore(operations::OperationContext& context);

    /// A TrafficProfile both ways (a → b, b → a) with `flows` (the frame
    /// kinds) from `pool`, over every queue of the ports, on the pair's lcores.
    [[nodiscard]] TrafficProfile both_ways(std::vector<FrameSpec> flows, std::vector<std::uint16_t> mix,
                                           std::uint64_t rate_pps, rte_mempool* pool) const;
    /// What the pair's traffic has received so far, all directions, now.
    [[nodiscard]] operations::TrafficMark mark(const operations::OperationContext& context,
                                               const TrafficRun& traffic) const;
    /// The rate offered to the pair, all directions, as a change's outage
    /// counts it: what arrived between two marks taken before the change,
    /// no more than the profile's rate when it has one.
    [[nodiscard]] double offered_pps(const operations::TrafficMark& from, const operations::TrafficMark& to) const;
    /// Journals what one change on `endpoint` cost the traffic; returns
    /// "CHANGE: outage N ms" for the step's message.
    std::string record_outage(operations::OperationContext& context, const topology::Endpoint& endpoint,
                              const std::string& change, const operations::Outage& outage) const;
    /// stop_pair on the pair's ports, journaled as testpmd's `port stop`s.
    [[nodiscard]] StoppedPair stop_ports(operations::OperationContext& context) const;
    /// start_pair after stop_ports, journaled as testpmd's `port start`s.
    Result<void> start_ports(operations::OperationContext& context, const StoppedPair& stopped) const;
    /// Journals one DPDK call that changed state, as command-history shows it.
    void record_command(operations::OperationContext& context, const topology::Endpoint& endpoint,
                        const std::string& call, const Result<void>& result) const;

    std::shared_ptr<PmdRuntime> runtime_;
    PairPorts* ports_ = nullptr;
    Engine* engine_ = nullptr;
    TrafficProfile profile_;
    /// Whether the common checks allow loss (ring changes, link flaps judge it themselves).
    bool loss_expected_ = false;
    std::uint32_t flow_count_ = 0; ///< the step's `flows` parameter; 0: the engine's default

private:
    /// With rate_percent above 0, sets the profile's rate to that share of
    /// the link speed side a reports; SKIP when it reports none.
    operations::Verdict pace_to_link_speed(operations::OperationContext& context);

    std::optional<TrafficReport> report_;
    PortCounters counters_;
};

/// A TrafficProfile both ways (a → b, b → a) with `flows` (the frame kinds)
/// from `pool`, over every queue of the ports, on the pair's lcores.
[[nodiscard]] TrafficProfile both_ways(const PairPorts& ports, std::vector<FrameSpec> flows,
                                       std::vector<std::uint16_t> mix, std::uint64_t rate_pps, rte_mempool* pool,
                                       std::uint32_t flow_count);
/// Journals the report's directions as the step's `traffic` events.
void record_traffic(const operations::OperationContext& context, const TrafficReport& report);

/// The step's frame size, rate and so on, read from the operation's parameters.
[[nodiscard]] std::uint16_t frame_size_param(const operations::OperationContext& context);
[[nodiscard]] std::uint64_t rate_param(const operations::OperationContext& context);
/// The step's frame sizes and their shares: `frame_sizes` (equal shares),
/// else `imix` (true: csit_imix()), else `frame_size` alone.
[[nodiscard]] std::vector<SizeShare> sizes_param(const operations::OperationContext& context);
/// The step's headers in a FrameSpec (vlan, outer_vlan, ip_version): the
/// step's vlan / qinq / ip_version where given, else the traffic-specification
/// of side a's termination point, else side b's, else untagged IPv4. The
/// tagging goes as one: a step's vlan replaces a termination point's qinq.
[[nodiscard]] FrameSpec headers_param(const operations::OperationContext& context);
/// The step's frames: `kinds` (weighted by `weights`) with the step's
/// headers at every size of sizes_param, each flow of one size (mix_sizes).
[[nodiscard]] FrameMix step_frames(const operations::OperationContext& context, const std::vector<FrameSpec>& kinds,
                                   const std::vector<unsigned>& weights);

std::unique_ptr<operations::Operation> make_traffic_mix(std::shared_ptr<PmdRuntime> runtime);
std::unique_ptr<operations::Operation> make_jumbo_frame(std::shared_ptr<PmdRuntime> runtime);
std::unique_ptr<operations::Operation> make_payload_baseline(std::shared_ptr<PmdRuntime> runtime);
std::unique_ptr<operations::Operation> make_ring_change_traffic(std::shared_ptr<PmdRuntime> runtime);
std::unique_ptr<operations::Operation> make_queue_change_traffic(std::shared_ptr<PmdRuntime> runtime);
std::unique_ptr<operations::Operation> make_link_speed_test(std::shared_ptr<PmdRuntime> runtime);
/// Flaps side a through the port-control interface `control` chooses for it.
std::unique_ptr<operations::Operation> make_link_flap_traffic(std::shared_ptr<PmdRuntime> runtime,
                                                              control::ControlBackends control);

} // namespace hammer::pmd_ops
