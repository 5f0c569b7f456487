#include "src/record/uti_sections.hpp"

#include "src/common/text.hpp"

#include <array>
#include <map>
#include <utility>
#include <vector>

namespace hammer::record::uti_sections {
namespace {

/// Every step outcome: each summary counts all four, zeros included, so a
/// reader never has to tell "none" from "not recorded".
constexpr std::array<const char*, 4> outcome_names = {"PASS", "FAIL", "ERROR", "SKIP"};

constexpr std::string_view interrupted_message = "the run ended before this step finished";

json outcome_counts()
{
    json counts = json::object();
    for (const char* name : outcome_names) {
        counts[name] = 0;
    }
    return counts;
}

void count_outcome(json& counts, const json& step)
{
    auto& count = counts[text_of(step, "outcome")];
    count = count.get<std::uint64_t>() + 1;
}

/// What is known of a step whose slot-end never came: the run died in it.
json interrupted_step(const json& slot_start)
{
    json step = pick(slot_start, {"slot", "operation-id", "operation", "loop", "planned-start-ms", "planned-ms"});
    step["outcome"] = "ERROR";
    step["message"] = interrupted_message;
    step["phase"] = "interrupted";
    step["timestamp"] = slot_start["time"];
    step["start-ms"] = slot_start["at"];
    // How long it ran and how often setup was tried died with the process.
    step["actual-ms"] = nullptr;
    step["overrun-ms"] = nullptr;
    step["setup-attempts"] = nullptr;
    return step;
}

json finished_step(const json& slot_end, const json& timestamp)
{
    json step = pick(slot_end, {"slot", "operation-id", "operation", "loop", "outcome", "message", "phase",
                                "planned-start-ms", "planned-ms", "start-ms", "actual-ms", "overrun-ms",
                                "setup-attempts"});
    step["timestamp"] = timestamp;
    return step;
}

json event_record(const json& event)
{
    json record = own_fields(event, "pair-id");
    record["timestamp"] = event["time"];
    return record;
}

/// One traffic measurement of the pair, with the rate it makes; at-ms is
/// when it was recorded, the end of its step's traffic.
json traffic_record(const json& event)
{
    json record = own_fields(event, "pair-id");
    const auto tx = event["tx-packets"].get<std::uint64_t>();
    const auto rx = event["rx-packets"].get<std::uint64_t>();
    const auto milliseconds = event["duration-ms"].get<std::uint64_t>();
    const double seconds = static_cast<double>(milliseconds) / 1000.0;
    record["timestamp"] = event["time"];
    record["at-ms"] = event["at"];
    record["lost-packets"] = tx > rx ? tx - rx : 0;
    record["throughput"] = {
        {"pps", milliseconds == 0 ? 0.0 : static_cast<double>(rx) / seconds},
        {"bps", milliseconds == 0 ? 0.0 : static_cast<double>(event["rx-bytes"].get<std::uint64_t>()) * 8.0 / seconds}};
    return record;
}

/// One control change's cost to the pair's traffic, or one throughput
/// result of the pair: what it was, when and by which step.
json timed_record(const json& event)
{
    json record = own_fields(event, "pair-id");
    record["timestamp"] = event["time"];
    record["at-ms"] = event["at"];
    return record;
}

json sample_record(const json& event)
{
    json record = own_fields(event, "pair-id");
    record["at-ms"] = event["at"];
    return record;
}

/// The per-pair results, built event by event.
class PairResults {
public:
    explicit PairResults(const Journal& journal) : journal_{journal}
    {
        for (const auto& pair : run_header(journal)["pairs"]) {
            index_.emplace(text_of(pair, "pair-id"), pairs_.size());
            pairs_.push_back({{"pair-id", pair["pair-id"]},
                              {"a", pair["a"]},
                              {"b", pair["b"]},
                              {"origin", member_or(pair, "origin", nullptr)},
                              {"via", member_or(pair, "via", nullptr)},
                              {"steps", json::array()},
                              {"recoveries", json::array()},
                              {"lost-endpoints", json::array()},
                              {"traffic", json::array()},
                              {"outages", json::array()},
                              {"samples", json::array()},
                              {"throughput", json::array()}});
        }
    }

