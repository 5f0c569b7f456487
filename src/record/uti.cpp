#include "src/record/uti.hpp"

#include "src/common/atomic_file.hpp"
#include "src/common/text.hpp"
#include "src/record/sha256.hpp"
#include "src/record/uti_sections.hpp"
#include "src/topology/version.hpp"

namespace hammer::record {

using nlohmann::json;
using uti_sections::member_or;
using uti_sections::render_metadata;
using uti_sections::render_network;
using uti_sections::render_results;

json render_uti(const Journal& journal)
{
    const auto& topology = run_header(journal)["topology"];
    json uti;
    uti["version"] = result_version;
    uti["topology-version"] = member_or(topology, "version", "");
    uti["metadata"] = member_or(topology, "metadata", json::object());
    uti["reference"] = member_or(topology, "reference", json::object());
    uti["network"] = render_network(topology["network"], journal);
    uti["test"]["metadata"] = render_metadata(journal);
    uti["test"]["results"] = render_results(journal);
    uti["test"]["metadata"]["test"]["test-history"]["hash"] = document_hash(uti);
    return uti;
}

std::optional<std::string> result_version_problem(const std::string& version)
{
    const auto parsed = topology::parse_version(version);
    if (!parsed) {
        return in_quotes(version) + " is not a MAJOR.MINOR.PATCH version";
    }
    const auto ours = topology::parse_version(result_version);
    if (parsed->major > ours->major) {
        return "result version " + version + " is newer than this hammer reads (" + std::string{result_version} +
               "): it was written by a newer hammer";
    }
    return std::nullopt;
}

std::string document_hash(const json& uti)
{
    json canonical = uti;
    canonical["test"]["metadata"]["test"]["test-history"]["hash"] = "";
    // dump() sorts keys and leaves no whitespace: one text per document. The
    // replace handler changes nothing in valid UTF-8 and never throws.
    return sha256_hex(canonical.dump(-1, ' ', false, json::error_handler_t::replace));
}

void write_result(const std::filesystem::path& run_directory, const json& uti)
{
    write_file_atomically(run_directory / result_file_name,
                          uti.dump(2, ' ', false, json::error_handler_t::replace) + "\n");
}

} // namespace hammer::record
