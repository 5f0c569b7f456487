#pragma once

#include "src/config/run_config.hpp"
#include "src/record/recorder.hpp"
#include "src/schedule/schedule.hpp"
#include "src/topology/model.hpp"
#include "src/topology/pairing.hpp"

#include <string>
#include <vector>

namespace hammer::run {

/// What identifies a run beyond its inputs.
struct RunIdentity {
    std::string run_id;
    std::string seed_source;
    nlohmann::json executor;   ///< record::detect_executor
    std::string previous_hash; ///< the hash of the result store's newest run, "" when it holds none
    nlohmann::json host;       ///< record::read_host; null: not recorded
    nlohmann::json software;   ///< Toolkit::software
    nlohmann::json replay_of;  ///< the result a replay runs again (record::RunHeader::replay_of); null: none
};

/// The journal's "run-start": inputs, pairs, schedule and test metadata.
/// Test id "hammer.<network-id>.<config name>"; tags: HAMMER, the mode, the
/// order, the patterns and the operations; documentation: the config's
/// "$comment", else a sentence naming the files.
[[nodiscard]] record::RunHeader make_run_header(const topology::Model& model, const std::vector<topology::Pair>& pairs,
                                                const config::RunConfig& config, const schedule::Schedule& schedule,
                                                RunIdentity identity);

} // namespace hammer::run
