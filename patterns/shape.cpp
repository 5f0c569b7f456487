#include "patterns/shape.hpp"

#include "patterns/seeded_random.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

namespace hammer::patterns {
namespace {

constexpr std::array shapes{
    Shape::flat,   Shape::linear_rising,      Shape::linear_falling,    Shape::sine,
    Shape::cosine, Shape::exponential_growth, Shape::exponential_decay, Shape::sawtooth,
    Shape::square, Shape::random,
};

// Largest weight : smallest weight for the linear, periodic and random shapes.
// 4 makes the shape obvious in the slot lengths while the shortest slots still
// get a quarter of the longest one's share, enough for an operation to do work.
constexpr double contrast = 4.0;

// The exponential curve is 1 + growth_base^t over a window of width 1. With a
// base of 4 the curve is hard to tell from a straight line over 8 slots; 16
// bends visibly. The 1 keeps phase meaningful: a pure exponential would only be
// scaled by a shifted window, and the split normalises scale away.
constexpr double growth_base = 16.0;

// One period per 8 slots gives each period 8 to 15 samples, enough to show its
// curve, and makes a long run swing many times instead of once.
double periods(std::size_t slots)
{
    return static_cast<double>(std::max<std::size_t>(1, slots / 8));
}

// Where the middle of slot `index` falls, in periods (periodic shapes) or along
// the unit window (monotone shapes), before the phase shift.
double slot_middle(std::size_t index, std::size_t slots, double span)
{
    return (static_cast<double>(index) + 0.5) * span / static_cast<double>(slots);
}

template <typename Curve>
void sample(std::vector<double>& weights, double span, double phase, Curve curve)
{
    for (std::size_t i = 0; i < weights.size(); ++i) {
        weights[i] = curve(slot_middle(i, weights.size(), span) + phase);
    }
}

double fraction(double position) { return position - std::floor(position); }

double sine_weight(double position)
{
    return (contrast + 1.0) / 2.0 + (contrast - 1.0) / 2.0 * std::sin(2.0 * std::numbers::pi * position);
}

double cosine_weight(double position)
{
    return (contrast + 1.0) / 2.0 + (contrast - 1.0) / 2.0 * std::cos(2.0 * std::numbers::pi * position);
}

double sawtooth_weight(double position) { return 1.0 + (contrast - 1.0) * fraction(position); }

// High for the first half of each period, like the sign of the sine.
double square_weight(double position) { return fraction(position) < 0.5 ? contrast : 1.0; }

double linear_weight(double position) { return 1.0 + (contrast - 1.0) * position; }

double exponential_weight(double position) { return 1.0 + std::pow(growth_base, position); }

} // namespace

std::string_view shape_name(Shape shape) noexcept
{
    switch (shape) {
    case Shape::flat: return "flat";
    case Shape::linear_rising: return "linear-rising";
    case Shape::linear_falling: return "linear-falling";
    case Shape::sine: return "sine";
    case Shape::cosine: return "cosine";
    case Shape::exponential_growth: return "exponential-growth";
    case Shape::exponential_decay: return "exponential-decay";
    case Shape::sawtooth: return "sawtooth";
    case Shape::square: return "square";
    case Shape::random: return "random";
    }
    // Only an integer cast to Shape out of range gets here.
    return "unknown";
}

std::optional<Shape> shape_from_name(std::string_view name) noexcept
{
    for (const Shape shape : shapes) {
        if (shape_name(shape) == name) {
            return shape;
        }
    }
    return std::nullopt;
}

std::span<const Shape> all_shapes() noexcept { return shapes; }

std::vector<double> slot_weights(Shape shape, std::size_t slots, double phase, std::uint64_t seed)
{
    std::vector<double> weights(slots, 1.0);
    const double cycles = periods(slots);
    switch (shape) {
    case Shape::flat:
        break;
    case Shape::linear_rising:
        sample(weights, 1.0, phase, linear_weight);
        break;
    case Shape::linear_falling:
        // The rising twin played backwards, so phase means the same for both.
        sample(weights, 1.0, phase, linear_weight);
        std::reverse(weights.begin(), weights.end());
        break;
    case Shape::sine:
        sample(weights, cycles, phase, sine_weight);
        break;
    case Shape::cosine:
        sample(weights, cycles, phase, cosine_weight);
        break;
    case Shape::exponential_growth:
        sample(weights, 1.0, phase, exponential_weight);
        break;
    case Shape::exponential_decay:
        sample(weights, 1.0, phase, exponential_weight);
        std::reverse(weights.begin(), weights.end());
        break;
    case Shape::sawtooth:
        sample(weights, cycles, phase, sawtooth_weight);
        break;
    case Shape::square:
        sample(weights, cycles, phase, square_weight);
        break;
    case Shape::random: {
        SeededRandom random{seed};
        for (double& weight : weights) {
            weight = 1.0 + (contrast - 1.0) * random.unit();
        }
        break;
    }
    }
    return weights;
}

} // namespace hammer::patterns
