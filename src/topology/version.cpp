#include "src/topology/version.hpp"

#include <charconv>

namespace hammer::topology {

std::string SchemaVersion::to_string() const
{
    return std::to_string(major) + '.' + std::to_string(minor) + '.' + std::to_string(patch);
}

std::optional<SchemaVersion> parse_version(std::string_view text)
{
    unsigned parts[3] = {};
    const char* cursor = text.data();
    const char* const end = text.data() + text.size();
    for (int i = 0; i < 3; ++i) {
        if (cursor == end || *cursor < '0' || *cursor > '9') {
            return std::nullopt;
        }
        const auto [next, error] = std::from_chars(cursor, end, parts[i]);
        // Semantic Versioning 2.0.0 §2: no leading zeros.
        if (error != std::errc{} || (next - cursor > 1 && *cursor == '0')) {
            return std::nullopt;
        }
        cursor = next;
        if (i < 2) {
            if (cursor == end || *cursor != '.') {
                return std::nullopt;
            }
            ++cursor;
        }
    }
    if (cursor != end) {
        return std::nullopt;
    }
    return SchemaVersion{parts[0], parts[1], parts[2]};
}

std::optional<std::string> incompatibility(const SchemaVersion& version)
{
    const std::string supported = supported_version.to_string();
    if (version.major != supported_version.major) {
        return "version " + version.to_string() + " has MAJOR " + std::to_string(version.major) +
               ", this hammer reads " + supported + " (MAJOR " + std::to_string(supported_version.major) +
               "); the structures are incompatible";
    }
    if (version.minor > supported_version.minor) {
        return "version " + version.to_string() + " is newer than " + supported +
               ", the newest this hammer reads; upgrade hammer";
    }
    return std::nullopt;
}

} // namespace hammer::topology
