#include "pmd_ops/netns.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sched.h>
#include <unistd.h>
#include <utility>

namespace hammer::pmd_ops {
namespace {

Error errno_error(std::string call)
{
    const int code = errno;
    return Error{std::move(call), code, std::strerror(code)};
}

} // namespace

Result<NetnsScope> NetnsScope::enter(const std::string& name)
{
    if (name.empty()) {
        return NetnsScope{-1};
    }
    const int original = ::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    if (original < 0) {
        return errno_error("open(/proc/thread-self/ns/net)");
    }
    const std::string path = "/run/netns/" + name;
    const int target = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (target < 0) {
        Error error = errno_error("open(" + path + ")");
        ::close(original);
        return error;
    }
    const int ret = ::setns(target, CLONE_NEWNET);
    Error error = ret != 0 ? errno_error("setns(" + path + ", CLONE_NEWNET)") : Error{};
    ::close(target);
    if (ret != 0) {
        ::close(original);
        return error;
    }
    return NetnsScope{original};
}

NetnsScope::NetnsScope(NetnsScope&& other) noexcept : original_fd_{std::exchange(other.original_fd_, -1)} {}

NetnsScope::~NetnsScope()
{
    if (original_fd_ >= 0) {
        // Going back cannot fail for a namespace we were in a moment ago
        // unless the process lost CAP_SYS_ADMIN meanwhile; nothing to report to.
        static_cast<void>(::setns(original_fd_, CLONE_NEWNET));
        ::close(original_fd_);
    }
}

} // namespace hammer::pmd_ops
