#pragma once

#include "src/report/run_view.hpp"

#include <string>
#include <vector>

namespace hammer::report {

/// The whole HTML page for runs already read: head with the inline style and
/// a Content-Security-Policy that forbids every fetch and script, a header
/// with links to each run, the comparison when there are several, then each
/// run's sections under the id "run-N".
[[nodiscard]] std::string render_page(const std::vector<RunView>& runs);

} // namespace hammer::report
