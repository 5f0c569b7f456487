#include "src/output/xml_text.hpp"

#include <cstddef>
#include <cstdint>

namespace hammer::output {
namespace {

constexpr std::string_view replacement_character = "\xEF\xBF\xBD";

/// The length of the well-formed UTF-8 sequence at the start of `text`
/// (Unicode 15, table 3-7: no overlong forms, no surrogates, nothing above
/// U+10FFFF), or 0 when it does not start with one.
std::size_t utf8_sequence_length(std::string_view text)
{
    const auto byte = [&text](std::size_t i) { return static_cast<std::uint8_t>(text[i]); };
    const auto lead = byte(0);
    if (lead < 0x80) {
        return 1;
    }
    std::size_t length = 0;
    std::uint8_t second_low = 0x80;
    std::uint8_t second_high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        second_low = lead == 0xE0 ? 0xA0 : 0x80;
        second_high = lead == 0xED ? 0x9F : 0xBF;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        second_low = lead == 0xF0 ? 0x90 : 0x80;
        second_high = lead == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (text.size() < length || byte(1) < second_low || byte(1) > second_high) {
        return 0;
    }
    for (std::size_t i = 2; i < length; ++i) {
        if (byte(i) < 0x80 || byte(i) > 0xBF) {
            return 0;
        }
    }
    return length;
}

/// XML 1.0 §2.2 Char, for the characters that are one byte in UTF-8.
bool allowed_ascii(char c)
{
    return c == '\t' || c == '\n' || c == '\r' || static_cast<unsigned char>(c) >= 0x20;
}

std::string escaped(std::string_view text, bool attribute)
{
    std::string out;
    out.reserve(text.size());
    while (!text.empty()) {
        const auto length = utf8_sequence_length(text);
        if (length == 0) {
            out += replacement_character;
            text.remove_prefix(1);
            continue;
        }
        const auto sequence = text.substr(0, length);
        text.remove_prefix(length);
        if (length > 1) {
            // U+FFFE and U+FFFF are not XML characters (§2.2).
            out += sequence == "\xEF\xBF\xBE" || sequence == "\xEF\xBF\xBF" ? replacement_character : sequence;
            continue;
        }
        const char c = sequence[0];
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        // Escaped everywhere: "]]>" must not appear in character data.
        case '>': out += "&gt;"; break;
        case '\r': out += "&#13;"; break;
        case '"': out += attribute ? "&quot;" : "\""; break;
        case '\'': out += attribute ? "&apos;" : "'"; break;
        case '\n': out += attribute ? "&#10;" : "\n"; break;
        case '\t': out += attribute ? "&#9;" : "\t"; break;
        default:
            if (allowed_ascii(c)) {
                out += c;
            } else {
                out += replacement_character;
            }
        }
    }
    return out;
}

} // namespace

std::string xml_text(std::string_view text)
{
    return escaped(text, false);
}

std::string xml_attribute(std::string_view text)
{
    return escaped(text, true);
}

} // namespace hammer::output
