#include "src/record/uti_sections.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace hammer::record::uti_sections {
namespace {

const json* last_event(const Journal& journal, std::string_view name)
{
    const auto found = std::find_if(journal.events.rbegin(), journal.events.rend(),
                                    [name](const json& event) { return is_event(event, name); });
    return found == journal.events.rend() ? nullptr : &*found;
}

json render_execution(const Journal& journal)
{
    const json* run_end = last_event(journal, "run-end");
    // Without run-end the process died: nothing vouches for the steps it left.
    std::string status = run_end == nullptr ? "ERROR" : text_of(*run_end, "status");
    // A run whose steps all skipped did not fail: the UTI knows PASS and FAIL.
    if (status == "SKIP") {
        status = "PASS";
    }
    const bool interrupted = last_event(journal, "stop-requested") != nullptr ||
                             (run_end != nullptr && (*run_end)["interrupted"].get<bool>());
    return {{"start_time", journal.events.front()["time"]},
            {"end_time", run_end != nullptr ? (*run_end)["time"] : journal.events.back()["time"]},
            {"status", std::move(status)},
            {"interrupted", interrupted},
            {"restored", is_restored(journal)}};
}

/// "HAMMER", followed by the CSIT result types the run held ("NDRPDR",
/// "MRR"), in the order they first appear: CSIT names one type per test,
/// a hammer run may hold several next to its stress steps.
std::string test_type(const Journal& journal)
{
    std::string type = "HAMMER";
    std::vector<std::string> seen;
    for (const auto& event : journal.events) {
        if (is_event(event, "throughput") && std::find(seen.begin(), seen.end(), text_of(event, "type")) == seen.end()) {
            seen.push_back(text_of(event, "type"));
            type += " " + seen.back();
        }
    }
    return type;
}

} // namespace

json render_metadata(const Journal& journal)
{
    const auto& header = run_header(journal);
    json metadata;
    metadata["test_executor"] = header["executor"];
    metadata["test_execution"] = render_execution(journal);
    metadata["test"] = {{"id", header["test-id"]},
                        {"type", test_type(journal)},
                        {"tags", header["tags"]},
                        {"documentation", header["documentation"]},
                        {"test-history", {{"hash", ""}, {"previous_hash", header["previous-hash"]}}}};
    metadata["hammer"] = {{"version", header["hammer-version"]},
                          {"run-id", header["run-id"]},
                          {"seed", header["seed"]},
                          {"seed-source", header["seed-source"]},
                          {"mode", header["mode"]},
                          {"duration-ms", header["duration-ms"]},
                          {"topology-file", header["topology-file"]},
                          {"config-file", header["config-file"]},
                          {"config", header["config"]}};
    if (header.contains("replay-of")) {
        metadata["hammer"]["replay-of"] = header["replay-of"];
    }
    // Journals of hammer before identity was recorded name neither.
    if (header.contains("host")) {
        metadata["host"] = header["host"];
    }
    json software = member_or(header, "software", json::object());
    software["hammer"] = header["hammer-version"];
    metadata["software"] = std::move(software);
    return metadata;
}

} // namespace hammer::record::uti_sections
