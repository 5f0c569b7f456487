#include "pmd_ops/pmd_ops.hpp"

#include "pmd_ops/background_traffic.hpp"

#include "pmd_ops/ethdev_port.hpp"
#include "pmd_ops/neighbour_exchange.hpp"
#include "pmd_ops/offload_check.hpp"
#include "pmd_ops/port_setup.hpp"
#include "pmd_ops/runtime.hpp"
#include "pmd_ops/testpmd_commands.hpp"
#include "src/common/capabilities.hpp"
#include "pmd_ops/traffic_operation.hpp"
#include "pmd_ops/trial_operation.hpp"

#include <rte_version.h>

#include <algorithm>

namespace hammer::pmd_ops {
namespace {

using operations::Verdict;

/// The DPDK side of an endpoint. Ports exist only while hammer runs, so a
/// snapshot taken before the run records that the port is hammer's own;
/// restore puts back what the operations change on a live port (MTU,
/// queue and descriptor counts, a link the ethdev backend set down), and
/// recovery closes the pair's ports so that the next step's setup probes them anew.
class DpdkBackend final : public operations::EndpointBackend {
public:
    explicit DpdkBackend(std::shared_ptr<PmdRuntime> runtime) : runtime_{std::move(runtime)} {}

    [[nodiscard]] std::string_view name() const override { return "dpdk"; }

    [[nodiscard]] bool manages(const topology::Endpoint& endpoint) const override
    {
        return endpoint.tp.dpdk.has_value();
    }

    /// af_packet opens raw sockets; tap makes a tun interface and af_xdp
    /// loads a program on one; a namespace must be entered to probe in it.
    [[nodiscard]] std::vector<operations::MissingPrivilege> missing_privileges(
        const topology::Endpoint& endpoint) const override
    {
        std::vector<operations::MissingPrivilege> missing;
        const std::string device = endpoint.tp.dpdk->device_name();
        const auto needs = [&](const Capability& capability, const std::string& what) {
            if (!has_capability(capability)) {
                missing.push_back({capability.name, what + " (" + device + ")"});
            }
        };
        if (device.starts_with("net_af_packet")) {
            needs(cap_net_raw, "an af_packet socket");
        } else if (device.starts_with("net_tap") || device.starts_with("net_af_xdp")) {
            needs(cap_net_admin, "a tap or XDP port");
        }
        const std::string netns = !endpoint.tp.dpdk->netns.empty() ? endpoint.tp.dpdk->netns
                                  : endpoint.tp.kernel                ? endpoint.tp.kernel->netns
                                                                      : std::string{};
        if (!netns.empty()) {
            needs(cap_sys_admin, "probing in network namespace " + netns);
        }
        return missing;
    }

    [[nodiscard]] nlohmann::json snapshot(const topology::Endpoint& endpoint) override
    {
        nlohmann::json state{{"device", endpoint.tp.dpdk->device_name()}};
        PairPorts* pair = nullptr;
        if (Port* port = runtime_->find_port(endpoint, &pair)) {
            const auto mtu = port->mtu();
            state["mtu"] = mtu ? nlohmann::json(mtu.value()) : nlohmann::json();
            state["rx-descriptors"] = port->config().rx_descriptors;
            state["tx-descriptors"] = port->config().tx_descriptors;
            state["queues"] = port->config().rx_queues;
            state["link"] = port->link_set_down() ? "down" : "up";
            const auto promiscuous = port->promiscuous();
            state["promiscuous"] = promiscuous ? nlohmann::json(promiscuous.value()) : nlohmann::json();
            const auto all_multicast = port->all_multicast();
            state["all-multicast"] = all_multicast ? nlohmann::json(all_multicast.value()) : nlohmann::json();
        } else {
            // Not probed yet: what hammer will set it up with.
            state["mtu"] = nullptr;
            state["rx-descriptors"] = runtime_->options().rx_descriptors;
            state["tx-descriptors"] = runtime_->options().tx_descriptors;
            state["queues"] = runtime_->options().queues;
            state["link"] = "up";
            state["promiscuous"] = true;
            state["all-multicast"] = nullptr; // as the driver has it
        }
        return state;
    }

    /// Known once a step has probed the port: DPDK starts only then.
    [[nodiscard]] std::optional<operations::DeviceIdentity> identity(const topology::Endpoint& endpoint) override
    {
        return runtime_->identity(endpoint);
    }

