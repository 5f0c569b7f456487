#pragma once

#include "kernel_ops/commands.hpp"
#include "kernel_ops/kernel_ops.hpp"
#include "kernel_ops/netlink.hpp"
#include "kernel_ops/result.hpp"
#include "src/operations/operation.hpp"
#include "src/record/recorder.hpp"

#include <chrono>
#include <functional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace hammer::kernel_ops {

/// How long each value of a sweep stays before the next: long enough for
/// traffic on other pairs and the device's own work (queue re-creation on a
/// channel change) to meet it, short enough that a minute-long slot sweeps a
/// few dozen times and records hundreds, not millions, of commands.
inline constexpr std::chrono::milliseconds step_dwell{250};

/// One end of the pair as a kernel operation drives it: its own netlink
/// sockets (inside its namespace) and the link as setup found it.
struct KernelEnd {
    record::EndpointId id;
    InterfaceRef where;
    Netlink netlink;
    LinkState found;

    /// Appends one command-history entry: the equivalent command line, 0 or
    /// the errno as return code, and `response` or the kernel's error text.
    void record(operations::OperationContext& context, const std::string& command, const NlError* error,
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

/// The frame of every kernel operation: opens both ends in setup (SKIP for an
/// end without attr.kernel, ERROR when its namespace or interface is gone,
/// SKIP for the interface with the default route unless allowed), keeps
/// exceptions from escaping (→ ERROR), and unwinds the restore stack in reset.
class KernelOperation : public operations::Operation {
public:
    explicit KernelOperation(KernelOptions options) : options_{options} {}

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

    [[nodiscard]] const KernelOptions& options() const noexcept { return options_; }
    [[nodiscard]] std::vector<KernelEnd>& ends() noexcept { return ends_; }
    [[nodiscard]] RestoreStack& restore_stack() noexcept { return restore_; }

private:
    operations::Verdict open_end(operations::OperationContext& context, const topology::Endpoint& endpoint);

    KernelOptions options_;
    std::vector<KernelEnd> ends_;
    RestoreStack restore_;
};

/// Reads each end again and checks what the operation must not have changed:
/// the admin state, and the MTU unless `mtu_changes` (mtu_change restores it
/// only in reset). `during` names the work in the FAIL message.
[[nodiscard]] operations::Verdict check_as_found(operations::OperationContext& context, std::vector<KernelEnd>& ends,
                                                 std::string_view during, bool mtu_changes);

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

} // namespace hammer::kernel_ops
