#include "pmd_ops/lcore_layout.hpp"

#include <algorithm>
#include <cerrno>
#include <iterator>
#include <string_view>

namespace hammer::pmd_ops {
namespace {

/// "0,1,2": CPU ids as --lcores writes a CPU set.
std::string cpu_set_text(const std::vector<unsigned>& cpus)
{
    std::string text;
    for (const unsigned cpu : cpus) {
        text += (text.empty() ? "" : ",") + std::to_string(cpu);
    }
    return text;
}

/// "0-3,8": ascending CPU ids in the kernel's cpulist form, for messages.
std::string cpu_list_text(const std::vector<unsigned>& cpus)
{
    std::string text;
    for (std::size_t first = 0; first < cpus.size();) {
        std::size_t last = first;
        while (last + 1 < cpus.size() && cpus[last + 1] == cpus[last] + 1) {
            ++last;
        }
        text += (text.empty() ? "" : ",") + std::to_string(cpus[first]);
        if (last > first) {
            text += "-" + std::to_string(cpus[last]);
        }
        first = last + 1;
    }
    return text;
}

} // namespace

bool lays_out_lcores(const std::vector<std::string>& arguments)
{
    return std::any_of(arguments.begin(), arguments.end(), [](const std::string& argument) {
        // -l and -c take their value attached ("-l0-3") or as the next argument.
        if (argument.starts_with("-l") || argument.starts_with("-c")) {
            return true;
        }
        // getopt_long takes any unambiguous prefix of a long option: "--lc"
        // already means --lcores (no other EAL option starts with it).
        const std::string_view name = std::string_view{argument}.substr(0, argument.find('='));
        return name.size() >= 4 && std::string_view{"--lcores"}.starts_with(name);
    });
}

Result<std::string> lcores_argument(const std::vector<unsigned>& allowed_cpus, unsigned workers,
                                    const std::vector<unsigned>& worker_cpus)
{
    if (allowed_cpus.empty()) {
        return Error{"lcores", EINVAL, "the process's CPU affinity mask holds no CPU"};
    }
    std::vector<unsigned> placed; // the CPU of worker lcore i + 1
    if (worker_cpus.empty()) {
        for (unsigned worker = 0; worker < workers; ++worker) {
            placed.push_back(allowed_cpus[allowed_cpus.size() - 1 - worker % allowed_cpus.size()]);
        }
    } else {
        for (const unsigned cpu : worker_cpus) {
            if (std::find(allowed_cpus.begin(), allowed_cpus.end(), cpu) == allowed_cpus.end()) {
                return Error{"lcores", EINVAL,
                             "worker CPU " + std::to_string(cpu) + " is not in the process's CPU affinity mask (" +
                                 cpu_list_text(allowed_cpus) + ")"};
            }
        }
        placed = worker_cpus;
    }

    // The main lcore goes on as the control plane and starts every other
    // thread (pair threads, samplers, netlink): kept off the workers' CPUs,
    // none of them preempts a polling lcore.
    std::vector<unsigned> control;
    std::copy_if(allowed_cpus.begin(), allowed_cpus.end(), std::back_inserter(control), [&placed](unsigned cpu) {
        return std::find(placed.begin(), placed.end(), cpu) == placed.end();
    });
    std::string argument = "--lcores=0@(" + cpu_set_text(control.empty() ? allowed_cpus : control) + ")";
    for (std::size_t worker = 0; worker < placed.size(); ++worker) {
        argument += "," + std::to_string(worker + 1) + "@" + std::to_string(placed[worker]);
    }
    return argument;
}

} // namespace hammer::pmd_ops
