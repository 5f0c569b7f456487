#include "src/common/json_file.hpp"

#include "src/common/diagnostics.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace hammer {
namespace {

[[noreturn]] void fail(const std::string& file, std::string location, std::string message)
{
    throw InputError{{Diagnostic{file, std::move(location), std::move(message)}}};
}

/// nlohmann reports a byte offset; people need a line and a column.
std::string line_and_column(std::string_view text, std::size_t byte_offset)
{
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < byte_offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

/// nlohmann's what() reads "[json.exception.parse_error.101] parse error at line 1,
/// column 2: syntax error while parsing value - invalid literal; last read: 'x'"
/// or "[json.exception.out_of_range.406] number overflow parsing '1e999'".
/// Keep only the part that says what was wrong.
std::string reason_of(const nlohmann::json::exception& error)
{
    std::string_view what = error.what();
    if (const auto tag_end = what.find("] "); tag_end != std::string_view::npos) {
        what.remove_prefix(tag_end + 2);
    }
    if (what.starts_with("parse error")) {
        if (const auto colon = what.find(": "); colon != std::string_view::npos) {
            what.remove_prefix(colon + 2);
        }
    }
    return std::string{what};
}

/// Parses without building anything, to learn where parsing stops: nlohmann
/// reports a number too large for a double (out_of_range.406) without its position.
class ErrorLocator final : public nlohmann::json_sax<nlohmann::json> {
public:
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(string_t&) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }

    bool parse_error(std::size_t position, const std::string& last_token, const nlohmann::json::exception&) override
    {
        // `position` counts the characters read, the offending token's included.
        offset_ = position >= last_token.size() ? position - last_token.size() : 0;
        return false;
    }

    /// Where the offending token starts.
    [[nodiscard]] std::size_t offset() const noexcept { return offset_; }

private:
    std::size_t offset_ = 0;
};

/// The offset of the bracket that opens level max_nesting_depth + 1, if the
/// text nests that deep. Brackets inside strings do not count.
std::optional<std::size_t> too_deep_at(std::string_view text)
{
    std::size_t depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') {
                ++i; // the escaped character cannot end the string
            } else if (c == '"') {
                in_string = false;
            }
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max_nesting_depth) {
                return i;
            }
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return std::nullopt;
}

} // namespace

nlohmann::json parse_json_text(std::string_view text, const std::string& file_name)
{
    if (const auto offset = too_deep_at(text)) {
        fail(file_name, line_and_column(text, *offset),
             "arrays and objects nested more than " + std::to_string(max_nesting_depth) + " levels deep");
    }
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& error) {
        // byte is 1-based and points just past the offending character.
        const std::size_t offset = error.byte > 0 ? error.byte - 1 : 0;
        fail(file_name, line_and_column(text, offset), "invalid JSON: " + reason_of(error));
    } catch (const nlohmann::json::out_of_range& error) {
        ErrorLocator locator;
        static_cast<void>(nlohmann::json::sax_parse(text, &locator));
        fail(file_name, line_and_column(text, locator.offset()), "invalid JSON: " + reason_of(error));
    }
}

nlohmann::json read_json_file(const std::filesystem::path& path)
{
    const std::string name = path.string();
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) {
        fail(name, "", "cannot read: no such file");
    }
    if (!std::filesystem::is_regular_file(status)) {
        fail(name, "", "cannot read: not a regular file");
    }
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > max_input_file_bytes) {
        fail(name, "",
             "file is " + std::to_string(size) + " bytes; inputs larger than " +
                 std::to_string(max_input_file_bytes) + " bytes are refused");
    }
    std::ifstream in{path, std::ios::binary};
    if (!in) {
        fail(name, "", std::string{"cannot read: "} + std::strerror(errno));
    }
    std::ostringstream contents;
    contents << in.rdbuf();
    return parse_json_text(contents.str(), name);
}

} // namespace hammer
