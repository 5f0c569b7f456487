#pragma once

#include "kernel_ops/kernel_ops.hpp"
#include "kernel_ops/snapshot.hpp"
#include "src/operations/registry.hpp"
#include "src/record/recorder.hpp"
#include "src/run/clock.hpp"
#include "src/topology/pairing.hpp"
#include "tests/kernel_ops/netns_fixture.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

namespace hammer::kernel_ops::testing {

/// The verdicts of one slot, phase by phase, as the runner would collect them.
struct SlotVerdicts {
    operations::Verdict setup;
    operations::Verdict run;
    operations::Verdict verify;
    operations::Verdict reset;

    /// The worst outcome of the phases that ran.
    [[nodiscard]] operations::Outcome outcome() const;
    /// Every phase's message, for failure output.
    [[nodiscard]] std::string describe() const;
};

/// The control operations with the netlink backend only, as `options` allow.
void register_netlink_operations(operations::OperationRegistry& registry, const KernelOptions& options = {});

/// NetnsTest plus what operations need: a journal in a temporary directory,
/// a steady clock, the kernel operations registered, and helpers to run one
/// slot the way the runner does (setup; run and verify unless setup failed;
/// reset always).
class OperationTest : public NetnsTest {
protected:
    void SetUp() override;
    void TearDown() override;

    /// A pair of two kernel interfaces in the test's namespace.
    [[nodiscard]] topology::Pair pair_of(const std::string& a, const std::string& b) const;

    /// The catalog's parameters of `operation` with defaults filled, `overrides` on top.
    [[nodiscard]] static nlohmann::json params_of(const std::string& operation, const nlohmann::json& overrides = {});

    /// One slot of `operation` on `pair`, run() ending `slot` after it starts.
    SlotVerdicts run_slot(const std::string& operation, const topology::Pair& pair, const nlohmann::json& params,
                          std::chrono::milliseconds slot, std::stop_token stop = {},
                          const KernelOptions& options = {});

    /// Reads an interface of the namespace as the backend snapshots it.
    [[nodiscard]] InterfaceSnapshot snapshot_of(const std::string& ifname);

    /// Every journal event named `event` ("command", "state", "counters").
    [[nodiscard]] std::vector<nlohmann::json> events(const std::string& event);
    /// The command events whose command line is exactly `command`.
    [[nodiscard]] std::vector<nlohmann::json> commands(const std::string& command);

    run::SteadyClock clock_;
    std::filesystem::path journal_dir_;
    std::unique_ptr<record::Recorder> recorder_;
};

} // namespace hammer::kernel_ops::testing
