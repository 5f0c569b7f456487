#pragma once

#include "src/common/diagnostics.hpp"
#include "tests/support/diagnostic_matchers.hpp"
#include "src/topology/model.hpp"
#include "src/topology/pairing.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

/// Small builders for topology documents: each test starts from a valid one and
/// mutates the member it is about, so the test shows only what differs.
namespace hammer::topology::test_support {

using nlohmann::json;

/// The name every document built here claims to come from.
inline constexpr std::string_view test_file = "t.json";

/// A termination point reached through the kernel as `ifname` (in hammer's own namespace).
[[nodiscard]] json kernel_tp(const std::string& tp_id, const std::string& ifname);

/// A termination point reached through DPDK with `devargs` (a vdev string or PCI address).
[[nodiscard]] json devargs_tp(const std::string& tp_id, const std::string& devargs);

/// A termination point reached through an in-process DPDK ring port.
[[nodiscard]] json ring_tp(const std::string& tp_id, const std::string& ring);

/// A termination point hammer cannot reach (a switch port, a cable end).
[[nodiscard]] json bare_tp(const std::string& tp_id);

/// A node with the given termination points and no attr.
[[nodiscard]] json node(const std::string& node_id, json termination_points = json::array());

/// A node with one kernel port "p0" whose interface is `ifname`.
[[nodiscard]] json host(const std::string& node_id, const std::string& ifname);

[[nodiscard]] json link(const std::string& link_id, const std::string& source_node, const std::string& source_tp,
                        const std::string& destination_node, const std::string& destination_tp);

/// A whole valid document around `nodes` and `links` (version 0.1.0, network-id "net").
[[nodiscard]] json document(json nodes, json links = json::array());

/// The smallest useful topology: hosts "h1" (eth1) and "h2" (eth2), each with
/// kernel port "p0", cabled by link "l0" from h1/p0 to h2/p0.
[[nodiscard]] json minimal_topology();

/// Serialises `document` and parses it back as the text of t.json, then loads it.
[[nodiscard]] Model load(const json& document);

/// Loads a topology written as JSON text.
[[nodiscard]] Model load_text(std::string_view text);

/// The diagnostics loading `document` throws; records a test failure when it loads.
[[nodiscard]] std::vector<Diagnostic> load_errors(const json& document);

/// The diagnostics derive_pairs() throws for a document that loads; records a
/// test failure when loading fails or the pairing succeeds.
[[nodiscard]] std::vector<Diagnostic> pairing_errors(const json& document, std::uint64_t seed = 1);

using hammer::test_support::lines_of;

/// Exactly one diagnostic: in t.json, at `pointer` exactly, with `message_part` in its message.
[[nodiscard]] inline ::testing::AssertionResult is_single_error(const std::vector<Diagnostic>& diagnostics,
                                                                std::string_view pointer, std::string_view message_part)
{
    return hammer::test_support::is_single_error_in(test_file, diagnostics, pointer, message_part);
}

/// Some diagnostic is in t.json at `pointer` exactly and has `message_part` in its message.
[[nodiscard]] inline ::testing::AssertionResult has_error(const std::vector<Diagnostic>& diagnostics,
                                                          std::string_view pointer, std::string_view message_part)
{
    return hammer::test_support::has_error_in(test_file, diagnostics, pointer, message_part);
}

/// "a-node/a-tp b-node/b-tp" for each pair, in pair order.
[[nodiscard]] std::vector<std::string> pair_names(const Pairing& pairing);

} // namespace hammer::topology::test_support
