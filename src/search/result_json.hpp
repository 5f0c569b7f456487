#pragma once

// Search and MRR results as the run document carries them: shaped after
// FD.io CSIT's NDRPDR and MRR results (rates with their bandwidth, lower
// and upper bounds per threshold), with every trial besides.

#include "src/search/rate_search.hpp"

#include <nlohmann/json.hpp>

#include <vector>

namespace hammer::search {

/// {"rate": {"value": pps, "unit": "pps"}, "bandwidth": {"value": bps, "unit": "bps"}},
/// a frame taking `wire_bits` on the wire.
[[nodiscard]] nlohmann::json rate_json(double pps, double wire_bits);

/// The "NDRPDR" result: per threshold ("ndr", "pdr", then "loss-N" for
/// more), lower and upper bounds for all directions together and per
/// direction, how wide they are and whether the goal was reached; how the
/// search went; every trial. `names` name the thresholds' entries in order.
[[nodiscard]] nlohmann::json ndrpdr_json(const SearchGoals& goals, const SearchResult& result,
                                         const std::vector<std::string>& names, double wire_bits);

/// The "MRR" result: the received rate of every trial (all directions and
/// per direction) with its mean and standard deviation, and the trials.
/// `offered_rate`: per direction; 0 when unpaced.
[[nodiscard]] nlohmann::json mrr_json(const std::vector<Trial>& trials, double offered_rate, double wire_bits);

/// A trial as the results list it.
[[nodiscard]] nlohmann::json trial_json(const Trial& trial);

} // namespace hammer::search
