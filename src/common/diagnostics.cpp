#include "src/common/diagnostics.hpp"

namespace hammer {
namespace {

std::string join_lines(const std::vector<Diagnostic>& diagnostics)
{
    std::string text;
    for (std::size_t i = 0; i < diagnostics.size() && i < max_reported_diagnostics; ++i) {
        if (!text.empty()) {
            text += '\n';
        }
        text += diagnostics[i].to_string();
    }
    if (diagnostics.size() > max_reported_diagnostics) {
        text += "\n" + diagnostics.front().file + ": … and " +
                std::to_string(diagnostics.size() - max_reported_diagnostics) + " more";
    }
    return text;
}

} // namespace

std::string Diagnostic::to_string() const
{
    // A problem with the file as a whole (unreadable, the root not an object)
    // has no location worth printing.
    if (location.empty()) {
        return file + ": " + message;
    }
    return file + ": " + location + ": " + message;
}

InputError::InputError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error{join_lines(diagnostics)}, diagnostics_{std::move(diagnostics)}
{
}

void Diagnostics::error(std::string location, std::string message)
{
    // A shared dictionary with a problem is reached once per use: report it once.
    if (!seen_.emplace(location, message).second) {
        return;
    }
    diagnostics_.push_back({file_, std::move(location), std::move(message)});
}

void Diagnostics::throw_if_any() const
{
    if (!diagnostics_.empty()) {
        throw InputError{diagnostics_};
    }
}

std::string pointer_child(std::string_view pointer, std::string_view key)
{
    std::string child{pointer};
    child += '/';
    for (char c : key) {
        if (c == '~') {
            child += "~0";
        } else if (c == '/') {
            child += "~1";
        } else {
            child += c;
        }
    }
    return child;
}

std::string pointer_child(std::string_view pointer, std::size_t index)
{
    return std::string{pointer} + '/' + std::to_string(index);
}

} // namespace hammer
