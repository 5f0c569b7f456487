#include "src/report/result_file.hpp"

#include "src/common/diagnostics.hpp"
#include "src/common/json_file.hpp"
#include "src/record/uti.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace hammer::report {
namespace {

[[noreturn]] void refuse(const std::filesystem::path& file, std::string message)
{
    throw InputError{{Diagnostic{path_name(file), "", std::move(message)}}};
}

} // namespace

ReportInput read_result_file(const std::filesystem::path& path)
{
    std::error_code ec;
    auto file = path;
    if (std::filesystem::is_directory(path, ec)) {
        file = path / record::result_file_name;
    }
    if (auto why = unreadable_file(file)) {
        refuse(file, std::move(*why));
    }
    const auto size = std::filesystem::file_size(file, ec);
    if (!ec && size > max_result_file_bytes) {
        refuse(file, "file is " + std::to_string(size) + " bytes; results larger than " +
                         std::to_string(max_result_file_bytes) + " bytes are refused");
    }
    std::ifstream in{file, std::ios::binary};
    if (!in) {
        refuse(file, std::string{"cannot read: "} + std::strerror(errno));
    }
    std::ostringstream contents;
    contents << in.rdbuf();
    return ReportInput{parse_json_text(contents.str(), file.string()), file.string()};
}

} // namespace hammer::report
