#include "kernel_ops/netns.hpp"

#include <cerrno>
#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <utility>

namespace hammer::kernel_ops {

Result<FileDescriptor> FileDescriptor::open(const std::string& path, int flags)
{
    const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    if (fd < 0) {
        return NlError{errno, "open " + path, {}};
    }
    return FileDescriptor{fd};
}

FileDescriptor::FileDescriptor(FileDescriptor&& other) noexcept : fd_{std::exchange(other.fd_, -1)} {}

FileDescriptor& FileDescriptor::operator=(FileDescriptor&& other) noexcept
{
    if (this != &other) {
        if (fd_ >= 0) {
            ::close(fd_);
        }
        fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
}

FileDescriptor::~FileDescriptor()
{
    if (fd_ >= 0) {
        ::close(fd_);
    }
}

Result<void> FileDescriptor::close()
{
    if (fd_ < 0) {
        return {};
    }
    const int rc = ::close(std::exchange(fd_, -1));
    if (rc != 0) {
        return NlError{errno, "close", {}};
    }
    return {};
}

bool valid_netns_name(std::string_view name) noexcept
{
    return !name.empty() && name != "." && name != ".." && name.find('/') == std::string_view::npos &&
           name.find('\0') == std::string_view::npos;
}

Result<NetnsVisit> NetnsVisit::enter(std::string_view netns)
{
    if (netns.empty()) {
        return NetnsVisit{{}, FileDescriptor{}};
    }
    const std::string name{netns};
    if (!valid_netns_name(name)) {
        return NlError{EINVAL, "enter network namespace \"" + name + "\"", "not a namespace name"};
    }
    // /proc/thread-self, not /proc/self: the namespace of this thread is the
    // one to come back to, and other threads may be elsewhere.
    auto original = FileDescriptor::open("/proc/thread-self/ns/net", O_RDONLY);
    if (!original) {
        return original.error();
    }
    auto target = FileDescriptor::open("/run/netns/" + name, O_RDONLY);
    if (!target) {
        return NlError{target.error().error_number, "enter network namespace " + name,
                       "/run/netns/" + name + " cannot be opened"};
    }
    if (::setns(target.value().get(), CLONE_NEWNET) != 0) {
        return NlError{errno, "enter network namespace " + name, {}};
    }
    return NetnsVisit{name, std::move(original).value()};
}

NetnsVisit::~NetnsVisit()
{
    if (original_.get() >= 0) {
        static_cast<void>(::setns(original_.get(), CLONE_NEWNET));
    }
}

Result<void> NetnsVisit::leave()
{
    if (original_.get() < 0) {
        return {};
    }
    const int rc = ::setns(original_.get(), CLONE_NEWNET);
    const int saved = errno;
    static_cast<void>(original_.close());
    if (rc != 0) {
        return NlError{saved, "leave network namespace " + netns_, "this thread is still inside it"};
    }
    return {};
}

} // namespace hammer::kernel_ops
