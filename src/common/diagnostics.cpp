#include "src/common/diagnostics.hpp"

namespace hammer {
namespace {

std::string join_lines(const std::vector<Diagnostic>& diagnostics)
{
    std::string text;
    for (const auto& diagnostic : diagnostics) {
        if (!text.empty()) {
            text += '\n';
        }
        text += diagnostic.to_string();
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
    for (const auto& known : diagnostics_) {
        if (known.location == location && known.message == message) {
            return;
        }
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
