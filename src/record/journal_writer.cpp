#include "src/record/journal_writer.hpp"

#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string_view>
#include <sys/stat.h>
#include <system_error>
#include <utility>
#include <unistd.h>

namespace hammer::record {
namespace {

[[noreturn]] void throw_errno(const std::string& what)
{
    throw std::system_error{errno, std::generic_category(), what};
}

bool write_all(int fd, std::string_view data)
{
    while (!data.empty()) {
        const auto written = ::write(fd, data.data(), data.size());
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        data.remove_prefix(static_cast<std::size_t>(written));
    }
    return true;
}

std::string read_all(int fd, const std::filesystem::path& path)
{
    std::string content;
    char buffer[1 << 16];
    for (;;) {
        const auto got = ::read(fd, buffer, sizeof buffer);
        if (got < 0) {
            if (errno == EINTR) {
                continue;
            }
            throw_errno("cannot read " + path.string());
        }
        if (got == 0) {
            return content;
        }
        content.append(buffer, static_cast<std::size_t>(got));
    }
}

/// The "seq" after the last complete line of `content`, which ends with a
/// newline or is empty.
std::uint64_t seq_after(std::string_view content, const std::filesystem::path& path)
{
    if (content.empty()) {
        return 0;
    }
    content.remove_suffix(1);
    const auto last = content.substr(content.rfind('\n') + 1); // npos + 1 == 0: the only line
    const auto event = nlohmann::json::parse(last, nullptr, false);
    if (!event.is_object() || !event.contains("seq") || !event["seq"].is_number_unsigned()) {
        throw std::runtime_error{path.string() + ": the last line is not a journal event"};
    }
    return event["seq"].get<std::uint64_t>() + 1;
}

} // namespace

std::unique_ptr<JournalWriter> JournalWriter::create(const std::filesystem::path& path)
{
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) {
        throw_errno("cannot create " + path.string());
    }
    return std::unique_ptr<JournalWriter>{new JournalWriter{path, fd, 0}};
}

std::unique_ptr<JournalWriter> JournalWriter::resume(const std::filesystem::path& path)
{
    const int fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CLOEXEC);
    if (fd < 0) {
        throw_errno("cannot open " + path.string());
    }
    try {
        auto content = read_all(fd, path);
        const auto complete = content.rfind('\n') == std::string::npos ? 0 : content.rfind('\n') + 1;
        if (complete != content.size() && ::ftruncate(fd, static_cast<off_t>(complete)) != 0) {
            throw_errno("cannot cut the torn last line of " + path.string());
        }
        content.resize(complete);
        return std::unique_ptr<JournalWriter>{new JournalWriter{path, fd, seq_after(content, path)}};
    } catch (...) {
        ::close(fd);
        throw;
    }
}

JournalWriter::JournalWriter(std::filesystem::path path, int fd, std::uint64_t next_seq)
    : path_{std::move(path)}, fd_{fd}, next_seq_{next_seq},
      flusher_{[this](std::stop_token stop) { flush_periodically(std::move(stop)); }}
{
}

JournalWriter::~JournalWriter()
{
    flusher_.request_stop();
    flusher_.join();
    sync();
    ::close(fd_);
}

void JournalWriter::write(nlohmann::json event)
{
    bool first_failure = false;
    {
        std::scoped_lock lock{mutex_};
        event["seq"] = next_seq_;
        // One write(2) per line: O_APPEND keeps lines whole and in order even if
        // another process (a second hammer by mistake) appends too.
        const auto line = event.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
        if (write_all(fd_, line)) {
            ++next_seq_;
            dirty_ = true;
        } else {
            first_failure = remember_failure("write", errno);
        }
    }
    if (first_failure) {
        failed_.request_stop();
    }
}

void JournalWriter::sync()
{
    {
        std::scoped_lock lock{mutex_};
        if (!std::exchange(dirty_, false)) {
            return;
        }
    }
    // Outside the lock: a slow disk must not hold up the threads that record.
    if (::fdatasync(fd_) != 0) {
        const int error = errno;
        bool first_failure = false;
        {
            std::scoped_lock lock{mutex_};
            first_failure = remember_failure("fdatasync", error);
        }
        if (first_failure) {
            failed_.request_stop();
        }
    }
}

std::string JournalWriter::failure() const
{
    std::scoped_lock lock{mutex_};
    return failure_;
}

bool JournalWriter::remember_failure(const char* what, int error)
{
    if (!failure_.empty()) {
        return false;
    }
    failure_ = std::string{what} + " " + path_.string() + ": " + std::strerror(error);
    spdlog::error("journal: {}", failure_);
    return true;
}

void JournalWriter::flush_periodically(std::stop_token stop)
{
    while (!stop.stop_requested()) {
        {
            std::unique_lock lock{mutex_};
            tick_.wait_for(lock, stop, sync_interval, [] { return false; });
        }
        sync();
    }
}

} // namespace hammer::record
