#include "pmd_ops/dpdk_log.hpp"

#include <rte_log.h>

#include <spdlog/spdlog.h>

#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

namespace hammer::pmd_ops {
namespace {

spdlog::level::level_enum matching_level(int dpdk_level)
{
    switch (dpdk_level) {
    case RTE_LOG_EMERG:
    case RTE_LOG_ALERT:
    case RTE_LOG_CRIT: return spdlog::level::critical;
    case RTE_LOG_ERR: return spdlog::level::err;
    case RTE_LOG_WARNING: return spdlog::level::warn;
    case RTE_LOG_NOTICE:
    case RTE_LOG_INFO: return spdlog::level::info;
    default: return spdlog::level::debug;
    }
}

/// The fopencookie write function. rte_vlog formats a message into the
/// stream and flushes it before it returns (lib/eal/common/eal_common_log.c),
/// so the message's level is still the calling thread's current one here.
/// A message may come in pieces and hold several lines: text is kept per
/// thread until its newline.
ssize_t write_to_logger(void* /*cookie*/, const char* data, std::size_t size)
{
    thread_local std::string pending;
    pending.append(data, size);
    const auto level = matching_level(rte_log_cur_msg_loglevel());
    std::size_t start = 0;
    for (auto end = pending.find('\n'); end != std::string::npos; end = pending.find('\n', start)) {
        if (end > start) {
            spdlog::log(level, "dpdk: {}", std::string_view{pending}.substr(start, end - start));
        }
        start = end + 1;
    }
    pending.erase(0, start);
    return static_cast<ssize_t>(size);
}

} // namespace

void route_dpdk_log_to_logger()
{
    static std::once_flag routed;
    std::call_once(routed, [] {
        // The stream lives as long as the process: DPDK may log until exit.
        cookie_io_functions_t functions{};
        functions.write = write_to_logger;
        if (std::FILE* stream = fopencookie(nullptr, "w", functions); stream != nullptr) {
            // Line buffering would split no line, but rte_vlog flushes each message anyway.
            std::setvbuf(stream, nullptr, _IOLBF, 0);
            rte_openlog_stream(stream);
        }
    });
}

const char* eal_log_level()
{
    const auto level = spdlog::get_level();
    if (level <= spdlog::level::trace) {
        return "--log-level=debug";
    }
    return level <= spdlog::level::debug ? "--log-level=notice" : "--log-level=critical";
}

} // namespace hammer::pmd_ops
