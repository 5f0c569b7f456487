#pragma once

#include "src/store/store_location.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>

namespace hammer::output {

/// Where a run's result goes besides result.json.
struct PublishOptions {
    bool junit = true; ///< the config's output.junit: write junit.xml
    store::StoreLocation store;
};

/// Writes a run's outputs into `run_directory` (docs/results.md), in the order
/// that loses least when one fails: result.json first (atomically), then the
/// run into the store, which chains it to the run stored last (result.json is
/// written again when that changed its previous_hash and hash), then junit.xml,
/// the CSIT-model documents (csit/) and report.html of the document as stored.
/// When result.json cannot be
/// written this throws std::system_error, and nothing else is attempted. A
/// later output that fails is logged, the others are still written, and the
/// answer is false: the run's results are incomplete, its exit code ERROR.
[[nodiscard]] bool publish_result(const std::filesystem::path& run_directory, const nlohmann::json& uti,
                                  const PublishOptions& options);

} // namespace hammer::output