    Verdict restore(const topology::Endpoint& endpoint, const nlohmann::json& snapshot) override
    {
        PairPorts* pair = nullptr;
        Port* port = runtime_->find_port(endpoint, &pair);
        if (port == nullptr) {
            return Verdict::pass("no DPDK port was made for it");
        }
        // The link first: hammer's ports start with it up, and only the
        // ethdev backend's set_admin(false) takes it down. Journals of runs
        // before the link was snapshotted have none: up, as every port starts.
        if (port->link_set_down() && snapshot.value("link", "up") != "down") {
            if (auto up = port->set_link(true); !up) {
                return Verdict::fail(up.error().to_string());
            }
        }
        const std::uint16_t initial_mtu = port == &pair->a ? pair->initial_mtu_a : pair->initial_mtu_b;
        const std::uint16_t mtu = snapshot.value("mtu", nlohmann::json()).is_number()
                                      ? snapshot["mtu"].get<std::uint16_t>()
                                      : initial_mtu;
        if (const auto current = port->mtu(); current && current.value() != mtu) {
            if (auto set = port->set_mtu(mtu); !set) {
                return Verdict::fail(set.error().to_string());
            }
        }
        // Queue counts first: a change of them sets the queues up anew with
        // the descriptor counts the port has. Journals of runs before queue
        // counts were snapshotted have none: nothing to put back then. A
        // device with fewer queues than asked was opened with what it has.
        if (snapshot.contains("queues")) {
            const auto queues = std::min(snapshot["queues"].get<std::uint16_t>(), pair->queues);
            if (port->config().rx_queues != queues || port->config().tx_queues != queues) {
                if (auto changed = port->change_queues(queues, queues); !changed) {
                    return Verdict::fail(changed.error().to_string());
                }
            }
        }
        if (auto modes = restore_receive_modes(*port, snapshot); !modes.passed()) {
            return modes;
        }
        const auto rx = snapshot.at("rx-descriptors").get<std::uint16_t>();
        const auto tx = snapshot.at("tx-descriptors").get<std::uint16_t>();
        if (port->config().rx_descriptors != rx || port->config().tx_descriptors != tx) {
            if (auto changed = port->change_descriptors(rx, tx); !changed) {
                return Verdict::fail(changed.error().to_string());
            }
        }
        return Verdict::pass();
    }

    Verdict reinitialise(const topology::Endpoint& endpoint, const nlohmann::json&, std::chrono::milliseconds) override
    {
        if (auto released = runtime_->release(endpoint); !released) {
            return Verdict::error(released.error().to_string());
        }
        return Verdict::pass("ports closed; the next setup probes them again");
    }

    /// A DPDK-only port's start-up, through the ethdev API. A port with a
    /// kernel interface gets it there (the kernel backend), once.
    Verdict configure(const topology::Pair& pair, const topology::Endpoint& endpoint,
                      const topology::InterfaceSettings& settings, record::Recorder& recorder) override
    {
        if (endpoint.tp.kernel) {
            return Verdict::skip(endpoint.name() + ": configured through its kernel interface");
        }
        auto ports = runtime_->acquire(pair);
        if (!ports) {
            return Verdict::error(endpoint.name() + ": " + ports.error().to_string());
        }
        EthdevPort port{runtime_, *ports.value(), endpoint.name() == ports.value()->endpoint_a};
        return apply_port_settings(port, settings, recorder.command_log({endpoint.node_id, endpoint.tp.id}));
    }

