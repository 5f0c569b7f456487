#pragma once

#include "pmd_ops/traffic_operation.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace hammer::pmd_ops {

/// A port reconfiguration under traffic, stepped through a list of values:
/// hold the job (its lcores let go of the ports), stop both ports, apply
/// the value, start both, resume. Frames in the queues at the stop may be
/// lost, within max_loss_percent; traffic must flow again after every
/// change; restore puts the runtime's setting back. ring_change_traffic
/// steps descriptor counts, queue_change_traffic queue counts.
class ReconfigureTraffic : public TrafficOperation {
public:
    using TrafficOperation::TrafficOperation;

protected:
    /// What is stepped, for messages: "descriptors", "queues".
    [[nodiscard]] virtual std::string_view what() const = 0;
    /// The step's values, from its parameters; may drop those the ports cannot take.
    [[nodiscard]] virtual std::vector<std::uint16_t> values(operations::OperationContext& context) = 0;
    /// Applies `value` to a stopped port (left stopped).
    virtual Result<void> apply(Port& port, std::uint16_t value) = 0;
    /// The call as command-history shows it.
    [[nodiscard]] virtual std::string command(const Port& port, std::uint16_t value) const = 0;
    /// What the driver accepted for `value`: a driver limit, recorded as data.
    [[nodiscard]] virtual nlohmann::json accepted(const Port& port, std::uint16_t value) const = 0;
    /// The runtime's setting, which restore puts back.
    [[nodiscard]] virtual std::uint16_t initial() const = 0;
    [[nodiscard]] virtual bool at_initial(const Port& port) const = 0;
    /// Fits the job to `value` while it is held (queue counts: which queues it polls).
    virtual Result<void> retarget(TrafficRun& traffic, std::uint16_t value);
    /// Adjusts the profile before traffic starts (queue counts: every queue the steps reach).
    virtual void shape(TrafficProfile& profile);
    /// The values this step goes through, once prepared.
    [[nodiscard]] const std::vector<std::uint16_t>& steps() const noexcept { return values_; }

private:
    operations::Verdict prepare(operations::OperationContext& context) final;
    operations::Verdict during(operations::OperationContext& context, TrafficRun& traffic,
                               std::chrono::milliseconds deadline, std::stop_token stop) final;
    operations::Verdict judge(operations::OperationContext& context, const TrafficReport& report) final;
    operations::Verdict restore(operations::OperationContext& context) final;

    operations::Verdict change(operations::OperationContext& context, std::uint16_t value);

    std::vector<std::uint16_t> values_;
    double max_loss_percent_ = 0;
    bool recovered_ = true;
    std::uint16_t failed_value_ = 0;
    std::vector<std::string> outages_; ///< per change, for the step's message
};

} // namespace hammer::pmd_ops
