#pragma once

#include <filesystem>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace hammer::record {

/// Whether a directory holds a run, and whether that run's interfaces were put back.
enum class RunState { empty, restored, unrestored };

/// Reads only the end of DIR/journal.jsonl, so checking many long runs is
/// cheap: "restore-complete" is among a journal's last events. A journal
/// without one complete line is of a run that died before it touched
/// anything: restored, as far as its interfaces go.
[[nodiscard]] RunState run_state(const std::filesystem::path& run_directory);

/// The first sub-directory of `runs_directory` holding an unrestored run.
[[nodiscard]] std::optional<std::filesystem::path> find_unrestored_run(const std::filesystem::path& runs_directory);

/// A directory name for a new run: "20261122T101500Z-s42", unique in `runs_directory`.
[[nodiscard]] std::string new_run_id(const std::filesystem::path& runs_directory,
                                     std::chrono::system_clock::time_point start, std::uint64_t seed);

} // namespace hammer::record
