#include "tests/kernel_ops/operation_fixture.hpp"

#include "kernel_ops/netlink.hpp"
#include "kernel_ops/netlink_port.hpp"
#include "src/control/operations.hpp"
#include "tests/support/journal_events.hpp"
#include "src/common/diagnostics.hpp"
#include "src/config/operation_params.hpp"

#include <unistd.h>

namespace hammer::kernel_ops::testing {

using operations::Outcome;
using operations::Verdict;

Outcome SlotVerdicts::outcome() const
{
    return operations::worst(operations::worst(setup.outcome, run.outcome),
                             operations::worst(verify.outcome, reset.outcome));
}

std::string SlotVerdicts::describe() const
{
    auto phase = [](const char* name, const Verdict& verdict) {
        return std::string{name} + " " + std::string{operations::to_string(verdict.outcome)} + " \"" +
               verdict.message + "\"";
    };
    return phase("setup", setup) + "; " + phase("run", run) + "; " + phase("verify", verify) + "; " +
           phase("reset", reset);
}

void OperationTest::SetUp()
{
    NetnsTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
        return;
    }
    journal_dir_ = std::filesystem::temp_directory_path() / (netns_ + "-journal");
    std::filesystem::remove_all(journal_dir_);
    recorder_ = record::Recorder::create(journal_dir_, clock_);
}

void OperationTest::TearDown()
{
    recorder_.reset();
    if (!journal_dir_.empty()) {
        std::filesystem::remove_all(journal_dir_);
    }
    NetnsTest::TearDown();
}

topology::Pair OperationTest::pair_of(const std::string& a, const std::string& b) const
{
    auto endpoint = [this](const std::string& ifname) {
        topology::Endpoint endpoint;
        endpoint.node_id = "dut";
        endpoint.tp.id = ifname;
        endpoint.tp.kernel = topology::KernelAccess{ifname, netns_};
        return endpoint;
    };
    topology::Pair pair;
    pair.id = "pair0";
    pair.a = endpoint(a);
    pair.b = endpoint(b);
    return pair;
}

nlohmann::json OperationTest::params_of(const std::string& operation, const nlohmann::json& overrides)
{
    Diagnostics diagnostics{"test"};
    const nlohmann::json none = nlohmann::json::object();
    auto params = config::resolve_params(operation, "/name", &none, "/params", diagnostics);
    EXPECT_TRUE(params.has_value() && diagnostics.empty()) << operation;
    nlohmann::json resolved = params.value_or(nlohmann::json::object());
    // Overrides go on after validation: tests reach values a config may not (MTU 60).
    if (overrides.is_object()) {
        resolved.update(overrides);
    }
    return resolved;
}

void register_netlink_operations(operations::OperationRegistry& registry, const KernelOptions& options)
{
    control::register_control_operations(registry,
                                         {make_netlink_port_opener(options), nullptr, options.up_timeout, std::nullopt, nullptr});
}

SlotVerdicts OperationTest::run_slot(const std::string& operation, const topology::Pair& pair,
                                     const nlohmann::json& params, std::chrono::milliseconds slot,
                                     std::stop_token stop, const KernelOptions& options)
{
    operations::OperationRegistry registry;
    register_netlink_operations(registry, options);
    const auto* entry = registry.find(operation);
    EXPECT_NE(entry, nullptr) << operation;
    if (entry == nullptr) {
        return {};
    }
    auto instance = entry->factory();
    operations::OperationContext context{pair, operation, params, 0, 1, clock_, *recorder_};
    SlotVerdicts verdicts;
    verdicts.setup = instance->setup(context);
    if (verdicts.setup.passed()) {
        verdicts.run = instance->run(context, clock_.now() + slot, stop);
        verdicts.verify = instance->verify(context);
    }
    verdicts.reset = instance->reset(context);
    recorder_->sync();
    return verdicts;
}

InterfaceSnapshot OperationTest::snapshot_of(const std::string& ifname)
{
    auto netlink = Netlink::open(netns_);
    EXPECT_TRUE(netlink.has_value());
    if (!netlink) {
        return {};
    }
    auto snapshot = take_snapshot(netlink.value(), ifname);
    EXPECT_TRUE(snapshot.has_value()) << snapshot.error().describe();
    return snapshot ? snapshot.value() : InterfaceSnapshot{};
}

std::vector<nlohmann::json> OperationTest::events(const std::string& event)
{
    recorder_->sync();
    return hammer::testing::journal_events(recorder_->journal_path(), event);
}

std::vector<nlohmann::json> OperationTest::commands(const std::string& command)
{
    recorder_->sync();
    return hammer::testing::journal_commands(recorder_->journal_path(), command);
}

} // namespace hammer::kernel_ops::testing
