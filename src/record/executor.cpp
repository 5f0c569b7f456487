#include "src/record/executor.hpp"

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace hammer::record {
namespace {

using Environment = std::function<const char*(const char*)>;

std::string variable(const Environment& get_env, const char* name)
{
    const char* value = get_env(name);
    return value == nullptr ? std::string{} : std::string{value};
}

/// A build number, or null when the variable is unset, empty or not a number
/// (a CI that puts a name there gives us nothing to order builds by).
nlohmann::json build_number(std::string_view text)
{
    std::uint64_t number = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size()) {
        return nullptr;
    }
    return number;
}

nlohmann::json executor(std::string_view ci, std::string job, std::string_view build)
{
    return {{"ci", ci}, {"job", std::move(job)}, {"build", build_number(build)}};
}

/// GitHub names a run by workflow and job; either may be missing outside a real runner.
std::string github_job(const Environment& get_env)
{
    const auto workflow = variable(get_env, "GITHUB_WORKFLOW");
    const auto job = variable(get_env, "GITHUB_JOB");
    if (workflow.empty() || job.empty()) {
        return workflow + job;
    }
    return workflow + "/" + job;
}

} // namespace

nlohmann::json detect_executor(const Environment& get_env)
{
    if (get_env("JENKINS_URL") != nullptr) {
        return executor("jenkins", variable(get_env, "JOB_NAME"), variable(get_env, "BUILD_NUMBER"));
    }
    if (get_env("GITLAB_CI") != nullptr) {
        return executor("gitlab", variable(get_env, "CI_JOB_NAME"), variable(get_env, "CI_PIPELINE_IID"));
    }
    if (variable(get_env, "GITHUB_ACTIONS") == "true") {
        return executor("github-actions", github_job(get_env), variable(get_env, "GITHUB_RUN_NUMBER"));
    }
    return {{"ci", "manual"}, {"job", ""}, {"build", nullptr}};
}

} // namespace hammer::record
