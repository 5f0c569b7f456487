#pragma once

#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
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

/// How many problems an InputError's message lists before "… and N more":
/// enough to fix a file in one pass, few enough that a file of 200 000 bad
/// values is reported in a screenful, not in megabytes.
inline constexpr std::size_t max_reported_diagnostics = 50;

/// Bad input: thrown once a file has been checked through, carrying every
/// problem found so a user fixes them in one pass instead of one per run.
/// Its message lists the first max_reported_diagnostics of them.
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
    /// (location, message) of every diagnostic: de-duplication in log time,
    /// not by a scan of all earlier ones (quadratic in a file of many errors).
    std::set<std::pair<std::string, std::string>, std::less<>> seen_;
};

/// Appends one reference token to a JSON pointer, escaping '~' and '/' (RFC 6901 §3).
[[nodiscard]] std::string pointer_child(std::string_view pointer, std::string_view key);
[[nodiscard]] std::string pointer_child(std::string_view pointer, std::size_t index);

} // namespace hammer
