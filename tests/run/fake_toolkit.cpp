#include "tests/run/fake_toolkit.hpp"

#include "src/record/recorder.hpp"
#include "src/run/clock.hpp"

#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace hammer::run::test_support {

using operations::OperationContext;
using operations::Verdict;

bool FakeBackend::manages(const topology::Endpoint& endpoint) const
{
    return endpoint.tp.kernel.has_value();
}

std::vector<operations::MissingPrivilege> FakeBackend::missing_privileges(const topology::Endpoint& endpoint) const
{
    const auto lacking_one = lacking.find(endpoint.name());
    if (lacking_one == lacking.end()) {
        return {};
    }
    return {{lacking_one->second, "changes to " + endpoint.name()}};
}

nlohmann::json& FakeBackend::state_of(const std::string& endpoint)
{
    auto [found, added] = states_.try_emplace(endpoint, nlohmann::json{{"mtu", 1500}, {"up", true}});
    return found->second;
}

nlohmann::json FakeBackend::snapshot(const topology::Endpoint& endpoint)
{
    if (unreadable.contains(endpoint.name())) {
        throw std::runtime_error{"no such device"};
    }
    std::scoped_lock lock{mutex_};
    for (const auto& [pf, vfs] : makes) {
        if (vfs.contains(endpoint.name()) && !made_.contains(pf)) {
            throw std::runtime_error{"no such device: its PF has not made it"};
        }
    }
    return state_of(endpoint.name());
}

std::optional<operations::DeviceIdentity> FakeBackend::identity(const topology::Endpoint& endpoint)
{
    if (unidentifiable.contains(endpoint.name())) {
        throw std::runtime_error{"driver info unreadable"};
    }
    operations::DeviceIdentity identity;
    identity.driver = "fake";
    identity.driver_version = "1.0";
    identity.bus_info = endpoint.name();
    return identity;
}

Verdict FakeBackend::restore(const topology::Endpoint& endpoint, const nlohmann::json& snapshot)
{
    ++restores_;
    if (left_alone.contains(endpoint.name())) {
        return Verdict::skip(endpoint.name() + ": left alone: it carries the default route");
    }
    std::scoped_lock lock{mutex_};
    state_of(endpoint.name()) = snapshot;
    return Verdict::pass();
}

Verdict FakeBackend::reinitialise(const topology::Endpoint& endpoint, const nlohmann::json& snapshot,
                                  std::chrono::milliseconds /*up_timeout*/)
{
    const unsigned call = ++reinitialisations_;
    {
        std::scoped_lock lock{mutex_};
        reinitialising_.insert(endpoint.name());
    }
    // Long enough for the other end's recovery thread to go on meanwhile,
    // and longer every other call: the two ends of a pair finish apart.
    std::this_thread::sleep_for(std::chrono::milliseconds{call % 2 == 0 ? 60 : 20});
    {
        std::scoped_lock lock{mutex_};
        reinitialising_.erase(reinitialising_.find(endpoint.name()));
    }
    if (unrecoverable.contains(endpoint.name())) {
        return Verdict::error(endpoint.name() + ": carrier not up");
    }
    std::scoped_lock lock{mutex_};
    state_of(endpoint.name()) = snapshot;
    return Verdict::pass();
}

Verdict FakeBackend::configure(const topology::Pair& pair, const topology::Endpoint& endpoint,
                               const topology::InterfaceSettings& settings, record::Recorder& recorder)
{
    recorder.command({endpoint.node_id, endpoint.tp.id}, "fake configure", 0, "");
    {
        std::scoped_lock lock{mutex_};
        if (reinitialising_.contains(pair.a.name()) || reinitialising_.contains(pair.b.name())) {
            ++configured_during_reinitialisation_;
        }
    }
    if (unconfigurable.contains(endpoint.name())) {
        return Verdict::error(endpoint.name() + ": refused");
    }
    std::scoped_lock lock{mutex_};
    auto& state = state_of(endpoint.name());
    if (settings.sriov_numvfs) {
        state["vfs"] = *settings.sriov_numvfs;
        made_.insert(endpoint.name());
    }
    if (settings.mtu) {
        state["mtu"] = *settings.mtu;
    }
    for (const auto& address : settings.addresses) {
        state["addresses"].push_back(address.to_string());
    }
    return Verdict::pass(endpoint.name() + ": configured");
}

