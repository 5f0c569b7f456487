#include "src/report/history_tables.hpp"

#include "src/report/format.hpp"

#include <functional>
#include <initializer_list>

namespace hammer::report {
namespace {

constexpr std::size_t cell_chars = 300;

/// Rows [0, count) through `row`, the middle left out when there are too many.
void capped_rows(Html& html, std::size_t count, std::size_t columns, const std::function<void(std::size_t)>& row)
{
    const std::size_t head = count > max_history_rows ? max_history_rows / 2 : count;
    const std::size_t tail_start = count > max_history_rows ? count - max_history_rows / 2 : count;
    for (std::size_t i = 0; i < head; ++i) {
        row(i);
    }
    if (tail_start > head) {
        html.open("tr", {{"class", "left-out"}})
            .element("td", {{"colspan", std::to_string(columns)}},
                     format_count(tail_start - head) + " entries left out (" + format_count(head + 1) + " to " +
                         format_count(tail_start) + " of " + format_count(count) + "); result.json has them all.")
            .close();
    }
    for (std::size_t i = tail_start; i < count; ++i) {
        row(i);
    }
}

void table_head(Html& html, std::initializer_list<const char*> headings)
{
    html.open("thead").open("tr");
    for (const char* heading : headings) {
        html.element("th", {}, heading);
    }
    html.close().close();
}

} // namespace

void render_commands(Html& html, const RunView& run, const std::string& id_prefix)
{
    html.open("section", {{"class", "commands"}, {"id", id_prefix + "-commands"}});
    html.element("h3", {}, "Command history");
    if (run.commands.empty()) {
        html.element("p", {{"class", "note"}}, "No command was recorded.");
        html.close();
        return;
    }
    html.element("p", {{"class", "hint"}},
                 format_count(run.commands.size()) +
                     " changes and queries, written as the equivalent ip/ethtool command line (hammer makes them "
                     "through netlink and ethdev calls, not a shell).");
    html.open("div", {{"class", "scroll"}}).open("table", {{"class", "command-history"}});
    table_head(html, {"time", "node", "command", "return code", "response"});
    html.open("tbody");
    capped_rows(html, run.commands.size(), 5, [&](std::size_t i) {
        const auto& command = run.commands[i];
        html.open("tr", {{"class", command.failed ? "command failed" : "command"}})
            .element("td", {{"class", "time"}}, command.timestamp)
            .element("td", {}, command.node_id)
            .element("td", {{"class", "code"}}, shortened(command.command, cell_chars))
            .element("td", {{"class", command.failed ? "number bad" : "number"}}, command.return_code)
            .element("td", {{"class", "code"}}, shortened(command.response, cell_chars))
            .close();
    });
    html.close().close().close();
    html.close();
}

void render_states(Html& html, const RunView& run, const std::string& id_prefix)
{
    html.open("section", {{"class", "states"}, {"id", id_prefix + "-states"}});
    html.element("h3", {}, "State history");
    if (run.states.empty()) {
        html.element("p", {{"class", "note"}}, "No state was recorded.");
        html.close();
        return;
    }
    html.element("p", {{"class", "hint"}},
                 "pre-test: the snapshot taken before anything changed; recovery, lost: re-initialising an endpoint "
                 "after an ERROR; restored, restore-failed: putting it back.");
    html.open("div", {{"class", "scroll"}}).open("table", {{"class", "state-history"}});
    table_head(html, {"time", "node", "termination point", "state", "details"});
    html.open("tbody");
    capped_rows(html, run.states.size(), 5, [&](std::size_t i) {
        const auto& state = run.states[i];
        const bool bad = state.state_id == "lost" || state.state_id == "restore-failed";
        html.open("tr", {{"class", bad ? "state bad" : "state"}})
            .element("td", {{"class", "time"}}, state.timestamp)
            .element("td", {}, state.node_id)
            .element("td", {}, state.tp_id)
            .element("td", {}, state.state_id)
            .element("td", {{"class", "code"}}, shortened(state.details, cell_chars))
            .close();
    });
    html.close().close().close();
    html.close();
}

} // namespace hammer::report
