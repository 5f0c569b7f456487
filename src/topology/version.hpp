#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hammer::topology {

/// MAJOR.MINOR.PATCH of the specification's structure (not of the data in it).
struct SchemaVersion {
    unsigned major = 0;
    unsigned minor = 0;
    unsigned patch = 0;

    [[nodiscard]] std::string to_string() const;
    friend bool operator==(const SchemaVersion&, const SchemaVersion&) = default;
};

/// The structure version this loader reads (seeds/004: "The New Model", 0.1.0).
inline constexpr SchemaVersion supported_version{0, 1, 0};

/// Parses "1.2.3": three decimal numbers without leading zeros, signs or spaces.
[[nodiscard]] std::optional<SchemaVersion> parse_version(std::string_view text);

/// Why a document of `version` cannot be read by this loader, or nothing if it can.
/// A different MAJOR is incompatible by definition; a newer MINOR may carry
/// structure this loader would silently ignore, so it is refused too. PATCH
/// differences are bug fixes and always accepted.
[[nodiscard]] std::optional<std::string> incompatibility(const SchemaVersion& version);

} // namespace hammer::topology