    void add(std::size_t event_index)
    {
        const auto& event = journal_.events[event_index];
        const auto& name = text_of(event, "event");
        if (name == "slot-start") {
            start_step(event_index);
        } else if (name == "slot-end") {
            end_step(event_index);
        } else if (name == "recovery") {
            pair_of(event_index)["recoveries"].push_back(event_record(event));
        } else if (name == "endpoint-lost") {
            pair_of(event_index)["lost-endpoints"].push_back(event_record(event));
        } else if (name == "traffic") {
            pair_of(event_index)["traffic"].push_back(traffic_record(event));
        } else if (name == "outage") {
            pair_of(event_index)["outages"].push_back(timed_record(event));
        } else if (name == "throughput") {
            pair_of(event_index)["throughput"].push_back(timed_record(event));
            unfinished_trials_.erase({text_of(event, "pair-id"), text_of(event, "operation-id")});
        } else if (name == "trial") {
            unfinished_trials_[{text_of(event, "pair-id"), text_of(event, "operation-id")}].push_back(event_index);
        } else if (name == "traffic-sample") {
            pair_of(event_index)["samples"].push_back(sample_record(event));
        }
    }

    /// The pairs with their summaries, and the summary of the whole run.
    [[nodiscard]] std::pair<json, json> finish() &&
    {
        add_unfinished_searches();
        json summary = outcome_counts();
        json operations = json::object();
        for (auto& pair : pairs_) {
            pair["summary"] = outcome_counts();
            for (const auto& step : pair["steps"]) {
                count_outcome(pair["summary"], step);
                count_outcome(summary, step);
                add_to_operation(operations, step);
            }
        }
        summary["operations"] = std::move(operations);
        return {json(std::move(pairs_)), std::move(summary)};
    }

private:
    json& pair_of(std::size_t event_index)
    {
        const auto& pair_id = text_of(journal_.events[event_index], "pair-id");
        const auto found = index_.find(pair_id);
        if (found == index_.end()) {
            inconsistent(journal_, event_index, "pair " + in_quotes(pair_id) + " is not among the run's pairs");
        }
        return pairs_[found->second];
    }

    /// A step is placed when its slot starts, as interrupted until its slot-end says otherwise.
    void start_step(std::size_t event_index)
    {
        const auto& event = journal_.events[event_index];
        auto& steps = pair_of(event_index)["steps"];
        open_steps_[{text_of(event, "pair-id"), event["slot"].get<std::uint64_t>()}] = steps.size();
        steps.push_back(interrupted_step(event));
    }

    void end_step(std::size_t event_index)
    {
        const auto& event = journal_.events[event_index];
        auto& steps = pair_of(event_index)["steps"];
        const auto open = open_steps_.find({text_of(event, "pair-id"), event["slot"].get<std::uint64_t>()});
        if (open == open_steps_.end()) {
            // Its slot-start was not recorded: the end is all there is to go by.
            steps.push_back(finished_step(event, event["time"]));
            return;
        }
        auto& step = steps[open->second];
        step = finished_step(event, step["timestamp"]);
        open_steps_.erase(open);
    }

    static void add_to_operation(json& operations, const json& step)
    {
        const auto& id = text_of(step, "operation-id");
        if (!operations.contains(id)) {
            operations[id] = outcome_counts();
            operations[id]["time-ms"] = 0;
        }
        auto& operation = operations[id];
        count_outcome(operation, step);
        if (step["actual-ms"].is_number_integer()) {
            operation["time-ms"] = operation["time-ms"].get<std::int64_t>() + step["actual-ms"].get<std::int64_t>();
        }
    }

    /// The trials of a step that died before its result was journaled, as
    /// a throughput result of those trials alone.
    void add_unfinished_searches()
    {
        for (const auto& [key, events] : unfinished_trials_) {
            const auto& last = journal_.events[events.back()];
            json trials = json::array();
            for (const std::size_t index : events) {
                trials.push_back(journal_.events[index]["trial"]);
            }
            json record = timed_record(last);
            record.erase("trial");
            record["result"] = {{"type", last["type"]},
                                {"trials", std::move(trials)},
                                {"search",
                                 {{"complete", false},
                                  {"stopped-because", "the run ended before the step did: its trials alone"}}}};
            pair_of(events.back())["throughput"].push_back(std::move(record));
        }
    }

    const Journal& journal_;
    std::vector<json> pairs_;
    std::map<std::string, std::size_t> index_;
    std::map<std::pair<std::string, std::uint64_t>, std::size_t> open_steps_; ///< (pair-id, slot) → step
    /// (pair-id, operation-id) → its "trial" events since its last "throughput" event.
    std::map<std::pair<std::string, std::string>, std::vector<std::size_t>> unfinished_trials_;
};

} // namespace

json render_results(const Journal& journal)
{
    PairResults pairs{journal};
    for (std::size_t i = 0; i < journal.events.size(); ++i) {
        pairs.add(i);
    }
    auto [pair_list, summary] = std::move(pairs).finish();
    json results;
    results["total"] = render_total(journal);
    results["node"] = render_nodes(journal);
    results["devices"] = render_devices(journal);
    results["pairs"] = std::move(pair_list);
    results["summary"] = std::move(summary);
    return results;
}

} // namespace hammer::record::uti_sections
