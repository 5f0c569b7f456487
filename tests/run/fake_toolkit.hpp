#pragma once

#include "src/run/toolkit.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

/// Scripted operations and an in-memory endpoint backend for runner tests.
namespace hammer::run::test_support {

/// An endpoint backend whose "interfaces" are JSON objects in memory,
/// {"mtu": 1500, "up": true} when first seen; operations may change them.
class FakeBackend final : public operations::EndpointBackend {
public:
    [[nodiscard]] std::string_view name() const override { return "fake"; }
    [[nodiscard]] bool manages(const topology::Endpoint& endpoint) const override;
    [[nodiscard]] std::vector<operations::MissingPrivilege> missing_privileges(
        const topology::Endpoint& endpoint) const override;
    [[nodiscard]] nlohmann::json snapshot(const topology::Endpoint& endpoint) override;
    /// Driver "fake", version "1.0", bus-info the endpoint's name.
    [[nodiscard]] std::optional<operations::DeviceIdentity> identity(const topology::Endpoint& endpoint) override;
    operations::Verdict restore(const topology::Endpoint& endpoint, const nlohmann::json& snapshot) override;
    operations::Verdict reinitialise(const topology::Endpoint& endpoint, const nlohmann::json& snapshot,
                                     std::chrono::milliseconds up_timeout) override;
    /// Sets "mtu" and "addresses" of the state as `settings` asks, one "fake configure" command.
    operations::Verdict configure(const topology::Pair& pair, const topology::Endpoint& endpoint,
                                  const topology::InterfaceSettings& settings, record::Recorder& recorder) override;
    /// PASS, unless `from` is in `unreachable`.
    operations::Verdict reach(const topology::Pair& pair, const topology::Endpoint& from, const topology::Endpoint& to,
                              const operations::ReachPath& path, record::Recorder& recorder) override;

    /// The endpoint's state now ("node/tp").
    [[nodiscard]] nlohmann::json state(const std::string& endpoint) const;
    void set(const std::string& endpoint, const std::string& key, nlohmann::json value);

    /// What the process lacks for these endpoints ("node/tp" → capability).
    std::map<std::string, std::string> lacking;
    /// Snapshots of these endpoints throw.
    std::set<std::string> unreadable;
    /// Reading the identity of these endpoints throws.
    std::set<std::string> unidentifiable;
    /// Re-initialising these endpoints always fails.
    std::set<std::string> unrecoverable;
    /// Configuring these is an ERROR.
    std::set<std::string> unconfigurable;
    /// These reach nothing.
    std::set<std::string> unreachable;
    /// A PF's endpoint → the endpoints that cannot be read until a
    /// configuration with "sriov-numvfs" is applied to it: the VFs it makes.
    std::map<std::string, std::set<std::string>> makes;
    /// Restoring these SKIPs: nothing of the run's to put back (the default-route interface).
    std::set<std::string> left_alone;

    [[nodiscard]] unsigned reinitialisations() const { return reinitialisations_; }
    /// Configurations applied while an end of the same pair was being
    /// re-initialised: a DPDK pair's ports would be closed under them.
    [[nodiscard]] unsigned configured_during_reinitialisation() const { return configured_during_reinitialisation_; }
    [[nodiscard]] unsigned restores() const { return restores_; }

private:
    nlohmann::json& state_of(const std::string& endpoint);

    mutable std::mutex mutex_;
    std::map<std::string, nlohmann::json> states_;
    std::atomic<unsigned> reinitialisations_{0};
    std::multiset<std::string> reinitialising_; ///< endpoint names, under mutex_
    std::set<std::string> made_;                ///< PFs of `makes` that made their VFs, under mutex_
    std::atomic<unsigned> configured_during_reinitialisation_{0};
    std::atomic<unsigned> restores_{0};
};

/// How a scripted operation behaves.
enum class Behaviour {
    pass,               ///< runs to the deadline, records a command and counters
    fail_verify,        ///< runs to the deadline, then verify FAILs
    error_run,          ///< run returns ERROR at once
    setup_error_twice,  ///< setup is ERROR on its first two calls in the run, then PASS
    setup_error_always, ///< setup is always ERROR
    throw_setup,        ///< setup throws
    skip_setup,         ///< setup SKIPs (capability missing)
    ignore_deadline,    ///< run sleeps a year on the run clock unless stop is requested
    block_until_stop,   ///< run blocks outside the clock until stop: virtual time stands still
    overrun_2s,         ///< run ignores deadline and stop, sleeping 2 s past the deadline
    mutate_mtu,         ///< sets mtu 9000 on both ends and never puts it back
    pass_with_note,     ///< run PASSes saying what the device refused; verify PASSes silently
};

/// Binds catalog operation names to behaviours. The same Script outlives the
/// run, so counters shared by all slots (setup_error_twice) live here.
class Script {
public:
    explicit Script(FakeBackend& backend) : backend_{backend} {}

    /// Registers `name` with `behaviour` in `toolkit`.
    void bind(Toolkit& toolkit, std::string_view name, Behaviour behaviour);

    std::atomic<unsigned> setup_calls{0};
    std::atomic<unsigned> reset_calls{0};

    FakeBackend& backend() { return backend_; }

private:
    FakeBackend& backend_;
};

} // namespace hammer::run::test_support
