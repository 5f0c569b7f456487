#include "src/output/csit.hpp"

#include "src/record/uti.hpp"
#include "tests/output/csit_sample.hpp"
#include "tests/output/sample_result.hpp"
#include "tests/record/run_directory.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace hammer::output {
namespace {

using nlohmann::json;

/// A copy: `documents` is often a temporary.
json document_named(const std::vector<CsitDocument>& documents, const std::string& name)
{
    for (const auto& document : documents) {
        if (document.file_name == name) {
            return document.document;
        }
    }
    ADD_FAILURE() << "no document " << name;
    return json::object();
}

TEST(Csit, OneDocumentPerResultThatCsitHasATypeFor)
{
    const auto documents = render_csit(testing::csit_sample_result());
    std::vector<std::string> names;
    for (const auto& document : documents) {
        names.push_back(document.file_name);
    }
    // The search the run died in has no bounds: no document.
    EXPECT_EQ(names, (std::vector<std::string>{"pair0.search.ndrpdr.1.json", "pair0.mrr.mrr.1.json",
                                               "pair0.flap.reconf.1.json", "pair0.flap.reconf.2.json"}));
}

TEST(Csit, AResultWithoutSuchResultsHasNone)
{
    EXPECT_TRUE(render_csit(testing::sample_result({})).empty());
}

TEST(Csit, NdrpdrCarriesTheBoundsOfAllDirectionsAndLatencyInMicroseconds)
{
    const auto uti = testing::csit_sample_result();
    const auto& hammer = uti["test"]["results"]["pairs"][0]["throughput"][0]["result"];
    const auto csit = document_named(render_csit(uti), "pair0.search.ndrpdr.1.json");
    EXPECT_EQ(csit["version"], "1.5.1");
    EXPECT_EQ(csit["test_type"], "ndrpdr");
    EXPECT_EQ(csit["result"]["type"], "ndrpdr");
    for (const char* threshold : {"ndr", "pdr"}) {
        EXPECT_EQ(csit["result"][threshold]["lower"],
                  json({{"rate", hammer[threshold]["lower"]["rate"]},
                        {"bandwidth", hammer[threshold]["lower"]["bandwidth"]}}))
            << "CSIT's bound is the aggregate, without hammer's per-direction members";
        EXPECT_EQ(csit["result"][threshold]["upper"]["rate"], hammer[threshold]["upper"]["rate"]);
    }
    // 900 / 1500 / 2100 ns: min rounded down, avg to nearest, max up.
    EXPECT_EQ(csit["result"]["latency_forward"]["pdr_0"],
              json({{"min", 0}, {"avg", 2}, {"max", 3}, {"hdrh", ""}, {"unit", "us"}}));
    EXPECT_EQ(csit["result"]["latency_reverse"]["pdr_90"]["max"], 40);
    EXPECT_TRUE(csit["passed"]);
    EXPECT_EQ(csit["message"], "");
    EXPECT_EQ(csit["start_time"], uti["test"]["results"]["pairs"][0]["steps"][0]["timestamp"]);
    EXPECT_EQ(csit["end_time"], "2026-11-18T11:06:43.005Z") << "the step's start + its 2995 ms";
    EXPECT_EQ(csit["duration"], 2.995);
    EXPECT_EQ(csit["dut_type"], "ice");
    EXPECT_EQ(csit["dut_version"], "1.13.7, firmware 4.40");
    EXPECT_EQ(csit["tg_type"], "hammer");
    EXPECT_EQ(csit["hosts"], json::array({"unknown"})) << "this run recorded no host";
    EXPECT_EQ(csit["test_id"], "bench.smoke.pair0.search-ndrpdr");
    EXPECT_EQ(csit["test_name_short"], "search-ndrpdr");
}

TEST(Csit, LatencyIsLeftOutUnlessEveryLoadCsitNamesWasMeasured)
{
    auto uti = testing::csit_sample_result();
    uti["test"]["results"]["pairs"][0]["throughput"][0]["result"]["latency"]["forward"].erase("pdr_0");
    const auto csit = document_named(render_csit(uti), "pair0.search.ndrpdr.1.json");
    EXPECT_FALSE(csit["result"].contains("latency_forward"));
    EXPECT_TRUE(csit["result"].contains("latency_reverse"));
}

TEST(Csit, ABoundNotFoundIsZeroAndAMaximumThatPassedHasNoUpperBound)
{
    auto uti = testing::csit_sample_result();
    auto& ndr = uti["test"]["results"]["pairs"][0]["throughput"][0]["result"]["ndr"];
    ndr["lower"] = nullptr;
    ndr["upper"] = nullptr;
    const auto csit = document_named(render_csit(uti), "pair0.search.ndrpdr.1.json");
    EXPECT_EQ(csit["result"]["ndr"], json({{"lower", {{"rate", {{"value", 0}, {"unit", "pps"}}}}}}));
}

TEST(Csit, MrrCarriesTheReceiveRatesAndAFailureItsMessage)
{
    const auto uti = testing::csit_sample_result();
    const auto csit = document_named(render_csit(uti), "pair0.mrr.mrr.1.json");
    EXPECT_EQ(csit["result"], json({{"type", "mrr"},
                                    {"receive_rate", uti["test"]["results"]["pairs"][0]["throughput"][1]["result"]
                                                        ["receive_rate"]}}));
    EXPECT_FALSE(csit["passed"]);
    EXPECT_EQ(csit["message"], "FAIL: received 12 % below the last run");
}

TEST(Csit, AnOutageIsAReconfResult)
{
    const auto csit = document_named(render_csit(testing::csit_sample_result()), "pair0.flap.reconf.2.json");
    EXPECT_EQ(csit["test_type"], "reconf");
    EXPECT_EQ(csit["result"], json::parse(R"({"type": "reconf",
        "aggregate_rate": {"rate": {"value": 20000.0, "unit": "pps"}},
        "loss": {"packet": {"value": 10400, "unit": "packets"}, "time": {"value": 0.48, "unit": "s"}}})"));
}

TEST(Csit, WrittenIntoTheRunsCsitFolder)
{
    const record::testing::RunDirectory directory;
    const auto uti = testing::csit_sample_result();
    write_csit(directory.path(), uti);
    std::ifstream in{directory.path() / "csit" / "pair0.flap.reconf.1.json"};
    ASSERT_TRUE(in);
    EXPECT_EQ(json::parse(in), document_named(render_csit(uti), "pair0.flap.reconf.1.json"));
}

} // namespace
} // namespace hammer::output
