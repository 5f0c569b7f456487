#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace hammer::output {

/// The JUnit report of a run directory, beside result.json.
inline constexpr std::string_view junit_file_name = "junit.xml";

/// The run's result (a UTI document, docs/uti.md) as JUnit XML, the form
/// Jenkins, GitLab and most CI systems read: one <testsuite> per pair, one
/// <testcase> per step — classname "hammer.<pair-id>", name
/// "<operation-id>#loop<N>", time in seconds — with <failure> for FAIL,
/// <error> for ERROR (an interrupted step is one) and <skipped> for SKIP,
/// each carrying the step's message. docs/results.md has the whole mapping.
/// Throws nlohmann::json::exception when `uti` lacks a member every result has.
[[nodiscard]] std::string render_junit(const nlohmann::json& uti);

} // namespace hammer::output
