#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace hammer {

/// One problem found in an input file, located by a JSON pointer (RFC 6901)
/// or, for a file that is not valid JSON, by line and column.
struct Diagnostic {
    std::string file;
    std::string location; ///< a JSON pointer such as "/network/link/2", "line 3, column 5", or empty for the whole file
    std::string message;

    /// "file: location: message" (or "file: message"), the form every bad-input report takes.
    [[nodiscard]] std::string to_string() const;
};

/// Bad input: thrown once a file has been checked through, carrying every
/// problem found so a user fixes them in one pass instead of one per run.
class InputError : public std::runtime_error {
public:
    explicit InputError(std::vector<Diagnostic> diagnostics);

    [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const noexcept { return diagnostics_; }

private:
    std::vector<Diagnostic> diagnostics_;
};

/// Collects the diagnostics of one file while it is being checked.
class Diagnostics {
public:
    explicit Diagnostics(std::string file) : file_{std::move(file)} {}

    void error(std::string location, std::string message);

    [[nodiscard]] bool empty() const noexcept { return diagnostics_.empty(); }
    [[nodiscard]] const std::string& file() const noexcept { return file_; }

    /// Throws InputError when any problem was recorded.
    void throw_if_any() const;

private:
    std::string file_;
    std::vector<Diagnostic> diagnostics_;
};

/// Appends one reference token to a JSON pointer, escaping '~' and '/' (RFC 6901 §3).
[[nodiscard]] std::string pointer_child(std::string_view pointer, std::string_view key);
[[nodiscard]] std::string pointer_child(std::string_view pointer, std::size_t index);

} // namespace hammer
