#include "tests/pmd_ops/operation_harness.hpp"

#include "kernel_ops/netlink_port.hpp"
#include "src/control/operations.hpp"
#include "src/operations/catalog.hpp"
#include "src/operations/registry.hpp"
#include "src/record/recorder.hpp"
#include "src/run/clock.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <unistd.h>

namespace hammer::pmd_ops::testing {
namespace {

/// The control operations' backends as main() binds them, with or without background traffic.
control::ControlBackends control_backends(std::optional<config::BackgroundTraffic> background)
{
    return {kernel_ops::make_netlink_port_opener({}), make_ethdev_port_opener(harness_options()),
            std::chrono::seconds{5}, background, make_traffic_source(harness_options())};
}

/// One registry, backend, clock and recorder for the whole binary (one EAL per process).
struct Harness {
    operations::OperationRegistry registry;
    operations::OperationRegistry under_traffic;
    std::unique_ptr<operations::EndpointBackend> backend;
    run::SteadyClock clock;
    std::filesystem::path directory;
    std::unique_ptr<record::Recorder> recorder;

    Harness()
        : directory{std::filesystem::temp_directory_path() / ("hm-pmd-ops-" + std::to_string(::getpid()))}
    {
        const auto control = control_backends(std::nullopt);
        control::register_control_operations(registry, control);
        register_pmd_operations(registry, harness_options(), control);
        control::register_control_operations(under_traffic, control_backends(config::BackgroundTraffic{20'000, 64, 0}));
        backend = make_dpdk_backend(harness_options());
        recorder = record::Recorder::create(directory, clock);
    }
    ~Harness()
    {
        recorder.reset();
        std::filesystem::remove_all(directory);
    }
};

Harness& harness()
{
    static Harness instance;
    return instance;
}

} // namespace

nlohmann::json defaults(std::string_view operation)
{
    nlohmann::json params = nlohmann::json::object();
    for (const auto& param : operations::find_operation(operation)->params) {
        params[std::string{param.name}] = param.default_value;
    }
    return params;
}

topology::Pair ring_pair(const std::string& id)
{
    topology::Pair pair;
    pair.id = id;
    pair.a.node_id = "host";
    pair.a.tp.id = id + "-a";
    pair.a.tp.dpdk = topology::DpdkAccess{"", id + "a", ""};
    pair.b.node_id = "host";
    pair.b.tp.id = id + "-b";
    pair.b.tp.dpdk = topology::DpdkAccess{"", id + "b", ""};
    return pair;
}

namespace {

operations::Verdict step_with(const operations::OperationRegistry& registry, const topology::Pair& pair,
                              std::string_view name, const nlohmann::json& params, std::chrono::milliseconds slot)
{
    const auto* entry = registry.find(name);
    EXPECT_NE(entry, nullptr) << name;
    if (entry == nullptr) {
        return operations::Verdict::error("not registered");
    }
    auto operation = entry->factory();
    operations::OperationContext context{pair, name, params, 0, 42, harness().clock, *harness().recorder};
    operations::Verdict verdict = operation->setup(context);
    if (verdict.passed()) {
        verdict = operation->run(context, harness().clock.now() + slot, {});
        if (verdict.passed()) {
            // As the runner does: a passing verification adds to what run() found.
            operations::Verdict verified = operation->verify(context);
            if (verified.passed() && !verdict.message.empty()) {
                verified.message = verdict.message + (verified.message.empty() ? "" : "; " + verified.message);
            }
            verdict = std::move(verified);
        }
    }
    const operations::Verdict reset = operation->reset(context);
    if (!reset.passed() && verdict.passed()) {
        return reset;
    }
    return verdict;
}

} // namespace

operations::Verdict step(const topology::Pair& pair, std::string_view name, const nlohmann::json& params,
                         std::chrono::milliseconds slot)
{
    return step_with(harness().registry, pair, name, params, slot);
}

operations::Verdict step_under_traffic(const topology::Pair& pair, std::string_view name, const nlohmann::json& params,
                                       std::chrono::milliseconds slot)
{
    return step_with(harness().under_traffic, pair, name, params, slot);
}

bool is_root()
{
    return ::geteuid() == 0;
}

const operations::OperationRegistry& registry()
{
    return harness().registry;
}

operations::EndpointBackend& dpdk_backend()
{
    return *harness().backend;
}

std::string journal_text()
{
    harness().recorder->sync();
    std::ifstream journal{harness().recorder->journal_path()};
    return std::string{std::istreambuf_iterator<char>{journal}, {}};
}

std::vector<nlohmann::json> journaled(std::string_view kind, std::string_view pair_id)
{
    harness().recorder->sync();
    std::ifstream journal{harness().recorder->journal_path()};
    std::vector<nlohmann::json> events;
    for (std::string line; std::getline(journal, line);) {
        auto event = nlohmann::json::parse(line);
        if (event["event"] == kind && event.value("pair-id", "") == pair_id) {
            events.push_back(std::move(event));
        }
    }
    return events;
}

PmdOptions test_environment_options()
{
    PmdOptions options;
    options.eal_arguments = {"--no-pci"};
    const char* no_huge = std::getenv("HAMMER_TEST_NO_HUGE");
    options.use_hugepages = no_huge == nullptr || std::string{no_huge} != "1";
    return options;
}

} // namespace hammer::pmd_ops::testing
