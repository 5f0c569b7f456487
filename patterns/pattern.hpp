#pragma once

#include "patterns/shape.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace hammer::patterns {

/// What a pattern must fill: `slots` slot lengths summing to `total`, each at
/// least `minimum_slot`.
struct PatternRequest {
    std::chrono::milliseconds total{};
    std::size_t slots = 0;
    std::chrono::milliseconds minimum_slot{1000};
    /// Fraction of a period in [0, 1), so pairs given the same shape still
    /// differ; what it does per shape is described at slot_weights().
    double phase = 0.0;
    /// Used by Shape::random only.
    std::uint64_t seed = 0;
};

/// The longest total accepted, 2^50 ms (about 35,000 years). Below it the
/// floating-point shares add up to the budget within half a millisecond, which
/// the exact split relies on; no real run comes near it.
inline constexpr std::chrono::milliseconds max_total{std::int64_t{1} << 50};

/// Slot lengths following `shape` that sum exactly to `request.total`, each at
/// least `request.minimum_slot`. The time above the minimums is split in
/// proportion to slot_weights() and rounded to whole milliseconds by largest
/// remainder (ties go to the earlier slot), so a budget of 0 gives every slot
/// exactly the minimum. The same request always gives the same result.
///
/// Throws std::invalid_argument, with the offending numbers in the message,
/// when slots is 0, total or minimum_slot is negative, total exceeds max_total,
/// phase is outside [0, 1), or total < slots × minimum_slot.
std::vector<std::chrono::milliseconds> generate(Shape shape, const PatternRequest& request);

} // namespace hammer::patterns
