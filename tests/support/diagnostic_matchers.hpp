#pragma once

#include "src/common/diagnostics.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace hammer::test_support {

/// One diagnostic a line, as the user sees them.
[[nodiscard]] std::string lines_of(const std::vector<Diagnostic>& diagnostics);

/// Exactly one diagnostic: in `file`, at `pointer` exactly, with `message_part` in its message.
[[nodiscard]] ::testing::AssertionResult is_single_error_in(std::string_view file,
                                                            const std::vector<Diagnostic>& diagnostics,
                                                            std::string_view pointer, std::string_view message_part);

/// Some diagnostic is in `file` at `pointer` exactly and has `message_part` in its message.
[[nodiscard]] ::testing::AssertionResult has_error_in(std::string_view file, const std::vector<Diagnostic>& diagnostics,
                                                      std::string_view pointer, std::string_view message_part);

} // namespace hammer::test_support
