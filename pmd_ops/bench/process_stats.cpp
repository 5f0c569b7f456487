#include "pmd_ops/bench/process_stats.hpp"

#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

namespace hammer::pmd_ops::bench {

double seconds_since_process_start()
{
    std::ifstream file{"/proc/self/stat"};
    std::string stat;
    std::getline(file, stat);
    // The command name (field 2) may hold spaces and parentheses: fields
    // are counted from after its closing parenthesis, where field 3 starts.
    const auto name_end = stat.rfind(')');
    if (name_end == std::string::npos) {
        return 0;
    }
    std::istringstream fields{stat.substr(name_end + 1)};
    std::string field;
    for (int number = 3; number < 22 && fields >> field;) {
        ++number;
    }
    unsigned long long start_ticks = 0;
    if (!(fields >> start_ticks)) {
        return 0;
    }
    timespec now{};
    clock_gettime(CLOCK_BOOTTIME, &now);
    const double now_s = static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
    return now_s - static_cast<double>(start_ticks) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

std::uint64_t peak_rss_kib()
{
    std::ifstream file{"/proc/self/status"};
    std::string line;
    while (std::getline(file, line)) {
        if (line.rfind("VmHWM:", 0) == 0) {
            return std::stoull(line.substr(6));
        }
    }
    return 0;
}

} // namespace hammer::pmd_ops::bench
