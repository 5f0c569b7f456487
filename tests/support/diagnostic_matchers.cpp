#include "tests/support/diagnostic_matchers.hpp"

namespace hammer::test_support {
namespace {

bool matches(const Diagnostic& diagnostic, std::string_view file, std::string_view pointer,
             std::string_view message_part)
{
    return diagnostic.file == file && diagnostic.location == pointer &&
           diagnostic.message.find(message_part) != std::string::npos;
}

} // namespace

std::string lines_of(const std::vector<Diagnostic>& diagnostics)
{
    std::string text;
    for (const auto& diagnostic : diagnostics) {
        text += "  " + diagnostic.to_string() + "\n";
    }
    return text.empty() ? "  (no diagnostics)\n" : text;
}

::testing::AssertionResult is_single_error_in(std::string_view file, const std::vector<Diagnostic>& diagnostics,
                                              std::string_view pointer, std::string_view message_part)
{
    if (diagnostics.size() == 1 && matches(diagnostics.front(), file, pointer, message_part)) {
        return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure() << "expected exactly one error in " << file << " at \"" << pointer
                                         << "\" containing \"" << message_part << "\", got:\n"
                                         << lines_of(diagnostics);
}

::testing::AssertionResult has_error_in(std::string_view file, const std::vector<Diagnostic>& diagnostics,
                                        std::string_view pointer, std::string_view message_part)
{
    for (const auto& diagnostic : diagnostics) {
        if (matches(diagnostic, file, pointer, message_part)) {
            return ::testing::AssertionSuccess();
        }
    }
    return ::testing::AssertionFailure() << "expected an error in " << file << " at \"" << pointer
                                         << "\" containing \"" << message_part << "\", got:\n"
                                         << lines_of(diagnostics);
}

} // namespace hammer::test_support
