#pragma once

#include <string_view>

namespace hammer::report {

/// The page's whole style sheet, inlined in <style>: the report is one file
/// that opens anywhere, offline, with nothing to fetch.
[[nodiscard]] std::string_view page_style();

} // namespace hammer::report
