#include "src/search/result_json.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace hammer::search {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;

/// 88 bytes on the wire a frame: 64 and FCS, preamble, gap.
constexpr double wire_bits = 88 * 8;

Trial trial(double rate, std::uint64_t offered, std::uint64_t received, unsigned phase = 0)
{
    Trial trial;
    trial.rate = rate;
    trial.duration = milliseconds{1000};
    trial.elapsed = milliseconds{1100};
    trial.phase = phase;
    trial.directions = {{offered / 2, received / 2}, {offered - offered / 2, received - received / 2}};
    trial.offered = offered;
    trial.received = received;
    return trial;
}

TEST(ResultJson, BoundsAreCsitRatesForAllDirectionsAndEach)
{
    SearchResult result;
    Bounds ndr;
    ndr.loss_ratio = 0;
    ndr.lower = 1000;
    ndr.upper = 1004;
    ndr.width_reached = true;
    ndr.phase = 2;
    ndr.duration = milliseconds{1000};
    Bounds pdr;
    pdr.loss_ratio = 0.005;
    pdr.upper = 500; // not found: the minimum lost more
    result.bounds = {ndr, pdr};
    result.trials = {trial(1004, 2008, 2000, 2), trial(1000, 2000, 2000, 2)};
    result.complete = true;
    result.elapsed = milliseconds{2200};

    const json out = ndrpdr_json(SearchGoals{}, result, {"ndr", "pdr"}, wire_bits);

    EXPECT_EQ(out["type"], "NDRPDR");
    EXPECT_EQ(out["ndr"]["lower"]["rate"], json({{"value", 2000.0}, {"unit", "pps"}}));
    EXPECT_EQ(out["ndr"]["lower"]["bandwidth"]["value"], 2000.0 * wire_bits);
    EXPECT_EQ(out["ndr"]["lower"]["forward"]["rate"]["value"], 1000.0);
    EXPECT_EQ(out["ndr"]["lower"]["reverse"]["bandwidth"], json({{"value", 1000.0 * wire_bits}, {"unit", "bps"}}));
    EXPECT_EQ(out["ndr"]["upper"]["forward"]["rate"]["value"], 1004.0);
    EXPECT_TRUE(out["ndr"]["found"]);
    EXPECT_TRUE(out["ndr"]["width-reached"]);
    EXPECT_EQ(out["ndr"]["trial-duration-ms"], 1000);
    EXPECT_TRUE(out["pdr"]["lower"].is_null());
    EXPECT_FALSE(out["pdr"]["found"]);
    EXPECT_EQ(out["pdr"]["relative-width"], 1.0);
    EXPECT_EQ(out["search"]["trial-count"], 2);
    EXPECT_EQ(out["search"]["stopped-because"], "");
    ASSERT_EQ(out["trials"].size(), 2U);
    EXPECT_EQ(out["trials"][0]["offered"], 2008);
    EXPECT_EQ(out["trials"][0]["directions"][1],
              json({{"direction", "reverse"}, {"offered", 1004}, {"received", 1000}}));
    EXPECT_DOUBLE_EQ(out["trials"][0]["loss-ratio"].get<double>(), 8.0 / 2008.0);
}

TEST(ResultJson, MrrGivesEachTrialsReceivedRateWithMeanAndDeviation)
{
    const json out = mrr_json({trial(0, 3000, 3000), trial(0, 1000, 1000)}, 0, wire_bits);

    EXPECT_EQ(out["type"], "MRR");
    EXPECT_EQ(out["receive_rate"]["rate"]["values"], json({3000.0, 1000.0}));
    EXPECT_EQ(out["receive_rate"]["rate"]["avg"], 2000.0);
    EXPECT_DOUBLE_EQ(out["receive_rate"]["rate"]["stdev"].get<double>(), std::sqrt(2.0) * 1000.0);
    EXPECT_EQ(out["receive_rate"]["rate"]["unit"], "pps");
    EXPECT_EQ(out["receive_rate"]["bandwidth"]["avg"], 2000.0 * wire_bits);
    EXPECT_EQ(out["forward"]["receive_rate"]["rate"]["values"], json({1500.0, 500.0}));
    EXPECT_TRUE(out["offered-rate-pps"].is_null()); // unpaced
    EXPECT_EQ(out["trials"].size(), 2U);
}

} // namespace
} // namespace hammer::search
