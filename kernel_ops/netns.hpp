#pragma once

#include "kernel_ops/result.hpp"

#include <string>
#include <string_view>

namespace hammer::kernel_ops {

/// Owns one file descriptor: move-only, closed by the destructor (errors
/// ignored there; close() reports them).
class FileDescriptor {
public:
    /// open(2) with O_CLOEXEC added.
    [[nodiscard]] static Result<FileDescriptor> open(const std::string& path, int flags);
    /// Takes ownership of `fd` (socket(2), ...).
    [[nodiscard]] static FileDescriptor adopt(int fd) noexcept { return FileDescriptor{fd}; }

    FileDescriptor() = default;
    FileDescriptor(FileDescriptor&& other) noexcept;
    FileDescriptor& operator=(FileDescriptor&& other) noexcept;
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    ~FileDescriptor();

    [[nodiscard]] int get() const noexcept { return fd_; }
    Result<void> close();

private:
    explicit FileDescriptor(int fd) noexcept : fd_{fd} {}
    int fd_ = -1;
};

/// Whether `name` can name a namespace under /run/netns: not empty, no '/',
/// not "." or "..", so a topology cannot point hammer at another file.
[[nodiscard]] bool valid_netns_name(std::string_view name) noexcept;

/// Moves the calling thread into the network namespace /run/netns/NAME until
/// leave() or destruction moves it back. Only the calling thread moves
/// (setns(2) with CLONE_NEWNET is per thread), so pair threads do not disturb
/// each other. Sockets created meanwhile stay in that namespace for their
/// whole life, which is the point: open, create the socket, leave.
class NetnsVisit {
public:
    /// An empty name is hammer's own namespace: nothing moves.
    [[nodiscard]] static Result<NetnsVisit> enter(std::string_view netns);

    NetnsVisit(NetnsVisit&& other) noexcept = default;
    NetnsVisit& operator=(NetnsVisit&&) = delete;
    NetnsVisit(const NetnsVisit&) = delete;
    NetnsVisit& operator=(const NetnsVisit&) = delete;
    /// Moves back if leave() was not called; a failure there cannot be
    /// reported, which is why callers call leave().
    ~NetnsVisit();

    /// Moves the thread back to the namespace it came from.
    Result<void> leave();

private:
    NetnsVisit(std::string netns, FileDescriptor original) noexcept
        : netns_{std::move(netns)}, original_{std::move(original)}
    {
    }

    std::string netns_;
    FileDescriptor original_; ///< the namespace to go back to; invalid: nothing to undo
};

} // namespace hammer::kernel_ops
