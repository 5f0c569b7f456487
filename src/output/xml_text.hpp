#pragma once

#include <string>
#include <string_view>

namespace hammer::output {

/// `text` as XML 1.0 character data: `&`, `<` and `>` as entities, carriage
/// returns as `&#13;` (a parser would turn a literal one into a newline).
/// Characters XML 1.0 cannot carry at all — control characters other than
/// tab, newline and carriage return, U+FFFE, U+FFFF — and bytes that are not
/// UTF-8 become U+FFFD, so the file always parses.
[[nodiscard]] std::string xml_text(std::string_view text);

/// `text` as the value of a double-quoted XML attribute: as xml_text, and
/// quotes, apostrophes, tabs and newlines as character references so that
/// attribute-value normalisation (XML 1.0 §3.3.3) gives back the same text.
[[nodiscard]] std::string xml_attribute(std::string_view text);

} // namespace hammer::output
