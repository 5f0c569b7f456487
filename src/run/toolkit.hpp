#pragma once

#include "src/operations/endpoint_backend.hpp"
#include "src/operations/registry.hpp"

#include "src/config/run_config.hpp"
#include "src/topology/pairing.hpp"

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace hammer::run {

/// What the backends of a build give a run: the operations they implement
/// and the endpoint state they keep (kernel interfaces, DPDK ports).
struct Toolkit {
    operations::OperationRegistry operations;
    std::vector<std::unique_ptr<operations::EndpointBackend>> backends;
    /// What the backends are built on, by component, for the result's
    /// test.metadata.software: {"dpdk": "DPDK 22.11.4"}. Core cannot ask DPDK.
    std::map<std::string, std::string> software;

    [[nodiscard]] operations::EndpointBackend* find_backend(std::string_view name) const;

    /// What this process lacks to run on `pairs`, one message for all:
    /// "it lacks CAP_NET_ADMIN (netlink and ethtool changes to c0a, c0b)";
    /// empty when nothing. Asks every backend about every endpoint it manages.
    [[nodiscard]] std::string missing_privileges(const std::vector<topology::Pair>& pairs) const;
};

/// What a run asks of the backends when it makes its toolkit.
struct ToolkitRequest {
    const config::RunConfig& config;
    std::vector<std::string> eal_args; ///< the config's, then those after `--` on the command line
    std::size_t pairs = 0;              ///< interface pairs the run drives (0: none, or not known)
};

/// Makes the toolkit of a build: main() binds kernel_ops and pmd_ops, tests
/// bind fakes. Must not touch any device: `hammer ops` calls it to list what
/// is implemented, and nothing may change before the snapshots are taken.
using ToolkitFactory = std::function<std::unique_ptr<Toolkit>(const ToolkitRequest&)>;

} // namespace hammer::run
