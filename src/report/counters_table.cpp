#include "src/report/counters_table.hpp"

#include <array>
#include <set>

namespace hammer::report {
namespace {

/// Counter names that count trouble: any non-zero value deserves a look.
constexpr std::array<std::string_view, 6> trouble_words = {"err", "drop", "miss", "lost", "fail", "discard"};

bool is_trouble(const std::string& counter, const std::string& value)
{
    if (value.empty() || value == "0") {
        return false;
    }
    for (const auto word : trouble_words) {
        if (counter.find(word) != std::string::npos) {
            return true;
        }
    }
    return false;
}

void value_cell(Html& html, const std::string& counter, const std::map<std::string, std::string>& values)
{
    const auto found = values.find(counter);
    const auto value = found != values.end() ? found->second : std::string{};
    html.element("td", {{"class", is_trouble(counter, value) ? "number bad" : "number"}},
                 value.empty() ? "\u2014" : value);
}

} // namespace

void render_counters(Html& html, const RunView& run, const std::string& id_prefix)
{
    html.open("section", {{"class", "counters"}, {"id", id_prefix + "-counters"}});
    html.element("h3", {}, "Counters per termination point");
    if (run.counters.empty()) {
        html.element("p", {{"class", "note"}}, "No counters were recorded.");
        html.close();
        return;
    }
    html.element("p", {{"class", "hint"}}, "Deltas observed during the steps, summed over the run.");
    html.open("div", {{"class", "scroll"}}).open("table", {{"class", "counters-table"}});
    html.open("thead").open("tr");
    for (const char* heading : {"node", "termination point", "counter", "rx", "tx"}) {
        html.element("th", {}, heading);
    }
    html.close().close().open("tbody");
    for (const auto& point : run.counters) {
        std::set<std::string> names;
        for (const auto* values : {&point.rx, &point.tx}) {
            for (const auto& [name, value] : *values) {
                names.insert(name);
            }
        }
        html.open("tr", {{"class", "tp"}})
            .element("td", {}, point.endpoint.node_id)
            .element("td", {}, point.endpoint.tp_id);
        if (names.empty()) {
            html.element("td", {{"colspan", "3"}, {"class", "note"}}, "no counters recorded").close();
            continue;
        }
        bool first = true;
        for (const auto& name : names) {
            if (!first) {
                html.open("tr").element("td", {}, "").element("td", {}, "");
            }
            first = false;
            html.element("td", {}, name);
            value_cell(html, name, point.rx);
            value_cell(html, name, point.tx);
            html.close();
        }
    }
    html.close().close().close();
    html.close();
}

} // namespace hammer::report
