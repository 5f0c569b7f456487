#include "src/schedule/plan_render.hpp"

#include <cstdio>
#include <ostream>
#include <string_view>

namespace hammer::schedule {
namespace {

constexpr std::string_view symbols = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

std::string seconds(std::chrono::milliseconds value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.3f", static_cast<double>(value.count()) / 1000.0);
    return text;
}

std::string padded(std::string text, std::size_t width)
{
    if (text.size() < width) {
        text.append(width - text.size(), ' ');
    }
    return text;
}

} // namespace

char operation_symbol(std::size_t index) noexcept
{
    return index < symbols.size() ? symbols[index] : '*';
}

std::vector<std::string> timeline_rows(const Schedule& schedule, std::size_t columns)
{
    std::vector<std::string> rows;
    const auto total = static_cast<double>(schedule.duration.count());
    for (std::size_t pair = 0; pair < schedule.pairs.size(); ++pair) {
        std::string row;
        for (std::size_t column = 0; column < columns; ++column) {
            // Each column shows what runs at its middle instant.
            const auto instant = std::chrono::milliseconds{
                static_cast<std::int64_t>((static_cast<double>(column) + 0.5) * total / static_cast<double>(columns))};
            const Slot* slot = schedule.slot_at(pair, instant);
            row += slot != nullptr ? operation_symbol(slot->operation) : ' ';
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

void render_plan_text(const Schedule& schedule, const config::RunConfig& config,
                      const std::vector<topology::Pair>& pairs, std::ostream& out)
{
    out << "mode " << to_string(schedule.mode) << ", order " << to_string(config.order) << ", duration "
        << seconds(schedule.duration) << " s, " << schedule.loops << (schedule.loops == 1 ? " loop" : " loops")
        << " of " << config.operations.size() << " operations, seed " << schedule.seed << "\n";

    for (std::size_t i = 0; i < schedule.pairs.size(); ++i) {
        const auto& pair_schedule = schedule.pairs[i];
        const auto& pair = pairs.at(i);
        out << "\n" << pair.id << "  " << pair.a.name() << " <-> " << pair.b.name() << "  pattern "
            << patterns::shape_name(pair_schedule.shape) << ", phase " << seconds(std::chrono::milliseconds{
                   static_cast<std::int64_t>(pair_schedule.phase * 1000)})
            << "\n";
        out << "  " << padded("start s", 11) << padded("end s", 11) << padded("loop", 6) << "operation\n";
        for (const auto& slot : pair_schedule.slots) {
            out << "  " << padded(seconds(slot.start), 11) << padded(seconds(slot.end()), 11)
                << padded(std::to_string(slot.loop + 1), 6) << config.operations[slot.operation].id << "\n";
        }
    }

    std::size_t label_width = 0;
    for (const auto& pair : pairs) {
        label_width = std::max(label_width, pair.id.size());
    }
    out << "\ntimeline, one column = " << seconds(schedule.duration / timeline_columns) << " s\n";
    std::string axis(timeline_columns, '-');
    out << "  " << padded("", label_width) << " 0" << std::string(timeline_columns - 1, ' ')
        << seconds(schedule.duration) << " s\n";
    out << "  " << padded("", label_width) << " " << axis << "\n";
    const auto rows = timeline_rows(schedule, timeline_columns);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        out << "  " << padded(pairs.at(i).id, label_width) << " " << rows[i] << "\n";
    }
    out << "\n";
    for (std::size_t i = 0; i < config.operations.size(); ++i) {
        out << "  " << operation_symbol(i) << " " << config.operations[i].id << "\n";
    }
}

nlohmann::json plan_to_json(const Schedule& schedule, const config::RunConfig& config,
                            const std::vector<topology::Pair>& pairs)
{
    nlohmann::json operations = nlohmann::json::array();
    for (const auto& entry : config.operations) {
        operations.push_back({{"id", entry.id}, {"name", entry.name}, {"params", entry.params}});
    }
    nlohmann::json pair_list = nlohmann::json::array();
    for (std::size_t i = 0; i < schedule.pairs.size(); ++i) {
        const auto& pair_schedule = schedule.pairs[i];
        const auto& pair = pairs.at(i);
        nlohmann::json slots = nlohmann::json::array();
        for (const auto& slot : pair_schedule.slots) {
            slots.push_back({{"operation", config.operations[slot.operation].id},
                             {"loop", slot.loop + 1},
                             {"start_ms", slot.start.count()},
                             {"end_ms", slot.end().count()}});
        }
        pair_list.push_back({{"id", pair.id},
                             {"a", pair.a.name()},
                             {"b", pair.b.name()},
                             {"pattern", patterns::shape_name(pair_schedule.shape)},
                             {"phase", pair_schedule.phase},
                             {"slots", std::move(slots)}});
    }
    return {{"seed", schedule.seed},
            {"mode", to_string(schedule.mode)},
            {"order", to_string(config.order)},
            {"duration_ms", schedule.duration.count()},
            {"loops", schedule.loops},
            {"operations", std::move(operations)},
            {"pairs", std::move(pair_list)}};
}

} // namespace hammer::schedule
