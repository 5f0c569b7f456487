#include "src/cli/name_flag.hpp"

#include "src/common/diagnostics.hpp"
#include "src/common/text.hpp"

#include <algorithm>

namespace hammer::cli {

void check_name(std::string_view flag, const std::optional<std::string>& value, std::string_view expected)
{
    if (!value) {
        return;
    }
    const bool control = std::any_of(value->begin(), value->end(),
                                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
    if (value->empty() || control) {
        throw InputError{{Diagnostic{std::string{flag}, "",
                                     in_quotes(*value) + " is not a name to match: give " + std::string{expected}}}};
    }
}

void check_run_filter(const store::RunFilter& filter)
{
    check_name("--host", filter.host, "the exact host name (uname -n of the machine that ran, or its --host)");
    check_name("--testbed", filter.testbed,
               "the exact testbed name (hammer run --testbed, or the topology's metadata.testbed)");
    check_name("--driver", filter.driver, "the exact driver name (veth, tun, ice, net_af_packet…)");
}

} // namespace hammer::cli
