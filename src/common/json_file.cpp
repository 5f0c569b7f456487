#include "src/common/json_file.hpp"

#include "src/common/diagnostics.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

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

/// What nlohmann's DOM keeps quiet about: a member name given twice in one
/// object (it keeps the last, so `"ifname": "hm0a", "ifname": "hm9z"` would
/// drive hm9z), and a string or name holding U+0000 (it cuts every C string
/// made of it: a path, an interface name, a message). Each is found with the
/// JSON pointer of where it stands, the second of a duplicate pair.
class TextChecker final : public nlohmann::json_sax<nlohmann::json> {
public:
    explicit TextChecker(Diagnostics& diagnostics) : diagnostics_{diagnostics} {}

    bool null() override { return value(); }
    bool boolean(bool) override { return value(); }
    bool number_integer(number_integer_t) override { return value(); }
    bool number_unsigned(number_unsigned_t) override { return value(); }
    bool number_float(number_float_t, const string_t&) override { return value(); }
    bool binary(binary_t&) override { return value(); }
    bool string(string_t& text) override
    {
        if (text.find('\0') != string_t::npos) {
            diagnostics_.error(pointer(), "a string may not hold a NUL character (\\u0000)");
        }
        return value();
    }
    bool start_object(std::size_t) override { return open(true); }
    bool start_array(std::size_t) override { return open(false); }
    bool end_object() override { return close(); }
    bool end_array() override { return close(); }

    bool key(string_t& name) override
    {
        Level& level = levels_.back();
        if (name.find('\0') != string_t::npos) {
            // Said of the object: a pointer holding the NUL would cut the message where it is printed.
            diagnostics_.error(pointer(levels_.size() - 1), "a member name may not hold a NUL character (\\u0000)");
        }
        level.key = name;
        if (!level.keys.insert(name).second) {
            diagnostics_.error(pointer(), "\"" + name + "\" is given twice in this object: give it once");
        }
        return true;
    }

    bool parse_error(std::size_t, const std::string&, const nlohmann::json::exception&) override { return false; }

private:
    /// One array or object being read, and where in it the reader is.
    struct Level {
        bool object = false;
        std::size_t index = 0;       ///< arrays: the element being read
        std::string key;             ///< objects: the member being read
        std::set<std::string> keys;  ///< objects: the member names so far
    };

    /// A value ended: an array moves on to its next element.
    bool value()
    {
        if (!levels_.empty() && !levels_.back().object) {
            ++levels_.back().index;
        }
        return true;
    }
    bool open(bool object)
    {
        levels_.push_back({object, 0, {}, {}});
        return true;
    }
    bool close()
    {
        levels_.pop_back();
        return value();
    }

    /// Where the reader is, through the first `depth` levels (all: the value being read).
    [[nodiscard]] std::string pointer(std::size_t depth = std::string::npos) const
    {
        std::string text;
        for (std::size_t i = 0; i < levels_.size() && i < depth; ++i) {
            const Level& level = levels_[i];
            text = level.object ? pointer_child(text, level.key) : pointer_child(text, level.index);
        }
        return text;
    }

    Diagnostics& diagnostics_;
    std::vector<Level> levels_;
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
    // nlohmann's reader takes a NUL byte for the end of the text, so that
    // `{…}\0garbage` would read as `{…}`.
    if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
        fail(file_name, line_and_column(text, nul), "a NUL byte: JSON text cannot hold one");
    }
    try {
        nlohmann::json document = nlohmann::json::parse(text);
        Diagnostics diagnostics{file_name};
        TextChecker checker{diagnostics};
        static_cast<void>(nlohmann::json::sax_parse(text, &checker));
        diagnostics.throw_if_any();
        return document;
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

std::string path_name(const std::filesystem::path& path)
{
    return path.empty() ? std::string{"''"} : path.string();
}

void require_path(std::string_view flag, const std::string& value, std::string_view what)
{
    if (value.empty()) {
        throw InputError{{Diagnostic{std::string{flag}, "", std::string{what} + " is empty: give a path"}}};
    }
}

std::optional<std::string> unreadable_file(const std::filesystem::path& path)
{
    if (path.empty()) {
        return "cannot read: the path is empty";
    }
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    // Say what stands in the way: ELOOP and ENOTDIR are not a missing file.
    if (ec && ec.value() == ELOOP) {
        return "cannot read: too many levels of symbolic links (a link loop)";
    }
    if (ec && ec.value() == ENOTDIR) {
        return "cannot read: a component of the path is not a directory";
    }
    if (ec || !std::filesystem::exists(status)) {
        return "cannot read: no such file";
    }
    if (!std::filesystem::is_regular_file(status)) {
        return "cannot read: not a regular file";
    }
    return std::nullopt;
}

nlohmann::json read_json_file(const std::filesystem::path& path)
{
    const std::string name = path_name(path);
    if (auto why = unreadable_file(path)) {
        fail(name, "", std::move(*why));
    }
    std::error_code ec;
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
