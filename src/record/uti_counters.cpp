#include "src/record/uti_sections.hpp"

#include "src/common/text.hpp"

#include <map>
#include <utility>

namespace hammer::record::uti_sections {
namespace {

using EndpointKey = std::pair<std::string, std::string>; ///< node-id, tp-id

struct EndpointCounters {
    json rx = json::object();
    json tx = json::object();
    std::size_t first_event = 0; ///< the event that named it first, for messages
};

/// Counters are deltas: numbers add up. Anything else is not a count, so the
/// latest observation stands.
json summed(const json& sum, const json& value)
{
    if (!sum.is_number() || !value.is_number()) {
        return value;
    }
    if (sum.is_number_unsigned() && value.is_number_unsigned()) {
        return sum.get<std::uint64_t>() + value.get<std::uint64_t>();
    }
    if (sum.is_number_integer() && value.is_number_integer()) {
        return sum.get<std::int64_t>() + value.get<std::int64_t>();
    }
    return sum.get<double>() + value.get<double>();
}

void add_counts(json& sums, const json& counts)
{
    // null: a step that counted nothing on that side.
    if (counts.is_null()) {
        return;
    }
    for (const auto& [key, value] : counts.items()) {
        sums[key] = summed(sums.contains(key) ? sums[key] : json{}, value);
    }
}

std::map<EndpointKey, EndpointCounters> collect_counters(const Journal& journal)
{
    std::map<EndpointKey, EndpointCounters> counters;
    for (const auto& pair : run_header(journal)["pairs"]) {
        for (const char* side : {"a", "b"}) {
            counters.try_emplace({text_of(pair[side], "node-id"), text_of(pair[side], "tp-id")});
        }
    }
    for (std::size_t i = 0; i < journal.events.size(); ++i) {
        const auto& event = journal.events[i];
        if (!is_event(event, "counters")) {
            continue;
        }
        auto [entry, added] = counters.try_emplace({text_of(event, "node-id"), text_of(event, "tp-id")});
        if (added) {
            entry->second.first_event = i;
        }
        add_counts(entry->second.rx, event["rx"]);
        add_counts(entry->second.tx, event["tx"]);
    }
    return counters;
}

} // namespace

json render_nodes(const Journal& journal)
{
    auto counters = collect_counters(journal);
    json nodes = json::array();
    for (const auto& node : run_header(journal)["topology"]["network"]["node"]) {
        if (!node.is_object()) {
            continue;
        }
        json points = json::array();
        const auto node_id = node.value("node-id", "");
        for (const auto& point : member_or(node, "termination-point", json::array())) {
            if (!point.is_object()) {
                continue;
            }
            const auto found = counters.find({node_id, point.value("tp-id", "")});
            if (found == counters.end()) {
                continue;
            }
            points.push_back({{"tp-id", found->first.second},
                              {"rx-counters", std::move(found->second.rx)},
                              {"tx-counters", std::move(found->second.tx)}});
            counters.erase(found);
        }
        if (!points.empty()) {
            nodes.push_back({{"node-id", node_id}, {"termination-point", std::move(points)}});
        }
    }
    if (!counters.empty()) {
        const auto& [key, unknown] = *counters.begin();
        inconsistent(journal, unknown.first_event,
                     "termination point " + in_quotes(key.first + "/" + key.second) + " is not in the run's topology");
    }
    return nodes;
}

} // namespace hammer::record::uti_sections
