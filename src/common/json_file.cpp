#include "src/common/json_file.hpp"

#include "src/common/diagnostics.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
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
/// column 2: syntax error while parsing value - invalid literal; last read: 'x'".
/// Keep only the part after the position, which says what was wrong.
std::string reason_of(const nlohmann::json::parse_error& error)
{
    std::string_view what = error.what();
    if (const auto colon = what.find(": "); colon != std::string_view::npos) {
        what.remove_prefix(colon + 2);
    }
    return std::string{what};
}

} // namespace

nlohmann::json parse_json_text(std::string_view text, const std::string& file_name)
{
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& error) {
        // byte is 1-based and points just past the offending character.
        const std::size_t offset = error.byte > 0 ? error.byte - 1 : 0;
        fail(file_name, line_and_column(text, offset), "invalid JSON: " + reason_of(error));
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
