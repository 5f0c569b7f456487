#pragma once

#include <nlohmann/json.hpp>

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

namespace hammer::record {

/// Appends JSON lines to a journal file. Each line goes to the kernel with one
/// write(2) as it comes, so a killed process loses nothing it wrote; a
/// background thread fdatasyncs at most every `sync_interval`, so a crashed
/// machine loses at most that much. Thread-safe.
class JournalWriter {
public:
    /// How long a written line may stay unsynced.
    static constexpr std::chrono::milliseconds sync_interval{100};

    /// Creates `path`; throws std::system_error if it exists or cannot be made.
    [[nodiscard]] static std::unique_ptr<JournalWriter> create(const std::filesystem::path& path);

    /// Opens an existing journal to append. A torn last line (no newline: the
    /// writer died mid-line) is cut off; numbering goes on after the last line.
    [[nodiscard]] static std::unique_ptr<JournalWriter> resume(const std::filesystem::path& path);

    JournalWriter(const JournalWriter&) = delete;
    JournalWriter& operator=(const JournalWriter&) = delete;
    ~JournalWriter(); ///< syncs and closes; never throws

    /// Gives `event` the next "seq" and appends it as one line. A failed write
    /// is logged and remembered (see failure()), and failed() is requested:
    /// a run then stops as on SIGINT, since nothing it changes from here on
    /// would be recorded.
    void write(nlohmann::json event);

    /// fdatasync now, if anything was written since the last sync.
    void sync();

    /// The first write or sync error, empty while all went well.
    [[nodiscard]] std::string failure() const;

    /// Requested at the first write or sync error, outside the writer's
    /// lock: a stop callback on it may record.
    [[nodiscard]] std::stop_token failed() const { return failed_.get_token(); }

    [[nodiscard]] const std::filesystem::path& path() const { return path_; }

private:
    JournalWriter(std::filesystem::path path, int fd, std::uint64_t next_seq);
    /// Remembers and logs the first failure; true for that first one.
    bool remember_failure(const char* what, int error);
    void flush_periodically(std::stop_token stop);

    std::filesystem::path path_;
    int fd_ = -1;
    mutable std::mutex mutex_;
    std::condition_variable_any tick_; ///< never notified: a sleep that a stop request cuts short
    std::uint64_t next_seq_ = 0;
    bool dirty_ = false;
    std::string failure_;
    std::stop_source failed_;
    std::jthread flusher_; ///< last member: joins before the rest goes away
};

} // namespace hammer::record
