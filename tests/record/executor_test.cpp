#include "src/record/executor.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace hammer::record {
namespace {

using nlohmann::json;

/// detect_executor over a fixed set of variables instead of the process's own.
json detect(const std::map<std::string, std::string>& variables)
{
    return detect_executor([&variables](const char* name) -> const char* {
        const auto found = variables.find(name);
        return found == variables.end() ? nullptr : found->second.c_str();
    });
}

TEST(DetectExecutor, Jenkins)
{
    EXPECT_EQ(detect({{"JENKINS_URL", "https://ci.example/"}, {"JOB_NAME", "nic-qual"}, {"BUILD_NUMBER", "118"}}),
              json({{"ci", "jenkins"}, {"job", "nic-qual"}, {"build", 118}}));
}

TEST(DetectExecutor, GitLab)
{
    EXPECT_EQ(detect({{"GITLAB_CI", "true"}, {"CI_JOB_NAME", "smoke"}, {"CI_PIPELINE_IID", "42"}}),
              json({{"ci", "gitlab"}, {"job", "smoke"}, {"build", 42}}));
}

TEST(DetectExecutor, GitHubActions)
{
    EXPECT_EQ(detect({{"GITHUB_ACTIONS", "true"},
                      {"GITHUB_WORKFLOW", "ci"},
                      {"GITHUB_JOB", "unit"},
                      {"GITHUB_RUN_NUMBER", "7"}}),
              json({{"ci", "github-actions"}, {"job", "ci/unit"}, {"build", 7}}));
}

TEST(DetectExecutor, GitHubActionsOnlyWhenTheFlagIsTrue)
{
    EXPECT_EQ(detect({{"GITHUB_ACTIONS", "false"}, {"GITHUB_WORKFLOW", "ci"}})["ci"], "manual");
}

TEST(DetectExecutor, GitHubJobWithoutItsWorkflowHasNoSlash)
{
    EXPECT_EQ(detect({{"GITHUB_ACTIONS", "true"}, {"GITHUB_JOB", "unit"}})["job"], "unit");
}

TEST(DetectExecutor, ManualWhenNoCiIsThere)
{
    EXPECT_EQ(detect({{"HOME", "/root"}, {"BUILD_NUMBER", "5"}}), json({{"ci", "manual"}, {"job", ""}, {"build", nullptr}}));
}

TEST(DetectExecutor, JenkinsComesFirst)
{
    EXPECT_EQ(detect({{"JENKINS_URL", "https://ci.example/"}, {"GITLAB_CI", "true"}, {"GITHUB_ACTIONS", "true"}})["ci"],
              "jenkins");
}

TEST(DetectExecutor, ABuildThatIsNotANumberIsNull)
{
    for (const char* build : {"", "12a", "-3", "nightly", "1.5"}) {
        SCOPED_TRACE(build);
        EXPECT_EQ(detect({{"JENKINS_URL", "x"}, {"BUILD_NUMBER", build}})["build"], nullptr);
    }
    EXPECT_EQ(detect({{"JENKINS_URL", "x"}})["build"], nullptr);
    EXPECT_EQ(detect({{"JENKINS_URL", "x"}})["job"], "");
}

} // namespace
} // namespace hammer::record
