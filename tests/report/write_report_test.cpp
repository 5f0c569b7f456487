#include "src/report/report.hpp"

#include "src/common/diagnostics.hpp"
#include "src/report/result_file.hpp"
#include "tests/report/report_documents.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace hammer::report {
namespace {

using record::testing::RunDirectory;
using record::testing::write_file;

std::string contents_of(const std::filesystem::path& file)
{
    std::ifstream in{file, std::ios::binary};
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string problem_of(const std::filesystem::path& path)
{
    try {
        (void)read_result_file(path);
    } catch (const InputError& error) {
        return error.what();
    }
    return "";
}

TEST(WriteReport, WritesTheRunsReportBesideItsResult)
{
    RunDirectory run;
    const auto document = testing::two_pair_document();
    write_report(run.path(), document);
    const auto written = contents_of(run.path() / report_file_name);
    EXPECT_EQ(written, render_html({{document, (run.path() / "result.json").string()}}));
    EXPECT_NE(written.find(R"(id="run-0-gantt")"), std::string::npos);
    EXPECT_FALSE(std::filesystem::exists(run.path() / "report.html.tmp"));

    // A second write replaces the first.
    auto changed = document;
    changed["test"]["metadata"]["hammer"]["run-id"] = "run-99";
    write_report(run.path(), changed);
    EXPECT_NE(contents_of(run.path() / report_file_name).find("run-99"), std::string::npos);
}

TEST(WriteReport, RefusesADirectoryThatIsNotThere)
{
    RunDirectory run;
    EXPECT_THROW(write_report(run.path() / "gone", testing::two_pair_document()), std::system_error);
}

TEST(ResultFile, ReadsAFileOrTheResultOfARunDirectory)
{
    RunDirectory run;
    const auto document = testing::two_pair_document();
    write_file(run.path() / "result.json", document.dump(2));
    const auto from_directory = read_result_file(run.path());
    EXPECT_EQ(from_directory.document, document);
    EXPECT_EQ(from_directory.file_name, (run.path() / "result.json").string());
    EXPECT_EQ(read_result_file(run.path() / "result.json").document, document);
}

TEST(ResultFile, NamesTheFileItCannotRead)
{
    RunDirectory run;
    EXPECT_EQ(problem_of(run.path() / "none.json"), (run.path() / "none.json").string() + ": cannot read: no such file");
    write_file(run.path() / "cut.json", "{\"test\": {\n  \"metadata\": ");
    EXPECT_EQ(problem_of(run.path() / "cut.json"),
              (run.path() / "cut.json").string() +
                  ": line 2, column 15: invalid JSON: syntax error while parsing value - unexpected end of input; "
                  "expected '[', '{', or a literal");
}

} // namespace
} // namespace hammer::report
