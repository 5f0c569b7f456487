#pragma once

#include "src/control/port_control.hpp"
#include "src/control/responses.hpp"
#include "src/operations/operation.hpp"
#include "src/operations/outage.hpp"
#include "src/record/recorder.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace hammer::control {

/// How long each value of a sweep stays before the next: long enough for
/// traffic on other pairs and the device's own work (queue re-creation on a
/// channel change) to meet it, short enough that a minute-long slot sweeps a
/// few dozen times and records hundreds, not millions, of commands.
inline constexpr std::chrono::milliseconds step_dwell{250};

/// How long after a link is back the background traffic gets to flow again
/// before a change's outage window closes: longer than a burst in flight,
/// short beside the down times measured.
inline constexpr std::chrono::milliseconds traffic_settle{100};

/// One end of the pair as a control operation drives it: the port, opened
/// through its backend, and the link as setup found it.
struct ControlEnd {
    record::EndpointId id;
    std::unique_ptr<PortControl> port;
    LinkStatus found;

    /// Appends one command-history entry: the backend's command line, 0 or
    /// the errno as return code, and `response` or the device's error text.
    void record(operations::OperationContext& context, const std::string& command, const Failure* error,
                std::string_view response = {}) const;

    template <typename T>
    void record(operations::OperationContext& context, const std::string& command, const Result<T>& result,
                std::string_view response = {}) const
    {
        record(context, command, result.has_value() ? nullptr : &result.error(), response);
    }
};

/// Undo steps pushed before each change and run last-in first-out by reset():
/// the kernel selftests' defer(restore).
class RestoreStack {
public:
    using Undo = std::function<operations::Verdict(operations::OperationContext&)>;

    void push(Undo undo) { steps_.push_back(std::move(undo)); }
    /// Forgets every step without running it (a new setup attempt).
    void clear() noexcept { steps_.clear(); }

    /// Runs every step, newest first, even after one fails. PASS when all
    /// pass; otherwise at least FAIL ("a failing restore fails the step"),
    /// with every message.
    [[nodiscard]] operations::Verdict unwind(operations::OperationContext& context);

private:
    std::vector<Undo> steps_;
};

/// The frame of every control operation: opens both ends in setup through
/// the backend each end's termination point calls for (open_port: SKIP for
/// an end neither backend reaches or the netlink backend refuses, ERROR when
/// it is gone), keeps exceptions from escaping (→ ERROR), and unwinds the
/// restore stack in reset.
class ControlOperation : public operations::Operation {
public:
    explicit ControlOperation(ControlBackends backends) : backends_{std::move(backends)} {}

    operations::Verdict setup(operations::OperationContext& context) final;
    operations::Verdict run(operations::OperationContext& context, std::chrono::milliseconds deadline,
                            std::stop_token stop) final;
    operations::Verdict verify(operations::OperationContext& context) final;
    operations::Verdict reset(operations::OperationContext& context) final;

protected:
    /// After both ends are open: read what will change and push its restore.
    /// Reads only; every change happens in work(), so a setup attempt that
    /// fails leaves nothing to undo and the next attempt starts afresh.
    virtual operations::Verdict prepare(operations::OperationContext& context) = 0;
    /// run(): repeat the work until `deadline` or stop.
    virtual operations::Verdict work(operations::OperationContext& context, std::chrono::milliseconds deadline,
                                     std::stop_token stop) = 0;
    /// verify(): check what work() left.
    virtual operations::Verdict check(operations::OperationContext& context) = 0;

    /// Where the pair's background traffic stands before a change; nullopt
    /// when the step runs without it.
    [[nodiscard]] std::optional<operations::TrafficMark> traffic_mark(
        const operations::OperationContext& context) const;
    /// After a change and what settles it (a dwell, carrier back): journals
    /// what the change cost the background traffic since `before`, on `end`.
    void record_outage(operations::OperationContext& context, const ControlEnd& end, const std::string& change,
                       const std::optional<operations::TrafficMark>& before);

    [[nodiscard]] const ControlBackends& backends() const noexcept { return backends_; }
    [[nodiscard]] std::vector<ControlEnd>& ends() noexcept { return ends_; }
    [[nodiscard]] RestoreStack& restore_stack() noexcept { return restore_; }

private:
    operations::Verdict open_end(operations::OperationContext& context, const topology::Endpoint& endpoint);

    /// Starts the background traffic when the run asks for it and the pair
    /// can carry it; a note why not otherwise.
    void start_traffic(operations::OperationContext& context);
    /// Finishes it and adds its verdict and the outages to what work() found.
    operations::Verdict finish_traffic(operations::OperationContext& context, operations::Verdict worked);

    ControlBackends backends_;
    std::vector<ControlEnd> ends_;
    RestoreStack restore_;
    std::unique_ptr<operations::RunningTraffic> traffic_;
    std::string traffic_note_;       ///< why the step ran without background traffic
    std::vector<double> outages_ms_; ///< per change, in order
};

/// Reads each end again and checks what the operation must not have changed:
/// the admin state, and the MTU unless `mtu_changes` (mtu_change restores it
/// only in reset). `during` names the work in the FAIL message.
[[nodiscard]] operations::Verdict check_as_found(operations::OperationContext& context, std::vector<ControlEnd>& ends,
                                                 std::string_view during, bool mtu_changes);

/// For a change the device did not make: SKIP when it has no such knob,
/// ERROR when the infrastructure broke; nullopt when it refused this value,
/// which is data (the device's limit) and the operation goes on.
[[nodiscard]] std::optional<operations::Verdict> unless_refused(const Failure& failure);

/// Appends `text` unless already there: a driver limit hit on every sweep is reported once.
void add_once(std::vector<std::string>& notes, std::string text);

/// Sleeps one step_dwell, cut short by `deadline` (a sweep past its slot's
/// end goes on without pause). False when stop was requested.
bool dwell(operations::OperationContext& context, std::chrono::milliseconds deadline, const std::stop_token& stop);

/// Whether another round of work fits: before the deadline and not stopped.
[[nodiscard]] bool time_left(const operations::OperationContext& context, std::chrono::milliseconds deadline,
                             const std::stop_token& stop);

/// The integer list parameter `name` ("mtus", "counts", ...), in order.
[[nodiscard]] std::vector<std::uint32_t> u32_list(const nlohmann::json& params, const char* name);

} // namespace hammer::control
