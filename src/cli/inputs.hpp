#pragma once

#include "src/config/run_config.hpp"
#include "src/config/seed.hpp"
#include "src/topology/model.hpp"
#include "src/topology/pairing.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hammer::cli {

/// What every command that works on a run reads first.
struct Inputs {
    topology::Model model;
    std::optional<config::RunConfig> config;
    config::SeedChoice seed;
    topology::Pairing pairing;
    nlohmann::json replay_of; ///< --replay: {"file", "run-id", "hash"} of the result; else null

    [[nodiscard]] std::vector<std::string> pair_ids() const;
};

/// Loads the topology and (when given) the run config, chooses the seed
/// (--seed, else the config's, else drawn) and derives the pairs with it.
/// The topology may be a result document: its topology part is taken.
/// Throws InputError on bad input, and when the topology gives no pair at all.
[[nodiscard]] Inputs load_inputs(const std::string& topology_path, const std::optional<std::string>& config_path,
                                 std::optional<std::uint64_t> seed_flag);

/// The same from a previous run's result document (--replay): its topology,
/// its config as that run used it, and its seed unless `seed_flag` is given.
/// Bad input is named by the result file and the JSON pointer inside it.
[[nodiscard]] Inputs load_replay_inputs(const std::string& result_path, std::optional<std::uint64_t> seed_flag);

} // namespace hammer::cli
