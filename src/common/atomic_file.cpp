#include "src/common/atomic_file.hpp"

#include <cerrno>
#include <fcntl.h>
#include <string>
#include <system_error>
#include <unistd.h>
#include <utility>

namespace hammer {
namespace {

[[noreturn]] void throw_errno(const std::string& what, const std::filesystem::path& path)
{
    throw std::system_error{errno, std::generic_category(), what + " " + path.string()};
}

/// An open file descriptor. close() reports; the destructor closes silently,
/// for the paths that are already failing.
class FileDescriptor {
public:
    [[nodiscard]] static FileDescriptor open(const std::filesystem::path& path, int flags, mode_t mode = 0)
    {
        const int fd = ::open(path.c_str(), flags | O_CLOEXEC, mode);
        if (fd < 0) {
            throw_errno("cannot open", path);
        }
        return FileDescriptor{path, fd};
    }

    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    ~FileDescriptor()
    {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }

    void write_all(std::string_view data)
    {
        while (!data.empty()) {
            const auto written = ::write(fd_, data.data(), data.size());
            if (written < 0 && errno != EINTR) {
                throw_errno("cannot write", path_);
            }
            data.remove_prefix(written < 0 ? 0 : static_cast<std::size_t>(written));
        }
    }

    void sync()
    {
        if (::fsync(fd_) != 0) {
            throw_errno("cannot sync", path_);
        }
    }

    void close()
    {
        // close(2) may report a delayed write error (NFS): the one chance to hear of it.
        const int fd = std::exchange(fd_, -1);
        if (::close(fd) != 0) {
            throw_errno("cannot close", path_);
        }
    }

private:
    FileDescriptor(std::filesystem::path path, int fd) : path_{std::move(path)}, fd_{fd} {}

    std::filesystem::path path_;
    int fd_ = -1;
};

void write_synced(const std::filesystem::path& path, std::string_view text)
{
    auto file = FileDescriptor::open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    file.write_all(text);
    file.sync();
    file.close();
}

} // namespace

void write_file_atomically(const std::filesystem::path& target, std::string_view text)
{
    auto temporary = target;
    temporary += ".tmp";
    try {
        write_synced(temporary, text);
    } catch (...) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        throw;
    }
    if (::rename(temporary.c_str(), target.c_str()) != 0) {
        throw_errno("cannot rename " + temporary.string() + " to", target);
    }
    // The rename is only durable once the directory entry is on disk too.
    const auto parent = target.has_parent_path() ? target.parent_path() : std::filesystem::path{"."};
    auto directory = FileDescriptor::open(parent, O_RDONLY | O_DIRECTORY);
    directory.sync();
    directory.close();
}

} // namespace hammer
