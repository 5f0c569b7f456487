#include "src/record/run_directory.hpp"

#include "src/record/journal_reader.hpp"
#include "src/record/timestamp.hpp"

#include <algorithm>
#include <fstream>

namespace hammer::record {
namespace {

/// "restore-complete" is followed at most by "run-end"; 64 KiB holds both many times over.
constexpr std::streamoff tail_bytes = 64 * 1024;

} // namespace

RunState run_state(const std::filesystem::path& run_directory)
{
    const auto path = run_directory / journal_file_name;
    std::ifstream journal{path, std::ios::binary | std::ios::ate};
    if (!journal) {
        return RunState::empty;
    }
    const auto size = static_cast<std::streamoff>(journal.tellg());
    const auto start = std::max<std::streamoff>(0, size - tail_bytes);
    journal.seekg(start);
    std::string tail(static_cast<std::size_t>(size - start), '\0');
    journal.read(tail.data(), static_cast<std::streamsize>(tail.size()));
    // Killed before its first event was whole: the run changed nothing (snapshots
    // come after "run-start"), and `hammer restore` has nothing to read. Calling
    // it unrestored would block every later run in the directory for good.
    if (start == 0 && tail.find('\n') == std::string::npos) {
        return RunState::restored;
    }
    // The writer dumps events with sorted keys and no spaces.
    return tail.find(R"("event":"restore-complete")") != std::string::npos ? RunState::restored
                                                                            : RunState::unrestored;
}

std::optional<std::filesystem::path> find_unrestored_run(const std::filesystem::path& runs_directory)
{
    std::error_code error;
    std::vector<std::filesystem::path> runs;
    for (const auto& entry : std::filesystem::directory_iterator{runs_directory, error}) {
        if (entry.is_directory(error)) {
            runs.push_back(entry.path());
        }
    }
    std::sort(runs.begin(), runs.end());
    for (const auto& run : runs) {
        if (run_state(run) == RunState::unrestored) {
            return run;
        }
    }
    return std::nullopt;
}

std::string new_run_id(const std::filesystem::path& runs_directory, std::chrono::system_clock::time_point start,
                       std::uint64_t seed)
{
    // 2026-11-22T10:15:00.123Z -> 20261122T101500Z: sorts by time, safe in any file system.
    std::string stamp;
    for (const char c : format_timestamp(start).substr(0, 19)) {
        if (c != '-' && c != ':') {
            stamp += c;
        }
    }
    const auto base = stamp + "Z-s" + std::to_string(seed);
    auto id = base;
    for (unsigned suffix = 2; std::filesystem::exists(runs_directory / id); ++suffix) {
        id = base + "-" + std::to_string(suffix);
    }
    return id;
}

} // namespace hammer::record
