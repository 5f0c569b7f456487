#include "src/report/html.hpp"

#include <stdexcept>

namespace hammer::report {
namespace {

/// Bytes 0x80–0xBF continue a UTF-8 sequence; any other byte starts a character.
bool starts_character(char byte)
{
    return (static_cast<unsigned char>(byte) & 0xC0U) != 0x80U;
}

} // namespace

std::string escape(std::string_view text)
{
    std::string escaped;
    escaped.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&': escaped += "&amp;"; break;
        case '<': escaped += "&lt;"; break;
        case '>': escaped += "&gt;"; break;
        case '"': escaped += "&quot;"; break;
        case '\'': escaped += "&#39;"; break;
        case '\n':
        case '\t': escaped += c; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20U || c == '\x7F') {
                escaped += "&#xFFFD;";
            } else {
                escaped += c;
            }
        }
    }
    return escaped;
}

std::string shortened(std::string_view text, std::size_t max_chars)
{
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!starts_character(text[i])) {
            continue;
        }
        if (chars == max_chars) {
            return std::string{text.substr(0, i)} + "\u2026";
        }
        ++chars;
    }
    return std::string{text};
}

Html& Html::open(std::string_view tag, Attributes attributes)
{
    out_ += '<';
    out_ += tag;
    for (const auto& [name, value] : attributes) {
        write_attribute(name, value);
    }
    out_ += '>';
    open_.emplace_back(tag);
    return *this;
}

Html& Html::close()
{
    if (open_.empty()) {
        throw std::logic_error{"Html::close without an open element"};
    }
    out_ += "</";
    out_ += open_.back();
    out_ += '>';
    open_.pop_back();
    return *this;
}

Html& Html::leaf(std::string_view tag, Attributes attributes)
{
    out_ += '<';
    out_ += tag;
    for (const auto& [name, value] : attributes) {
        write_attribute(name, value);
    }
    out_ += "/>";
    return *this;
}

Html& Html::element(std::string_view tag, Attributes attributes, std::string_view text)
{
    open(tag, attributes);
    out_ += escape(text);
    return close();
}

Html& Html::text(std::string_view text)
{
    out_ += escape(text);
    return *this;
}

Html& Html::raw(std::string_view markup)
{
    out_ += markup;
    return *this;
}

std::string Html::str() &&
{
    if (!open_.empty()) {
        throw std::logic_error{"Html::str with <" + open_.back() + "> still open"};
    }
    return std::move(out_);
}

void Html::write_attribute(std::string_view name, std::string_view value)
{
    out_ += ' ';
    out_ += name;
    out_ += "=\"";
    out_ += escape(value);
    out_ += '"';
}

} // namespace hammer::report
