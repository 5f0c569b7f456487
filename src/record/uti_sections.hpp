#pragma once

// The sections of the UTI document, one file each, and the journal-reading
// helpers they share: render_uti (uti.cpp) puts them together. Internal to
// src/record.

#include "src/record/journal_reader.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

namespace hammer::record::uti_sections {

using nlohmann::json;

/// Refuses the journal, naming the line of the event that does not fit the run.
[[noreturn]] void inconsistent(const Journal& journal, std::size_t event_index, std::string message);
[[nodiscard]] const std::string& text_of(const json& event, const char* member);
[[nodiscard]] bool is_event(const json& event, std::string_view name);
/// The members `names` of `event` that it has.
[[nodiscard]] json pick(const json& event, std::initializer_list<const char*> names);
/// An event's own fields, without the bookkeeping every event carries
/// (seq, time, at, event) and without `dropped`.
[[nodiscard]] json own_fields(const json& event, std::string_view dropped);
[[nodiscard]] json member_or(const json& object, const char* member, json fallback);

/// network, with each node's state[] and command-history[] filled from the journal.
[[nodiscard]] json render_network(const json& topology_network, const Journal& journal);
/// test.metadata
[[nodiscard]] json render_metadata(const Journal& journal);
/// test.results.total: forward, reverse and total traffic.
[[nodiscard]] json render_total(const Journal& journal);
/// test.results.node: counters per termination point.
[[nodiscard]] json render_nodes(const Journal& journal);
/// test.results.devices: each termination point's "identity" states, with
/// its node-id and tp-id, in the order they were recorded.
[[nodiscard]] json render_devices(const Journal& journal);
/// test.results: total, node, devices, pairs and summary.
[[nodiscard]] json render_results(const Journal& journal);

} // namespace hammer::record::uti_sections