    /// Between two DPDK-only ports, hammer asks on one and answers on the other (neighbour_exchange.hpp).
    Verdict reach(const topology::Pair& pair, const topology::Endpoint& from, const topology::Endpoint& to,
                  const operations::ReachPath& path, record::Recorder& recorder) override
    {
        if (from.tp.kernel || to.tp.kernel || !to.tp.dpdk) {
            return EndpointBackend::reach(pair, from, to, path, recorder);
        }
        auto ports = runtime_->acquire(pair);
        if (!ports) {
            return Verdict::error(from.name() + ": " + ports.error().to_string());
        }
        PairPorts& pair_ports = *ports.value();
        const bool from_a = from.name() == pair_ports.endpoint_a;
        Port& from_port = from_a ? pair_ports.a : pair_ports.b;
        Port& to_port = from_a ? pair_ports.b : pair_ports.a;
        const auto exchanged =
            exchange_neighbours(from_port, to_port, pair_ports.pool.get(), path.source, path.address);
        const char* protocol = path.address.ipv6 ? "neighbour solicitation" : "ARP request";
        const std::string command = std::string{protocol} + " from port " + std::to_string(from_port.id()) + " (" +
                                    path.source.text + ") for " + path.address.text + ", answered by port " +
                                    std::to_string(to_port.id());
        const auto log = recorder.command_log({from.node_id, from.tp.id});
        if (!exchanged) {
            log(command, exchanged.error().code, exchanged.error().to_string());
            return Verdict::error(from.name() + ": " + exchanged.error().to_string());
        }
        const auto peer_mac = to_port.mac();
        const std::string answered = path.address.text + " is at " + testpmd::mac_text(exchanged->mac) + " after " +
                                     std::to_string(exchanged->requests) + " request(s), " +
                                     std::to_string(exchanged->took.count()) + " ms";
        log(command, 0, answered);
        if (!peer_mac || peer_mac.value() != exchanged->mac) {
            return Verdict::error(from.name() + ": " + answered + ", not at " + to_port.name() + "'s MAC");
        }
        return Verdict::pass(from.name() + " reaches " + path.address.text + " (" + to_port.name() + ") by " +
                             (path.address.ipv6 ? "neighbour discovery" : "ARP") + ": " + answered);
    }

private:
    /// What the start-up or a run-time entry changed of the receive modes,
    /// back as snapshotted: promiscuous and all-multicast mode (off where a
    /// port not yet opened then has it on now), no multicast list. A driver
    /// without a mode (ENOTSUP) never left it.
    static Verdict restore_receive_modes(Port& port, const nlohmann::json& snapshot)
    {
        const auto put_back = [](const Result<bool>& now, const nlohmann::json& was,
                                 auto&& set) -> std::optional<Verdict> {
            const bool wanted = was.is_boolean() && was.get<bool>();
            if (!now || now.value() == wanted) {
                return std::nullopt;
            }
            if (auto done = set(wanted); !done && done.error().code != ENOTSUP) {
                return Verdict::fail(done.error().to_string());
            }
            return std::nullopt;
        };
        if (const auto was = snapshot.value("promiscuous", nlohmann::json()); was.is_boolean()) {
            if (auto failed = put_back(port.promiscuous(), was, [&](bool on) { return port.set_promiscuous(on); })) {
                return *failed;
            }
        }
        if (auto failed = put_back(port.all_multicast(), snapshot.value("all-multicast", nlohmann::json()),
                                   [&](bool on) { return port.set_all_multicast(on); })) {
            return *failed;
        }
        if (!port.multicast_macs().empty()) {
            if (auto set = port.set_multicast_macs({}); !set) {
                return Verdict::fail(set.error().to_string());
            }
        }
        return Verdict::pass();
    }

    std::shared_ptr<PmdRuntime> runtime_;
};

} // namespace

void register_pmd_operations(operations::OperationRegistry& registry, const PmdOptions& options,
                             const control::ControlBackends& control)
{
    auto runtime = PmdRuntime::shared(options);
    using Make = std::unique_ptr<operations::Operation> (*)(std::shared_ptr<PmdRuntime>);
    const std::pair<std::string_view, Make> operations[] = {
        {"traffic_mix", make_traffic_mix},
        {"jumbo_frame", make_jumbo_frame},
        {"payload_baseline", make_payload_baseline},
        {"ring_change_traffic", make_ring_change_traffic},
        {"queue_change_traffic", make_queue_change_traffic},
        {"link_speed_test", make_link_speed_test},
        {"throughput_search", make_throughput_search},
        {"mrr", make_mrr},
        {"offload_check", make_offload_check},
    };
    for (const auto& [name, make] : operations) {
        registry.add(name, "pmd_ops", [runtime, make] { return make(runtime); });
    }
    registry.add("link_flap_traffic", "pmd_ops", [runtime, control] { return make_link_flap_traffic(runtime, control); });
}

std::unique_ptr<operations::EndpointBackend> make_dpdk_backend(const PmdOptions& options)
{
    return std::make_unique<DpdkBackend>(PmdRuntime::shared(options));
}

std::string dpdk_version()
{
    return rte_version();
}

std::shared_ptr<control::PortOpener> make_ethdev_port_opener(const PmdOptions& options)
{
    return std::make_shared<EthdevPortOpener>(PmdRuntime::shared(options));
}

std::shared_ptr<operations::TrafficSource> make_traffic_source(const PmdOptions& options)
{
    return make_background_traffic(PmdRuntime::shared(options));
}

} // namespace hammer::pmd_ops
