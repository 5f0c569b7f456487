#include "src/record/uti.hpp"

#include "src/common/atomic_file.hpp"

#include <fstream>
#include <optional>
#include <sstream>
#include <tuple>
#include <utility>

namespace hammer::record {
namespace {

using nlohmann::json;

struct ResultStamp {
    std::string start_time;
    std::string hash;
};

/// The member at `path` inside `document` when every step exists, else nullptr.
const json* member_at(const json& document, std::initializer_list<const char*> path)
{
    const json* current = &document;
    for (const char* key : path) {
        if (!current->is_object() || !current->contains(key)) {
            return nullptr;
        }
        current = &(*current)[key];
    }
    return current;
}

std::optional<ResultStamp> stamp_of(const std::filesystem::path& file)
{
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (ec || size > max_journal_bytes) {
        return std::nullopt;
    }
    std::ifstream in{file, std::ios::binary};
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    const auto document = json::parse(text.str(), nullptr, false);
    const json* start_time = member_at(document, {"test", "metadata", "test_execution", "start_time"});
    const json* hash = member_at(document, {"test", "metadata", "test", "test-history", "hash"});
    if (start_time == nullptr || !start_time->is_string() || hash == nullptr || !hash->is_string()) {
        return std::nullopt;
    }
    return ResultStamp{start_time->get<std::string>(), hash->get<std::string>()};
}

bool same_directory(const std::filesystem::path& a, const std::filesystem::path& b)
{
    std::error_code ec;
    const bool same = std::filesystem::equivalent(a, b, ec);
    return ec ? a.lexically_normal() == b.lexically_normal() : same;
}

} // namespace

void write_result(const std::filesystem::path& run_directory, const json& uti)
{
    write_file_atomically(run_directory / result_file_name,
                          uti.dump(2, ' ', false, json::error_handler_t::replace) + "\n");
}

std::string latest_result_hash(const std::filesystem::path& runs_directory, const std::filesystem::path& exclude)
{
    std::optional<std::pair<ResultStamp, std::filesystem::path>> newest;
    std::error_code ec;
    for (std::filesystem::directory_iterator entry{runs_directory, ec}, end; !ec && entry != end;
         entry.increment(ec)) {
        std::error_code type_error;
        if (!entry->is_directory(type_error) || same_directory(entry->path(), exclude)) {
            continue;
        }
        auto stamp = stamp_of(entry->path() / result_file_name);
        // Same start time: the directory name decides, so the answer does not
        // depend on the order the file system lists entries in.
        if (stamp && (!newest || std::tie(stamp->start_time, entry->path()) >
                                     std::tie(newest->first.start_time, newest->second))) {
            newest.emplace(std::move(*stamp), entry->path());
        }
    }
    return newest ? newest->first.hash : "";
}

} // namespace hammer::record