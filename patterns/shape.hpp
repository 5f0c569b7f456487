#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace hammer::patterns {

/// The curve that a pattern's slot lengths follow. docs/patterns.md shows what
/// each one produces.
enum class Shape {
    flat,
    linear_rising,
    linear_falling,
    sine,
    cosine,
    exponential_growth,
    exponential_decay,
    sawtooth,
    square,
    random,
};

/// The stable lowercase name used in config files, e.g. "linear-rising".
std::string_view shape_name(Shape shape) noexcept;

/// The shape whose name is exactly `name` (lowercase, as shape_name writes it),
/// or nullopt when no shape has that name.
std::optional<Shape> shape_from_name(std::string_view name) noexcept;

/// Every shape, in declaration order.
std::span<const Shape> all_shapes() noexcept;

/// One strictly positive weight per slot, following `shape`; a slot's share of
/// the time above the minimums is proportional to its weight.
///
/// The curve is sampled at the middle of each slot's index range (i + 0.5) / slots,
/// not at wall-clock times. Periodic shapes (sine, cosine, sawtooth, square) run
/// max(1, slots / 8) whole periods and `phase` shifts them by that fraction of a
/// period. Monotone shapes (linear, exponential) sample a window one unit wide
/// starting at `phase` on their curve, so phase changes the slope but never the
/// direction. `flat` and `random` ignore phase; only `random` uses `seed`.
///
/// Expects slots >= 1 and phase in [0, 1): generate() checks both.
std::vector<double> slot_weights(Shape shape, std::size_t slots, double phase, std::uint64_t seed);

} // namespace hammer::patterns
