#pragma once

#include "src/record/journal_reader.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace hammer::record {

/// The result document of a run directory.
inline constexpr std::string_view result_file_name = "result.json";

/// MAJOR.MINOR.PATCH of the result document's own structure (docs/uti.md,
/// "Versions"): bumped whenever a member is added, removed or changes
/// meaning. The topology's version is kept beside it as `topology-version`.
/// Results of hammer before it had one carry the topology's version (0.x).
inline constexpr std::string_view result_version = "1.1.0";

/// Why a result document whose `version` is `version` cannot be read by this
/// hammer, or nothing if it can: a newer MAJOR has a structure it does not
/// know. Older documents (0.x: the topology's version, before results had
/// their own) and newer MINOR or PATCH versions are read.
[[nodiscard]] std::optional<std::string> result_version_problem(const std::string& version);

/// The run's result document, the Unified Test Interface (docs/uti.md): the
/// topology with each node's state[] and command-history[] filled from the
/// journal, and a test section with metadata and results. Pure and
/// deterministic: the same journal always gives the same document, byte for
/// byte, with test.metadata.test.test-history.hash set to document_hash.
/// `journal` is what read_journal returns: its events have been checked.
/// Throws InputError naming the journal line of an event that names a node,
/// termination point or pair the run's topology does not have.
[[nodiscard]] nlohmann::json render_uti(const Journal& journal);

/// SHA-256 (hex) of `uti.dump()` with test.metadata.test.test-history.hash set
/// to "": the hash covers everything else, previous_hash included, so the
/// results form a chain in which a changed byte anywhere shows.
[[nodiscard]] std::string document_hash(const nlohmann::json& uti);

/// Writes run_directory/result.json so that a crash leaves either the old file
/// or the new one, never half of one: a temporary file, fsync, rename, fsync of
/// the directory. Throws std::system_error naming the path that failed.
void write_result(const std::filesystem::path& run_directory, const nlohmann::json& uti);

} // namespace hammer::record