Verdict FakeBackend::reach(const topology::Pair& /*pair*/, const topology::Endpoint& from,
                           const topology::Endpoint& /*to*/,
                           const operations::ReachPath& path, record::Recorder& /*recorder*/)
{
    if (unreachable.contains(from.name())) {
        return Verdict::error(path.from_ifname + " does not reach " + path.address.text);
    }
    return Verdict::pass(path.from_ifname + " reaches " + path.address.text);
}

nlohmann::json FakeBackend::state(const std::string& endpoint) const
{
    std::scoped_lock lock{mutex_};
    const auto found = states_.find(endpoint);
    return found == states_.end() ? nlohmann::json{} : found->second;
}

void FakeBackend::set(const std::string& endpoint, const std::string& key, nlohmann::json value)
{
    std::scoped_lock lock{mutex_};
    state_of(endpoint)[key] = std::move(value);
}

namespace {

record::EndpointId id_of(const topology::Endpoint& endpoint)
{
    return {endpoint.node_id, endpoint.tp.id};
}

class ScriptedOperation final : public operations::Operation {
public:
    ScriptedOperation(Script& script, Behaviour behaviour) : script_{script}, behaviour_{behaviour} {}

    Verdict setup(OperationContext& context) override
    {
        const auto call = ++script_.setup_calls;
        switch (behaviour_) {
        case Behaviour::setup_error_twice:
            return call <= 2 ? Verdict::error("device busy (attempt " + std::to_string(call) + ")") : Verdict::pass();
        case Behaviour::setup_error_always:
            return Verdict::error("device busy");
        case Behaviour::throw_setup:
            throw std::runtime_error{"setup blew up"};
        case Behaviour::skip_setup:
            return Verdict::skip("operation not supported (EOPNOTSUPP)");
        case Behaviour::mutate_mtu:
            for (const auto* end : {&context.pair.a, &context.pair.b}) {
                script_.backend().set(end->name(), "mtu", 9000);
                context.recorder.command(id_of(*end), "ip link set dev " + end->tp.kernel->ifname + " mtu 9000", 0,
                                         "");
            }
            return Verdict::pass();
        default:
            return Verdict::pass();
        }
    }

    Verdict run(OperationContext& context, std::chrono::milliseconds deadline, std::stop_token stop) override
    {
        auto& clock = context.clock;
        switch (behaviour_) {
        case Behaviour::error_run:
            return Verdict::error("device vanished");
        case Behaviour::ignore_deadline:
            clock.sleep_until(std::chrono::hours{24 * 365}, stop);
            return Verdict::pass();
        case Behaviour::block_until_stop: {
            std::mutex mutex;
            std::condition_variable_any never_notified;
            std::unique_lock lock{mutex};
            never_notified.wait(lock, stop, [] { return false; });
            return Verdict::pass();
        }
        case Behaviour::overrun_2s:
            clock.sleep_until(deadline + std::chrono::seconds{2}, {});
            return Verdict::pass();
        case Behaviour::pass_with_note:
            clock.sleep_until(deadline, stop);
            return Verdict::pass("the device refused mtu 9000");
        default:
            clock.sleep_until(deadline, stop);
            context.recorder.command(id_of(context.pair.a), "ethtool -S " + context.pair.a.tp.id, 0, "ok");
            context.recorder.counters(id_of(context.pair.a), {{"packets", 10}}, {{"packets", 12}});
            return Verdict::pass();
        }
    }

    Verdict verify(OperationContext& /*context*/) override
    {
        return behaviour_ == Behaviour::fail_verify ? Verdict::fail("rx counter did not move") : Verdict::pass();
    }

    Verdict reset(OperationContext& /*context*/) override
    {
        ++script_.reset_calls;
        return Verdict::pass();
    }

private:
    Script& script_;
    Behaviour behaviour_;
};

} // namespace

void Script::bind(Toolkit& toolkit, std::string_view name, Behaviour behaviour)
{
    toolkit.operations.add(name, "test", [this, behaviour] {
        return std::make_unique<ScriptedOperation>(*this, behaviour);
    });
}

} // namespace hammer::run::test_support
