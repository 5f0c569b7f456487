#pragma once

// The traffic operations driven through the interfaces the runner uses: the
// registry, OperationContext, the recorder, the "dpdk" backend. A binary
// using this has no DpdkEnvironment: pmd_ops starts EAL itself, on the first
// setup, with the options the binary gives (one EAL per process).

#include "pmd_ops/pmd_ops.hpp"
#include "src/operations/endpoint_backend.hpp"
#include "src/operations/operation.hpp"
#include "src/operations/registry.hpp"
#include "src/topology/pairing.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace hammer::pmd_ops::testing {

/// The options of this binary's runtime; each test binary defines it,
/// starting from test_environment_options().
[[nodiscard]] PmdOptions harness_options();

/// What every test binary's runtime has: no PCI scan, and --no-huge when
/// HAMMER_TEST_NO_HUGE=1 (the mode a machine without hugepages gets).
[[nodiscard]] PmdOptions test_environment_options();

/// Every parameter of `operation` at its default.
[[nodiscard]] nlohmann::json defaults(std::string_view operation);

/// A pair of in-process ring ports named after `id`.
[[nodiscard]] topology::Pair ring_pair(const std::string& id);

/// setup → run for `slot` → verify → reset, as the runner does; the worst outcome and its message.
operations::Verdict step(const topology::Pair& pair, std::string_view name, const nlohmann::json& params,
                         std::chrono::milliseconds slot = std::chrono::milliseconds{400});

/// step() of a control operation with background traffic on the pair: the
/// run config's background_traffic at 20 000 frames/s per direction.
operations::Verdict step_under_traffic(const topology::Pair& pair, std::string_view name,
                                       const nlohmann::json& params,
                                       std::chrono::milliseconds slot = std::chrono::milliseconds{400});

/// The journal's events of `kind` for `pair_id`, in order.
[[nodiscard]] std::vector<nlohmann::json> journaled(std::string_view kind, std::string_view pair_id);

[[nodiscard]] bool is_root();

/// The "dpdk" endpoint backend of the harness.
[[nodiscard]] operations::EndpointBackend& dpdk_backend();
/// The registry the pmd_ops and control operations were registered into.
[[nodiscard]] const operations::OperationRegistry& registry();
/// The whole journal so far.
[[nodiscard]] std::string journal_text();

} // namespace hammer::pmd_ops::testing
