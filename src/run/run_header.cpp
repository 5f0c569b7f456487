#include "src/run/run_header.hpp"

#include "hammer_version.hpp"
#include "src/schedule/plan_render.hpp"

#include <algorithm>
#include <filesystem>

namespace hammer::run {
namespace {

nlohmann::json endpoint_json(const topology::Endpoint& endpoint)
{
    return {{"node-id", endpoint.node_id}, {"tp-id", endpoint.tp.id}};
}

nlohmann::json pairs_json(const std::vector<topology::Pair>& pairs)
{
    auto list = nlohmann::json::array();
    for (const auto& pair : pairs) {
        list.push_back({{"pair-id", pair.id},
                        {"a", endpoint_json(pair.a)},
                        {"b", endpoint_json(pair.b)},
                        {"origin", topology::to_string(pair.origin)},
                        {"via", pair.via}});
    }
    return list;
}

std::vector<std::string> tags_of(const config::RunConfig& config)
{
    std::vector<std::string> tags{"HAMMER", std::string{config::to_string(config.mode)},
                                  std::string{config::to_string(config.order)}};
    for (const auto shape : config.patterns) {
        tags.emplace_back(patterns::shape_name(shape));
    }
    for (const auto& entry : config.operations) {
        if (std::find(tags.begin(), tags.end(), entry.name) == tags.end()) {
            tags.push_back(entry.name);
        }
    }
    return tags;
}

} // namespace

record::RunHeader make_run_header(const topology::Model& model, const std::vector<topology::Pair>& pairs,
                                  const config::RunConfig& config, const schedule::Schedule& schedule,
                                  RunIdentity identity)
{
    record::RunHeader header;
    header.run_id = std::move(identity.run_id);
    header.hammer_version = HAMMER_VERSION;
    header.topology_file = model.file;
    header.config_file = config.file;
    header.topology = model.document;
    header.config = config.document;
    header.seed = schedule.seed;
    header.seed_source = std::move(identity.seed_source);
    header.mode = config::to_string(config.mode);
    header.duration = schedule.duration;
    header.pairs = pairs_json(pairs);
    header.schedule = schedule::plan_to_json(schedule, config, pairs);
    header.executor = std::move(identity.executor);
    header.host = std::move(identity.host);
    header.software = identity.software.is_object() ? std::move(identity.software) : nlohmann::json::object();
    header.previous_hash = std::move(identity.previous_hash);
    header.replay_of = std::move(identity.replay_of);
    header.test_id = "hammer." + model.network_id + "." + std::filesystem::path{config.file}.stem().string();
    header.tags = tags_of(config);
    const auto comment = config.document.find("$comment");
    header.documentation = comment != config.document.end() && comment->is_string()
                               ? comment->get<std::string>()
                               : "hammer run of " + config.file + " on " + model.file;
    return header;
}

} // namespace hammer::run
