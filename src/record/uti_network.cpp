#include "src/record/uti_sections.hpp"

#include "src/common/text.hpp"

#include <map>
#include <optional>

namespace hammer::record::uti_sections {
namespace {

/// node-id → position in network.node[].
std::map<std::string, std::size_t> index_nodes(const json& nodes)
{
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (nodes[i].is_object() && nodes[i].contains("node-id") && nodes[i]["node-id"].is_string()) {
            index.emplace(nodes[i]["node-id"].get<std::string>(), i);
        }
    }
    return index;
}

/// The state-id of the state[] entry an event makes, nothing for events that make none.
std::optional<std::string> state_id_of(const json& event)
{
    const auto& name = text_of(event, "event");
    if (name == "snapshot") {
        return "pre-test";
    }
    if (name == "state") {
        return text_of(event, "state-id");
    }
    if (name == "recovery") {
        return "recovery";
    }
    if (name == "endpoint-lost") {
        return "lost";
    }
    if (name == "restore") {
        // SKIP: the backend had nothing to put back for that property.
        const auto& outcome = text_of(event, "outcome");
        return outcome == "PASS" || outcome == "SKIP" ? "restored" : "restore-failed";
    }
    return std::nullopt;
}

json state_entry(const json& event, std::string state_id)
{
    json data;
    if (is_event(event, "state")) {
        data = event["operational-data"].is_null() ? json::object() : event["operational-data"];
        data["tp-id"] = event["tp-id"];
    } else {
        data = own_fields(event, "node-id");
    }
    return {{"state-id", std::move(state_id)}, {"timestamp", event["time"]}, {"operational-data", std::move(data)}};
}

json command_entry(const json& event)
{
    return {{"timestamp", event["time"]},
            {"command", event["command"]},
            {"return-code", event["return-code"]},
            {"response", event["response"]}};
}

void append_to(json& node, const char* member, json entry)
{
    if (!node.contains(member)) {
        node[member] = json::array();
    }
    node[member].push_back(std::move(entry));
}

} // namespace

json render_network(const json& topology_network, const Journal& journal)
{
    json network = topology_network;
    auto& nodes = network["node"];
    const auto index = index_nodes(nodes);
    for (std::size_t i = 0; i < journal.events.size(); ++i) {
        const auto& event = journal.events[i];
        const bool is_command = is_event(event, "command");
        auto state_id = state_id_of(event);
        if (!is_command && !state_id) {
            continue;
        }
        const auto& node_id = text_of(event, "node-id");
        const auto node = index.find(node_id);
        if (node == index.end()) {
            inconsistent(journal, i, "node " + in_quotes(node_id) + " is not in the run's topology");
        }
        if (is_command) {
            append_to(nodes[node->second], "command-history", command_entry(event));
        } else {
            append_to(nodes[node->second], "state", state_entry(event, std::move(*state_id)));
        }
    }
    return network;
}

} // namespace hammer::record::uti_sections
