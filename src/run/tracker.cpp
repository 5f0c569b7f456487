#include "src/run/tracker.hpp"

#include <algorithm>
#include <cstdio>
#include <numeric>

namespace hammer::run {
namespace {

using operations::Outcome;

constexpr std::array<std::string_view, 8> phase_names{"waiting", "setup", "run", "verify",
                                                      "reset",   "recovery", "done", "lost"};

std::string seconds_text(std::chrono::milliseconds value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", static_cast<double>(value.count()) / 1000.0);
    return text;
}

std::string padded(std::string_view text, std::size_t width)
{
    std::string cell{text};
    if (cell.size() < width) {
        cell.append(width - cell.size(), ' ');
    }
    return cell;
}

std::size_t widest(const std::vector<std::string>& names, std::size_t at_least)
{
    return std::accumulate(names.begin(), names.end(), at_least,
                           [](std::size_t width, const std::string& name) { return std::max(width, name.size()); });
}

} // namespace

std::string_view to_string(Phase phase) noexcept
{
    return phase_names[static_cast<std::size_t>(phase)];
}

unsigned SummaryCell::total() const
{
    return std::accumulate(counts.begin(), counts.end(), 0U);
}

Tracker::Tracker(std::vector<std::string> pair_ids, std::vector<std::string> operation_ids,
                 const std::vector<std::size_t>& steps_per_pair)
    : pair_ids_{std::move(pair_ids)}, operation_ids_{std::move(operation_ids)}, progress_(pair_ids_.size()),
      cells_(pair_ids_.size(), std::vector<SummaryCell>(operation_ids_.size()))
{
    for (std::size_t pair = 0; pair < pair_ids_.size(); ++pair) {
        progress_[pair].pair_id = pair_ids_[pair];
        progress_[pair].steps_total = pair < steps_per_pair.size() ? steps_per_pair[pair] : 0;
    }
}

namespace {

std::vector<std::string> pair_ids_of(const schedule::Schedule& schedule)
{
    std::vector<std::string> ids;
    for (const auto& pair : schedule.pairs) {
        ids.push_back(pair.pair_id);
    }
    return ids;
}

std::vector<std::size_t> steps_of(const schedule::Schedule& schedule)
{
    std::vector<std::size_t> steps;
    for (const auto& pair : schedule.pairs) {
        steps.push_back(pair.slots.size());
    }
    return steps;
}

std::vector<std::string> entry_ids_of(const config::RunConfig& config)
{
    std::vector<std::string> ids;
    for (const auto& entry : config.operations) {
        ids.push_back(entry.id);
    }
    return ids;
}

} // namespace

Tracker::Tracker(const schedule::Schedule& schedule, const config::RunConfig& config)
    : Tracker{pair_ids_of(schedule), entry_ids_of(config), steps_of(schedule)}
{
}

void Tracker::step_started(std::size_t pair, std::size_t operation, unsigned loop, std::chrono::milliseconds at,
                           std::chrono::milliseconds planned)
{
    std::scoped_lock lock{mutex_};
    auto& progress = progress_[pair];
    progress.operation_id = operation_ids_[operation];
    progress.loop = loop;
    progress.step_started = at;
    progress.step_planned = planned;
    progress.phase = Phase::setup;
}

void Tracker::enter(std::size_t pair, Phase phase)
{
    std::scoped_lock lock{mutex_};
    progress_[pair].phase = phase;
}

void Tracker::step_finished(std::size_t pair, std::size_t operation, Outcome outcome,
                            std::chrono::milliseconds planned, std::chrono::milliseconds actual)
{
    std::scoped_lock lock{mutex_};
    auto& progress = progress_[pair];
    progress.last_outcome = outcome;
    ++progress.steps_done;
    auto& cell = cells_[pair][operation];
    ++cell.counts[static_cast<std::size_t>(outcome)];
    cell.planned += planned;
    cell.actual += actual;
}

std::vector<PairProgress> Tracker::progress() const
{
    std::scoped_lock lock{mutex_};
    return progress_;
}

std::vector<std::vector<SummaryCell>> Tracker::summary() const
{
    std::scoped_lock lock{mutex_};
    return cells_;
}

Outcome Tracker::worst() const
{
    std::scoped_lock lock{mutex_};
    auto result = Outcome::pass;
    for (const auto& row : cells_) {
        for (const auto& cell : row) {
            for (std::size_t index = 0; index < cell.counts.size(); ++index) {
                if (cell.counts[index] > 0) {
                    result = operations::worst(result, static_cast<Outcome>(index));
                }
            }
        }
    }
    return result;
}

std::string render_summary(const Tracker& tracker)
{
    const auto cells = tracker.summary();
    const auto pair_width = widest(tracker.pair_ids(), 4) + 2;
    const auto operation_width = widest(tracker.operation_ids(), 9) + 2;
    std::string table = padded("pair", pair_width) + padded("operation", operation_width) +
                        "  PASS  FAIL ERROR  SKIP   planned s    actual s\n";
    SummaryCell total;
    const auto add_row = [&](std::string_view pair, std::string_view operation, const SummaryCell& cell) {
        char numbers[96];
        std::snprintf(numbers, sizeof numbers, "%6u%6u%6u%6u%12s%12s\n", cell.count(Outcome::pass),
                      cell.count(Outcome::fail), cell.count(Outcome::error), cell.count(Outcome::skip),
                      seconds_text(cell.planned).c_str(), seconds_text(cell.actual).c_str());
        table += padded(pair, pair_width) + padded(operation, operation_width) + numbers;
    };
    for (std::size_t pair = 0; pair < cells.size(); ++pair) {
        for (std::size_t operation = 0; operation < cells[pair].size(); ++operation) {
            const auto& cell = cells[pair][operation];
            add_row(tracker.pair_ids()[pair], tracker.operation_ids()[operation], cell);
            for (std::size_t index = 0; index < cell.counts.size(); ++index) {
                total.counts[index] += cell.counts[index];
            }
            total.planned += cell.planned;
            total.actual += cell.actual;
        }
    }
    add_row("all", "", total);
    return table;
}

std::string progress_line(const PairProgress& progress, std::chrono::milliseconds now)
{
    const bool active = progress.phase != Phase::waiting && progress.phase != Phase::done &&
                        progress.phase != Phase::lost;
    const auto elapsed = active ? now - progress.step_started : std::chrono::milliseconds{};
    const std::string last = progress.last_outcome ? std::string{operations::to_string(*progress.last_outcome)} : "-";
    char line[256];
    std::snprintf(line, sizeof line, "%-10s loop %-3u %-22s %-8s %8s/%-8s s  last %-5s %zu/%zu steps",
                  progress.pair_id.c_str(), progress.loop + 1, progress.operation_id.c_str(),
                  std::string{to_string(progress.phase)}.c_str(), seconds_text(elapsed).c_str(),
                  seconds_text(progress.step_planned).c_str(), last.c_str(), progress.steps_done,
                  progress.steps_total);
    return line;
}

} // namespace hammer::run
