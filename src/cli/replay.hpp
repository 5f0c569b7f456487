#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hammer::cli {

/// The flag of `hammer run` and `hammer plan` that takes a previous run's
/// result document as the topology, config and seed (docs/running.md, "Replay").
inline constexpr std::string_view replay_flag = "--replay";

/// What a result document says to run again.
struct Replay {
    std::string file;        ///< the result document, as named on the command line
    nlohmann::json topology; ///< the topology part: topology_of_result
    nlohmann::json config;   ///< test.metadata.hammer.config: the config as the run used it
    std::uint64_t seed = 0;  ///< test.metadata.hammer.seed
    std::string topology_file; ///< test.metadata.hammer.topology-file: the name the run knew it by
    std::string config_file;   ///< test.metadata.hammer.config-file
    std::string version_pointer; ///< where the topology's version is: topology_version_pointer
    /// What the replayed run records of this one: {"file", "run-id", "hash"}.
    nlohmann::json origin;
};

/// The topology part of a result document (docs/uti.md): `metadata`,
/// `reference`, `network` (with the state[] and command-history[] the runs
/// recorded, which the model allows in a topology), and `version` from
/// `topology-version`, or from `version` in results of hammer before they
/// had their own. Nothing when `document` is not a result document (an
/// object with a `test` member): then it is taken as a topology.
[[nodiscard]] std::optional<nlohmann::json> topology_of_result(const nlohmann::json& document);

/// Where the topology's `version` is in a result document: "/topology-version",
/// or "/version" in results before they had their own.
[[nodiscard]] std::string topology_version_pointer(const nlohmann::json& result);

/// Adds --replay RESULT.json to a command whose TOPOLOGY and CONFIG
/// positionals it replaces.
void add_replay_option(CLI::App& command, std::optional<std::string>& replay);

/// Throws InputError (exit 3) unless `command` got TOPOLOGY and CONFIG, or
/// --replay without them: the result holds both. A positional given as an
/// empty string counts as given: its loader names it ('': the path is empty).
void require_inputs_or_replay(const CLI::App& command, const std::optional<std::string>& replay);

/// Reads a result document for --replay. Throws InputError naming the file
/// and the JSON pointer of what is missing or of the wrong type (exit 3).
[[nodiscard]] Replay read_replay(const std::string& path);

} // namespace hammer::cli
