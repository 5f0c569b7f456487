#include "src/run/pair_runner.hpp"

#include "patterns/seeded_random.hpp"
#include "src/operations/catalog.hpp"
#include "src/run/clock.hpp"
#include "src/run/identities.hpp"
#include "src/run/interface_setup.hpp"

namespace hammer::run {

using operations::Outcome;
using operations::Verdict;

namespace {

bool reaches(const topology::Endpoint& endpoint, operations::Need need)
{
    switch (need) {
    case operations::Need::kernel_interface:
        return endpoint.tp.kernel.has_value();
    case operations::Need::dpdk_port:
        return endpoint.tp.dpdk.has_value();
    case operations::Need::port_control:
        return endpoint.tp.reachable();
    }
    return true;
}

std::string_view attribute_of(operations::Need need)
{
    switch (need) {
    case operations::Need::kernel_interface: return "attr.kernel";
    case operations::Need::dpdk_port: return "attr.dpdk";
    case operations::Need::port_control: break;
    }
    return "attr.kernel or attr.dpdk";
}

} // namespace

PairRunner::PairRunner(const RunServices& services, const topology::Pair& pair, std::size_t pair_index,
                       std::array<TouchedEndpoint*, 2> endpoints)
    : services_{services}, pair_{pair}, pair_index_{pair_index}, endpoints_{endpoints},
      recovery_{services.config.recovery, services.clock, services.recorder}
{
}

bool PairRunner::run_slot(const schedule::Slot& slot, std::size_t slot_index, std::chrono::milliseconds origin,
                          std::stop_token run_stop, std::stop_token slot_stop)
{
    const auto& entry = services_.config.operations[slot.operation];
    // Results count loops from 1, as `hammer plan` and the live view do.
    const record::SlotId id{pair_.id, entry.id, entry.name, slot.loop + 1, slot_index};
    record::SlotTiming timing{origin + slot.start, slot.length};
    // A lost endpoint has nothing to wait for: its steps are recorded at once.
    if (lost_endpoint() == nullptr) {
        services_.clock.sleep_until(timing.planned_start, slot_stop);
    }
    if (run_stop.stop_requested()) {
        return false;
    }
    if (configured_loop_ != slot.loop && lost_endpoint() == nullptr) {
        apply_run_time(slot.loop);
    }
    auto& clock = services_.clock;
    timing.actual_start = clock.now();
    services_.tracker.step_started(pair_index_, slot.operation, slot.loop, timing.actual_start, slot.length);
    services_.recorder.slot_start(id, timing);

    const auto result =
        execute(entry, slot, slot_index, timing.planned_start + slot.length, std::move(run_stop), std::move(slot_stop));

    timing.actual = clock.now() - timing.actual_start;
    timing.setup_attempts = result.setup_attempts;
    services_.recorder.slot_end(id, timing, result.verdict, result.phase);
    services_.tracker.step_finished(pair_index_, slot.operation, result.verdict.outcome, slot.length, timing.actual);
    services_.tracker.enter(pair_index_, lost_endpoint() != nullptr ? Phase::lost : Phase::waiting);
    return true;
}

void PairRunner::apply_run_time(unsigned loop)
{
    configured_loop_ = loop;
    for (auto* touched : endpoints_) {
        const auto& entries = touched->endpoint.tp.run_time;
        if (!entries.empty()) {
            // A failed entry is journaled with the kernel's refusal; the
            // steps go on and show what the interface does without it.
            (void)configure_endpoint(pair_, *touched, entries[loop % entries.size()], "run-time", services_.recorder);
        }
    }
}

PairRunner::StepResult PairRunner::execute(const config::OperationEntry& entry, const schedule::Slot& slot,
                                           std::size_t slot_index, std::chrono::milliseconds deadline,
                                           std::stop_token run_stop, std::stop_token slot_stop)
{
    if (const auto* lost = lost_endpoint()) {
        return {Verdict::error(lost->endpoint.name() + " is lost: " + lost->lost_reason), "recovery", 0};
    }
    if (auto missing = unmet_need(entry); !missing.empty()) {
        return {Verdict::skip(std::move(missing)), "setup", 0};
    }
    const auto* implementation = services_.registry.find(entry.name);
    if (implementation == nullptr) {
        return {Verdict::skip("no backend of this build implements " + entry.name), "setup", 0};
    }
    std::unique_ptr<operations::Operation> operation;
    const auto created = operations::guarded([&] {
        operation = implementation->factory();
        return operation ? Verdict::pass() : Verdict::error("the " + entry.name + " factory made nothing");
    });
    if (!created.passed()) {
        return {created, "setup", 0};
    }
    operations::OperationContext context{pair_,          entry.id,         entry.params,        slot.loop,
                                         slot_seed(slot_index), services_.clock, services_.recorder};
    return run_phases(*operation, context, deadline, std::move(run_stop), std::move(slot_stop));
}

PairRunner::StepResult PairRunner::run_phases(operations::Operation& operation, operations::OperationContext& context,
                                              std::chrono::milliseconds deadline, std::stop_token run_stop,
                                              std::stop_token slot_stop)
{
    auto& tracker = services_.tracker;
    StepResult result{Verdict::pass(), "setup", 0};
    // Setup failing for infrastructure reasons (ERROR) re-initialises the
    // endpoints and tries again, within the recovery policy's retries.
    for (;;) {
        ++result.setup_attempts;
        tracker.enter(pair_index_, Phase::setup);
        result.verdict = operations::guarded([&] { return operation.setup(context); });
        if (result.verdict.outcome != Outcome::error || result.setup_attempts > services_.config.recovery.retries) {
            break;
        }
        (void)operations::guarded([&] { return operation.reset(context); });
        if (!recover(run_stop)) {
            result.phase = "recovery";
            break;
        }
    }
    // Setup may have met a device for the first time (a DPDK port is probed there).
    for (auto* touched : endpoints_) {
        record_identities(*touched, services_.recorder);
    }
    if (result.verdict.passed()) {
        tracker.enter(pair_index_, Phase::run);
        result.phase = "run";
        result.verdict = operations::guarded([&] { return operation.run(context, deadline, slot_stop); });
        if (result.verdict.passed() && !services_.hurry.stop_requested()) {
            tracker.enter(pair_index_, Phase::verify);
            result.phase = "verify";
            auto verified = operations::guarded([&] { return operation.verify(context); });
            // A verification that passes adds to what run() found (the values a
            // device refused, how many flaps), it does not wipe it out.
            if (verified.passed() && !result.verdict.message.empty()) {
                verified.message = result.verdict.message + (verified.message.empty() ? "" : "; " + verified.message);
            }
            result.verdict = std::move(verified);
        }
    }
    tracker.enter(pair_index_, Phase::reset);
    auto undone = operations::guarded([&] { return operation.reset(context); });
    if (undone.outcome > result.verdict.outcome && undone.outcome != Outcome::skip) {
        result.verdict = Verdict{undone.outcome, "reset: " + undone.message};
        result.phase = "reset";
    }
    if (result.verdict.outcome == Outcome::error && result.phase != std::string_view{"recovery"}) {
        // So that the next step finds the endpoints working, or knows they are lost.
        recover(run_stop);
    }
    return result;
}

const TouchedEndpoint* PairRunner::lost_endpoint() const
{
    for (const auto* touched : endpoints_) {
        if (touched->lost) {
            return touched;
        }
    }
    return nullptr;
}

std::string PairRunner::unmet_need(const config::OperationEntry& entry) const
{
    const auto* spec = operations::find_operation(entry.name);
    for (const auto need : {operations::Need::kernel_interface, operations::Need::dpdk_port,
                            operations::Need::port_control}) {
        if ((spec->needs & static_cast<unsigned>(need)) == 0) {
            continue;
        }
        for (const auto* touched : endpoints_) {
            if (!reaches(touched->endpoint, need)) {
                return entry.name + " needs " + std::string{operations::describe(need)} + " on both ends; " +
                       touched->endpoint.name() + " has no " + std::string{attribute_of(need)};
            }
        }
    }
    return {};
}

bool PairRunner::recover(std::stop_token run_stop)
{
    if (services_.hurry.stop_requested() || run_stop.stop_requested()) {
        return false; // the final restore takes over
    }
    services_.tracker.enter(pair_index_, Phase::recovery);
    if (!recovery_.recover(pair_, endpoints_, std::move(run_stop))) {
        return false;
    }
    // The restore took the loop's run-time entry away with the rest; the
    // recovery put the start-up back, the entry goes on top of it again.
    if (configured_loop_) {
        apply_run_time(*configured_loop_);
    }
    return true;
}

std::uint64_t PairRunner::slot_seed(std::size_t slot_index) const
{
    SeededRandom mixer{services_.seed ^ (0x9e3779b97f4a7c15ULL * (pair_index_ + 1)) ^
                       (0xbf58476d1ce4e5b9ULL * (slot_index + 1))};
    return mixer.next();
}

} // namespace hammer::run
