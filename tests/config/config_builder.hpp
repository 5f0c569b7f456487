#pragma once

#include "src/common/diagnostics.hpp"
#include "tests/support/diagnostic_matchers.hpp"
#include "src/config/run_config.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

/// Small builders for run configs: each test starts from a valid one and changes
/// the member it is about, so the test shows only what differs.
namespace hammer::config::test_support {

using nlohmann::json;

/// The name every config built here claims to come from.
inline constexpr std::string_view test_file = "c.json";

/// The smallest valid config: a one-minute run of link_flap with every default.
[[nodiscard]] json minimal_config();

/// minimal_config() with `operations` as its operation map.
[[nodiscard]] json config_with_operations(json operations);

/// minimal_config() whose only operation is `name` with `params`.
[[nodiscard]] json config_with_params(const std::string& name, json params);

/// Serialises `document`, parses it back as the text of c.json, then loads it.
[[nodiscard]] RunConfig load(const json& document);

/// Loads a config written as JSON text.
[[nodiscard]] RunConfig load_text(std::string_view text);

/// The diagnostics loading `document` throws; records a test failure when it loads.
[[nodiscard]] std::vector<Diagnostic> load_errors(const json& document);

using hammer::test_support::lines_of;

/// Exactly one diagnostic: in c.json, at `pointer` exactly, with `message_part` in its message.
[[nodiscard]] inline ::testing::AssertionResult is_single_error(const std::vector<Diagnostic>& diagnostics,
                                                                std::string_view pointer, std::string_view message_part)
{
    return hammer::test_support::is_single_error_in(test_file, diagnostics, pointer, message_part);
}

/// Some diagnostic is in c.json at `pointer` exactly and has `message_part` in its message.
[[nodiscard]] inline ::testing::AssertionResult has_error(const std::vector<Diagnostic>& diagnostics,
                                                          std::string_view pointer, std::string_view message_part)
{
    return hammer::test_support::has_error_in(test_file, diagnostics, pointer, message_part);
}

} // namespace hammer::config::test_support
