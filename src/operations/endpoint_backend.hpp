#pragma once

#include "src/operations/device_identity.hpp"
#include "src/operations/outcome.hpp"
#include "src/topology/pairing.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hammer::record {
class Recorder;
}

namespace hammer::operations {

/// A capability this process lacks, and what needs it.
struct MissingPrivilege {
    std::string capability; ///< "CAP_NET_ADMIN"
    std::string needed_for; ///< "netlink and ethtool changes to hm0a"
};

/// One way a pair's ends must reach each other before the run: from an
/// interface of one end (its own, or a VLAN interface on it; a DPDK-only
/// port's device name) to an address the start-up configuration gave the
/// other end's, from the sending end's address in the same subnet.
struct ReachPath {
    std::string from_ifname;
    std::string to_ifname;
    topology::IpAddress address;
    topology::IpAddress source;
};

/// Keeps one kind of state of an endpoint (the kernel interface, the DPDK
/// port): reads it before the run, puts it back after, and brings a broken
/// endpoint back to life. The runner holds one per backend, shared by all
/// pair threads, so implementations are thread-safe.
class EndpointBackend {
public:
    EndpointBackend() = default;
    EndpointBackend(const EndpointBackend&) = delete;
    EndpointBackend& operator=(const EndpointBackend&) = delete;
    virtual ~EndpointBackend() = default;

    /// "kernel", "dpdk": names snapshots in the journal, so `hammer restore`
    /// hands each one back to the backend that took it.
    [[nodiscard]] virtual std::string_view name() const = 0;

    /// Whether the endpoint has state of this backend's kind.
    [[nodiscard]] virtual bool manages(const topology::Endpoint& endpoint) const = 0;

    /// What this process lacks to work on the endpoint; empty when nothing.
    /// Asked before the run touches anything, so that a missing privilege
    /// stops it with one message instead of every step ERRORing with EPERM.
    [[nodiscard]] virtual std::vector<MissingPrivilege> missing_privileges(
        const topology::Endpoint& endpoint) const = 0;

    /// Reads what restore() puts back. Throws std::runtime_error when the
    /// endpoint cannot be read; the runner then leaves the endpoint alone.
    [[nodiscard]] virtual nlohmann::json snapshot(const topology::Endpoint& endpoint) = 0;

    /// The device behind the endpoint: driver, versions, bus. nullopt while
    /// this backend has not met the device yet (a DPDK port is probed by the
    /// first step that needs it): the runner asks again after each step's
    /// setup. Throws std::runtime_error when it cannot be read; the run goes
    /// on and records why.
    [[nodiscard]] virtual std::optional<DeviceIdentity> identity(const topology::Endpoint& endpoint) = 0;

    /// Puts `snapshot` back and reads it back to check.
    virtual Verdict restore(const topology::Endpoint& endpoint, const nlohmann::json& snapshot) = 0;

    /// Recovery after an ERROR: restore the snapshot, bring the endpoint up
    /// (carrier within `up_timeout`), re-create what the run needs of it.
    virtual Verdict reinitialise(const topology::Endpoint& endpoint, const nlohmann::json& snapshot,
                                 std::chrono::milliseconds up_timeout) = 0;

    /// Applies a start-up or run-time configuration (docs/topology.md) to
    /// `endpoint`, an end of `pair`, after its snapshot, each change and
    /// read-back in command-history through `recorder`; the restore undoes
    /// it. PASS when it reads back as asked, ERROR naming each refusal; SKIP
    /// (this default) when the backend applies none of it, with the reason.
    virtual Verdict configure(const topology::Pair& pair, const topology::Endpoint& endpoint,
                              const topology::InterfaceSettings& settings, record::Recorder& recorder);

    /// Whether `from` reaches `to`, the other end of `pair`, along `path`:
    /// an answer (ICMP echo, ARP, IPv6 neighbour advertisement) that names
    /// `to`'s interface. SKIP (this default) when the backend cannot send from `from`.
    virtual Verdict reach(const topology::Pair& pair, const topology::Endpoint& from, const topology::Endpoint& to,
                          const ReachPath& path, record::Recorder& recorder);
};

} // namespace hammer::operations
