#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hammer::report {

/// `text` made safe as HTML content or as a quoted attribute value: the result
/// document is untrusted (a step message may hold "<script>"), so & < > " '
/// become character references and control characters, which HTML forbids,
/// become U+FFFD.
[[nodiscard]] std::string escape(std::string_view text);

/// At most `max_chars` characters of UTF-8 `text` (never half of one), with
/// "…" added when something was cut: long messages stay readable in tables
/// and tooltips, the result document keeps them whole.
[[nodiscard]] std::string shortened(std::string_view text, std::size_t max_chars);

/// name="value" pairs of one element; values are escaped when written.
using Attributes = std::initializer_list<std::pair<std::string_view, std::string_view>>;

/// Writes HTML and inline SVG. Every open() is matched by a close() from a
/// stack of open elements, so the markup is well formed by construction; text
/// and attribute values are always escaped, only raw() takes markup as is.
class Html {
public:
    /// `<tag attributes…>`, closed later by close().
    Html& open(std::string_view tag, Attributes attributes = {});
    /// Closes the element opened last.
    Html& close();
    /// `<tag attributes…/>`: an SVG shape or an HTML void element.
    Html& leaf(std::string_view tag, Attributes attributes);
    /// `<tag attributes…>text</tag>`.
    Html& element(std::string_view tag, Attributes attributes, std::string_view text);
    /// Escaped text.
    Html& text(std::string_view text);
    /// Markup this module made itself (never text from a document).
    Html& raw(std::string_view markup);

    /// The markup written so far; every element must be closed.
    [[nodiscard]] std::string str() &&;

private:
    void write_attribute(std::string_view name, std::string_view value);

    std::string out_;
    std::vector<std::string> open_;
};

} // namespace hammer::report
