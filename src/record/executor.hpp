#pragma once

#include <nlohmann/json.hpp>

#include <functional>

namespace hammer::record {

/// Who ran hammer, for test.metadata.test_executor: {"ci", "job", "build"}.
/// "ci" is "jenkins" (JENKINS_URL set; JOB_NAME; BUILD_NUMBER), "gitlab"
/// (GITLAB_CI; CI_JOB_NAME; CI_PIPELINE_IID), "github-actions"
/// (GITHUB_ACTIONS=true; GITHUB_WORKFLOW/GITHUB_JOB; GITHUB_RUN_NUMBER), checked
/// in that order, else "manual" with job "" and build null. A build number
/// that is not a non-negative integer is null. `get_env` is std::getenv in
/// hammer and a table in tests; it returns nullptr for an unset variable.
[[nodiscard]] nlohmann::json detect_executor(const std::function<const char*(const char*)>& get_env);

} // namespace hammer::record
