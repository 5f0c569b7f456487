#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

namespace hammer::record {

/// The journal of a run directory, as Recorder writes it.
inline constexpr std::string_view journal_file_name = "journal.jsonl";

/// Journals larger than this are refused before reading: a day-long soak with
/// counters every second stays far below it; anything larger is not ours.
inline constexpr std::uintmax_t max_journal_bytes = std::uintmax_t{1} << 30;

/// A run's journal, read and checked: event i is line i + 1 of the file.
struct Journal {
    std::filesystem::path path;
    std::vector<nlohmann::json> events;
    bool torn_tail = false; ///< the last line was cut short by a crash and dropped
};

/// Reads run_directory/journal.jsonl. A last line without its newline that is
/// not valid JSON is a write cut short by a crash: it is dropped and
/// `torn_tail` set. Anything else wrong — a missing or unreadable file, a line
/// that is not a JSON object, "seq" not 0, 1, 2, …, a first event that is not
/// "run-start", an event of a known kind lacking a field its renderer needs or
/// holding one of the wrong type — throws InputError naming the file and
/// "line N". Events of kinds this hammer does not know are kept as they are.
[[nodiscard]] Journal read_journal(const std::filesystem::path& run_directory);

/// Whether the run's interfaces were put back: a "restore-complete" event exists.
[[nodiscard]] bool is_restored(const Journal& journal);

/// The "run-start" event, the journal's first. Throws InputError for a journal
/// without one (only a hand-made Journal can lack it).
[[nodiscard]] const nlohmann::json& run_header(const Journal& journal);

} // namespace hammer::record
