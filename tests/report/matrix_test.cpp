#include "src/report/outcome_matrix.hpp"

#include "src/report/read_run.hpp"
#include "src/report/report.hpp"
#include "tests/report/report_documents.hpp"

#include <gtest/gtest.h>

namespace hammer::report {
namespace {

TEST(OutcomeMatrix, CountsEveryStepOfEveryPairByOperation)
{
    const auto matrix = outcome_matrix(read_run(testing::two_pair_document(), "two-pair.json"));
    ASSERT_EQ(matrix.operations, (std::vector<std::string>{"flap", "jumbo"}));
    ASSERT_EQ(matrix.pairs, (std::vector<std::string>{"pair0", "pair1"}));
    // pair0: flap PASS, jumbo ERROR; pair1: jumbo FAIL, flap SKIP.
    EXPECT_EQ(matrix.cells[0][0].pass, 1U);
    EXPECT_EQ(matrix.cells[0][0].total(), 1U);
    EXPECT_EQ(matrix.cells[0][1].error, 1U);
    EXPECT_EQ(matrix.cells[1][0].skip, 1U);
    EXPECT_EQ(matrix.cells[1][1].fail, 1U);
    EXPECT_EQ(matrix.operation_totals[0].compact(), "P 1 S 1");
    EXPECT_EQ(matrix.operation_totals[1].compact(), "F 1 E 1");
    EXPECT_EQ(matrix.pair_totals[1].compact(), "F 1 S 1");
    EXPECT_EQ(matrix.total.total(), 4U);
    EXPECT_EQ(matrix.total.worst(), "ERROR");
}

TEST(OutcomeMatrix, CountsManyLoops)
{
    const auto matrix = outcome_matrix(read_run(testing::long_document(400, 0), "long.json"));
    ASSERT_EQ(matrix.operations.size(), 2U);
    // Steps alternate flap, mtu; steps 99, 199, 299, 399 (all mtu) failed.
    EXPECT_EQ(matrix.cells[0][0].pass, 200U);
    EXPECT_EQ(matrix.cells[0][1].pass, 196U);
    EXPECT_EQ(matrix.cells[0][1].fail, 4U);
}

TEST(OutcomeMatrix, TableShowsTheCountsColouredByWorstOutcome)
{
    const auto page = render_html({{testing::two_pair_document(), "two-pair.json"}});
    EXPECT_NE(page.find(R"(<section class="matrix" id="run-0-matrix">)"), std::string::npos);
    EXPECT_NE(page.find(R"(<tr data-pair="pair0"><th>pair0</th><td class="counts o-PASS" title="pair0 · flap: 1 passed, 0 failed, 0 errors, 0 skipped">P 1</td><td class="counts o-ERROR")"),
              std::string::npos);
    EXPECT_NE(page.find(R"(<td class="counts o-SKIP" title="pair1 · flap: 0 passed, 0 failed, 0 errors, 1 skipped">S 1</td>)"),
              std::string::npos);
    EXPECT_NE(page.find(R"(<td class="counts o-ERROR" title="the run: 1 passed, 1 failed, 1 errors, 1 skipped">P 1 F 1 E 1 S 1</td>)"),
              std::string::npos);
}

} // namespace
} // namespace hammer::report
