#pragma once

#include "src/store/run_filter.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace hammer::cli {

/// Checks a flag that names something exactly (a host, a testbed, a driver):
/// not empty, no control characters (a shell variable left unset, or a pasted
/// line end, would name nothing, or match nothing, silently). Throws
/// InputError naming `flag`, saying what to give: `expected` ("the exact host
/// name (uname -n of the machine that ran)").
void check_name(std::string_view flag, const std::optional<std::string>& value, std::string_view expected);

/// check_name of each name of --host, --testbed and --driver.
void check_run_filter(const store::RunFilter& filter);

} // namespace hammer::cli
