// The hammer command line with fake backends, for end-to-end tests of run,
// restore and render under signals: every "interface" is a JSON file in the
// directory named by HAMMER_FAKE_STATE, {"mtu": 1500} until an operation
// changes it, so a test can see what a killed run left changed and whether
// `restore` put it back.

#include "src/cli/app.hpp"
#include "src/record/recorder.hpp"
#include "src/run/clock.hpp"
#include "src/operations/catalog.hpp"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace {

using hammer::operations::OperationContext;
using hammer::operations::Verdict;

std::filesystem::path state_file(const hammer::topology::Endpoint& endpoint)
{
    const char* directory = std::getenv("HAMMER_FAKE_STATE");
    if (directory == nullptr) {
        throw std::runtime_error{"HAMMER_FAKE_STATE is not set"};
    }
    return std::filesystem::path{directory} / (endpoint.node_id + "-" + endpoint.tp.id + ".json");
}

nlohmann::json read_state(const hammer::topology::Endpoint& endpoint)
{
    std::ifstream in{state_file(endpoint)};
    return in ? nlohmann::json::parse(in) : nlohmann::json{{"mtu", 1500}};
}

void write_state(const hammer::topology::Endpoint& endpoint, const nlohmann::json& state)
{
    std::ofstream{state_file(endpoint)} << state.dump() << "\n";
}

class FileBackend final : public hammer::operations::EndpointBackend {
public:
    [[nodiscard]] std::string_view name() const override { return "file"; }
    [[nodiscard]] bool manages(const hammer::topology::Endpoint& /*endpoint*/) const override { return true; }
    /// Files in a directory of the test's: nothing a capability guards.
    [[nodiscard]] std::vector<hammer::operations::MissingPrivilege> missing_privileges(
        const hammer::topology::Endpoint& /*endpoint*/) const override
    {
        return {};
    }
    [[nodiscard]] nlohmann::json snapshot(const hammer::topology::Endpoint& endpoint) override
    {
        return read_state(endpoint);
    }
    [[nodiscard]] std::optional<hammer::operations::DeviceIdentity> identity(
        const hammer::topology::Endpoint& /*endpoint*/) override
    {
        hammer::operations::DeviceIdentity identity;
        identity.driver = "file";
        return identity;
    }
    Verdict restore(const hammer::topology::Endpoint& endpoint, const nlohmann::json& snapshot) override
    {
        write_state(endpoint, snapshot);
        return read_state(endpoint) == snapshot ? Verdict::pass() : Verdict::fail("read back differs");
    }
    Verdict reinitialise(const hammer::topology::Endpoint& endpoint, const nlohmann::json& snapshot,
                         std::chrono::milliseconds /*up_timeout*/) override
    {
        return restore(endpoint, snapshot);
    }
};

/// Raises the MTU of both ends in setup, holds it until the slot ends, puts it back in reset.
class JumboMtu final : public hammer::operations::Operation {
public:
    Verdict setup(OperationContext& context) override
    {
        for (const auto* end : {&context.pair.a, &context.pair.b}) {
            auto state = read_state(*end);
            state["mtu"] = 9000;
            write_state(*end, state);
            context.recorder.command({end->node_id, end->tp.id}, "ip link set dev " + end->tp.id + " mtu 9000", 0, "");
        }
        return Verdict::pass();
    }
    Verdict run(OperationContext& context, std::chrono::milliseconds deadline, std::stop_token stop) override
    {
        context.clock.sleep_until(deadline, stop);
        return Verdict::pass();
    }
    Verdict verify(OperationContext& /*context*/) override { return Verdict::pass(); }
    Verdict reset(OperationContext& context) override
    {
        for (const auto* end : {&context.pair.a, &context.pair.b}) {
            auto state = read_state(*end);
            state["mtu"] = 1500;
            write_state(*end, state);
        }
        return Verdict::pass();
    }
};

/// With HAMMER_FAKE_REQUEST set, writes there what the run asked of the
/// backends, so a test can see which flags and config members reached them.
void write_request(const hammer::run::ToolkitRequest& request)
{
    const char* path = std::getenv("HAMMER_FAKE_REQUEST");
    if (path == nullptr) {
        return;
    }
    const auto& lcores = request.config.lcores;
    nlohmann::json document{
        {"lcores", lcores.count},
        {"cpus", lcores.cpus},
        {"placement", lcores.placement ? std::string{hammer::config::to_string(*lcores.placement)} : "automatic"},
        {"queues", request.config.queues},
        {"eal_args", request.eal_args},
    };
    std::ofstream{path} << document.dump() << "\n";
}

std::unique_ptr<hammer::run::Toolkit> make_fake_toolkit(const hammer::run::ToolkitRequest& request)
{
    write_request(request);
    auto toolkit = std::make_unique<hammer::run::Toolkit>();
    for (const auto& spec : hammer::operations::catalog()) {
        toolkit->operations.add(spec.name, "fake", [] { return std::make_unique<JumboMtu>(); });
    }
    toolkit->backends.push_back(std::make_unique<FileBackend>());
    return toolkit;
}

} // namespace

int main(int argc, char** argv)
{
    return hammer::cli::run_cli(argc, argv, make_fake_toolkit);
}
