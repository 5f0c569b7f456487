#pragma once

#include "patterns/shape.hpp"
#include "src/config/run_config.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace hammer::schedule {

/// One execution of one operation on one pair: [start, start + length).
struct Slot {
    std::size_t operation = 0; ///< index into RunConfig::operations
    unsigned loop = 0;         ///< 0-based pass over the operation map
    std::chrono::milliseconds start{};
    std::chrono::milliseconds length{};

    [[nodiscard]] std::chrono::milliseconds end() const { return start + length; }
};

struct PairSchedule {
    std::string pair_id;
    patterns::Shape shape = patterns::Shape::flat;
    double phase = 0;
    std::vector<Slot> slots; ///< back to back from 0 to the run's duration
};

/// What every pair does when, fixed before anything is touched.
struct Schedule {
    std::uint64_t seed = 0;
    config::Mode mode = config::Mode::pair_exclusive;
    std::chrono::milliseconds duration{};
    unsigned loops = 0; ///< passes over the operation map, the same on every pair
    std::vector<PairSchedule> pairs;

    /// The operation a pair runs at `instant`, or nullptr past the end.
    [[nodiscard]] const Slot* slot_at(std::size_t pair, std::chrono::milliseconds instant) const;
};

/// More slots than this on one pair is a config mistake (a tiny target_slot on a long run).
inline constexpr std::size_t max_slots_per_pair = 100'000;

/// Builds the schedule of a run. Each pair walks the operation map in loops
/// (defined order, or a seeded shuffle per loop) until the duration is used,
/// every operation at least once. Its slot lengths follow its own pattern:
/// shapes are handed out round-robin from the config's list, with a phase that
/// differs per pair, and each pair starts its loops at a different operation so
/// different operations overlap across pairs from the first instant. In
/// pair-inclusive mode all pairs share one timeline. The same seed, pairs and
/// config give the same schedule. Throws InputError (naming the config's
/// /duration) when the duration cannot hold every operation once.
[[nodiscard]] Schedule make_schedule(const config::RunConfig& config, const std::vector<std::string>& pair_ids,
                                     std::uint64_t seed);

} // namespace hammer::schedule
