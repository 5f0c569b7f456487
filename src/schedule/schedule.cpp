#include "src/schedule/schedule.hpp"

#include "patterns/pattern.hpp"
#include "patterns/seeded_random.hpp"
#include "src/common/diagnostics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace hammer::schedule {
namespace {

/// Phases spaced by the golden ratio's fractional part never repeat and stay
/// well spread for any number of pairs (Weyl sequence), unlike i / n which
/// changes every pair's phase when a pair is added.
constexpr double golden_fraction = 0.6180339887498949;

std::string ms_text(std::chrono::milliseconds value)
{
    return std::to_string(value.count()) + " ms";
}

/// A seed per pair derived from the run's seed, so pairs draw independent
/// numbers and adding a pair leaves the others' draws unchanged.
std::uint64_t pair_seed(std::uint64_t run_seed, std::size_t pair_index)
{
    SeededRandom mixer{run_seed ^ (0x9e3779b97f4a7c15ULL * (pair_index + 1))};
    return mixer.next();
}

/// How many passes over the operation map fit: about duration / (operations ×
/// target slot), at least one, and never so many that the minimum slots overflow.
unsigned count_loops(const config::RunConfig& config)
{
    const auto operations = static_cast<std::int64_t>(config.operations.size());
    const auto wanted = std::llround(static_cast<double>(config.duration.count()) /
                                     static_cast<double>(operations * config.target_slot.count()));
    std::int64_t loops = std::max<std::int64_t>(1, wanted);
    if (config.minimum_slot.count() > 0) {
        loops = std::min<std::int64_t>(loops, config.duration.count() / (operations * config.minimum_slot.count()));
    }
    return static_cast<unsigned>(std::max<std::int64_t>(1, loops));
}

void check_fits(const config::RunConfig& config)
{
    Diagnostics diagnostics{config.file};
    const auto operations = static_cast<std::int64_t>(config.operations.size());
    const auto needed = std::chrono::milliseconds{operations * config.minimum_slot.count()};
    if (config.duration < needed) {
        diagnostics.error("/duration", "a duration of " + ms_text(config.duration) + " cannot run " +
                                           std::to_string(operations) + " operations once each on every pair with "
                                           "a minimum slot of " + ms_text(config.minimum_slot) +
                                           ": it needs at least " + ms_text(needed));
    } else if (count_loops(config) * config.operations.size() > max_slots_per_pair) {
        diagnostics.error("/target_slot", "target_slot " + ms_text(config.target_slot) + " makes more than " +
                                              std::to_string(max_slots_per_pair) + " slots per pair; raise it");
    }
    diagnostics.throw_if_any();
}

/// The order of the operation map in each loop of one pair: defined order or a
/// seeded shuffle, then rotated by the pair's index so pair i begins with a
/// different operation than pair j whenever there are enough operations.
std::vector<std::size_t> loop_order(const config::RunConfig& config, std::size_t rotation, SeededRandom& random)
{
    std::vector<std::size_t> order(config.operations.size());
    std::iota(order.begin(), order.end(), 0);
    if (config.order == config::Order::random) {
        random.shuffle(std::span{order});
    }
    std::rotate(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(rotation % order.size()), order.end());
    return order;
}

PairSchedule make_pair_schedule(const config::RunConfig& config, std::string pair_id, std::size_t index,
                                std::uint64_t seed, unsigned loops)
{
    PairSchedule pair;
    pair.pair_id = std::move(pair_id);
    pair.shape = config.patterns[index % config.patterns.size()];
    pair.phase = std::fmod(golden_fraction * static_cast<double>(index), 1.0);

    const std::size_t operations = config.operations.size();
    SeededRandom random{pair_seed(seed, index)};
    const auto lengths = patterns::generate(pair.shape, {.total = config.duration,
                                                         .slots = loops * operations,
                                                         .minimum_slot = config.minimum_slot,
                                                         .phase = pair.phase,
                                                         .seed = random.next()});
    std::chrono::milliseconds start{0};
    for (unsigned loop = 0; loop < loops; ++loop) {
        for (const auto operation : loop_order(config, index, random)) {
            const auto length = lengths[pair.slots.size()];
            pair.slots.push_back(Slot{operation, loop, start, length});
            start += length;
        }
    }
    return pair;
}

} // namespace

const Slot* Schedule::slot_at(std::size_t pair, std::chrono::milliseconds instant) const
{
    const auto& slots = pairs.at(pair).slots;
    const auto found = std::upper_bound(slots.begin(), slots.end(), instant,
                                        [](std::chrono::milliseconds t, const Slot& slot) { return t < slot.end(); });
    return found == slots.end() || instant < found->start ? nullptr : &*found;
}

Schedule make_schedule(const config::RunConfig& config, const std::vector<std::string>& pair_ids, std::uint64_t seed)
{
    check_fits(config);
    Schedule schedule;
    schedule.seed = seed;
    schedule.mode = config.mode;
    schedule.duration = config.duration;
    schedule.loops = count_loops(config);
    if (config.mode == config::Mode::pair_inclusive) {
        // One timeline: each operation runs on all pairs at once.
        const auto shared = make_pair_schedule(config, "", 0, seed, schedule.loops);
        for (const auto& id : pair_ids) {
            auto pair = shared;
            pair.pair_id = id;
            schedule.pairs.push_back(std::move(pair));
        }
        return schedule;
    }
    for (std::size_t i = 0; i < pair_ids.size(); ++i) {
        schedule.pairs.push_back(make_pair_schedule(config, pair_ids[i], i, seed, schedule.loops));
    }
    return schedule;
}

} // namespace hammer::schedule
