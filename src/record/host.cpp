#include "src/record/host.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace hammer::record {
namespace {

std::string_view trimmed(std::string_view text)
{
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t\r");
    return text.substr(first, last - first + 1);
}

/// The value of the first "key : value" line whose key is `key`, "" when none.
std::string first_value(std::string_view cpuinfo, std::string_view key)
{
    while (!cpuinfo.empty()) {
        const auto end = cpuinfo.find('\n');
        const auto line = cpuinfo.substr(0, end);
        cpuinfo = end == std::string_view::npos ? std::string_view{} : cpuinfo.substr(end + 1);
        const auto colon = line.find(':');
        if (colon != std::string_view::npos && trimmed(line.substr(0, colon)) == key) {
            return std::string{trimmed(line.substr(colon + 1))};
        }
    }
    return {};
}

nlohmann::json text_or_null(std::string text)
{
    return text.empty() ? nlohmann::json() : nlohmann::json(std::move(text));
}

} // namespace

std::string cpu_model_from_cpuinfo(std::string_view cpuinfo)
{
    for (const std::string_view key : {"model name", "Model", "cpu", "Processor"}) {
        if (auto value = first_value(cpuinfo, key); !value.empty()) {
            return value;
        }
    }
    return {};
}

nlohmann::json read_host()
{
    nlohmann::json host{{"name", nullptr}, {"kernel-release", nullptr}, {"machine", nullptr}};
    utsname names{};
    if (::uname(&names) == 0) {
        host["name"] = text_or_null(names.nodename);
        host["kernel-release"] = text_or_null(names.release);
        host["machine"] = text_or_null(names.machine);
    }
    std::ifstream cpuinfo{"/proc/cpuinfo"};
    std::ostringstream text;
    text << cpuinfo.rdbuf();
    host["cpu-model"] = text_or_null(cpu_model_from_cpuinfo(text.str()));
    const long cpus = ::sysconf(_SC_NPROCESSORS_ONLN);
    host["cpus"] = cpus > 0 ? nlohmann::json(cpus) : nlohmann::json();
    return host;
}

} // namespace hammer::record
