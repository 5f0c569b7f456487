#include "src/cli/replay.hpp"

#include "src/common/diagnostics.hpp"
#include "src/common/json_check.hpp"
#include "src/common/json_file.hpp"
#include "src/report/result_file.hpp"

namespace hammer::cli {

using nlohmann::json;

std::optional<json> topology_of_result(const json& document)
{
    if (!document.is_object() || !document.contains("test")) {
        return std::nullopt;
    }
    json topology = json::object();
    for (const char* member : {"metadata", "reference", "network"}) {
        if (document.contains(member)) {
            topology[member] = document.at(member);
        }
    }
    const auto version = document.find(topology_version_pointer(document).substr(1));
    if (version != document.end()) {
        topology["version"] = *version;
    }
    return topology;
}

std::string topology_version_pointer(const json& result)
{
    return result.is_object() && result.contains("topology-version") ? "/topology-version" : "/version";
}

void add_replay_option(CLI::App& command, std::optional<std::string>& replay)
{
    command.add_option(std::string{replay_flag}, replay,
                       "A previous run's result.json: run its topology and config with its seed again "
                       "(instead of TOPOLOGY CONFIG)");
}

void require_inputs_or_replay(const CLI::App& command, const std::optional<std::string>& replay)
{
    const bool topology = command.get_option("topology")->count() > 0;
    const bool config = command.get_option("config")->count() > 0;
    if (replay && (topology || config)) {
        throw InputError{{Diagnostic{std::string{replay_flag}, "",
                                     "the result holds the topology and config to run: give neither with it"}}};
    }
    if (!replay && !(topology && config)) {
        throw InputError{{Diagnostic{"hammer " + command.get_name(), "",
                                     "needs TOPOLOGY and CONFIG, or --replay RESULT.json"}}};
    }
}

Replay read_replay(const std::string& path)
{
    require_path(replay_flag, path, "the result document");
    auto input = report::read_result_file(path);
    Diagnostics diagnostics{input.file_name};
    Replay replay;
    replay.file = input.file_name;
    ObjectReader root{input.document, "", diagnostics};
    if (root.is_object() && !root.has("test")) {
        diagnostics.error("/test", "required member is missing: this is not a result document of hammer");
    }
    // The members a replay needs, each reported where it is missing or mistyped.
    const json* hammer = nullptr;
    if (const auto* test = root.has("test") ? root.required("test", JsonKind::object) : nullptr) {
        ObjectReader test_reader{*test, "/test", diagnostics};
        if (const auto* metadata = test_reader.required("metadata", JsonKind::object)) {
            ObjectReader metadata_reader{*metadata, "/test/metadata", diagnostics};
            hammer = metadata_reader.required("hammer", JsonKind::object);
        }
    }
    if (hammer != nullptr) {
        ObjectReader reader{*hammer, "/test/metadata/hammer", diagnostics};
        if (const auto* config = reader.required("config", JsonKind::object)) {
            replay.config = *config;
        }
        if (const auto* seed = reader.required("seed", JsonKind::integer)) {
            if (seed->is_number_unsigned()) {
                replay.seed = seed->get<std::uint64_t>();
            } else {
                diagnostics.error("/test/metadata/hammer/seed", "must not be negative, found " + seed->dump());
            }
        }
        replay.topology_file = reader.required_string("topology-file").value_or("");
        replay.config_file = reader.required_string("config-file").value_or("");
        replay.origin = {{"file", replay.file},
                         {"run-id", reader.required_string("run-id").value_or("")},
                         {"hash", input.document.value(json::json_pointer{"/test/metadata/test/test-history/hash"},
                                                       json(""))}};
    }
    (void)root.required("network", JsonKind::object);
    diagnostics.throw_if_any();
    replay.topology = *topology_of_result(input.document);
    replay.version_pointer = topology_version_pointer(input.document);
    return replay;
}

} // namespace hammer::cli
