#include "patterns/shape.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace hammer::patterns {
namespace {

TEST(ShapeName, ConfigNamesArePinned)
{
    // Config files in the field use these strings: renaming one breaks them.
    std::vector<std::string> names;
    for (const Shape shape : all_shapes()) {
        names.emplace_back(shape_name(shape));
    }
    EXPECT_EQ(names, (std::vector<std::string>{"flat", "linear-rising", "linear-falling", "sine", "cosine",
                                               "exponential-growth", "exponential-decay", "sawtooth", "square",
                                               "random"}));
}

TEST(ShapeName, RoundTripsForEveryShape)
{
    std::set<Shape> seen;
    for (const Shape shape : all_shapes()) {
        EXPECT_EQ(shape_from_name(shape_name(shape)), shape) << shape_name(shape);
        seen.insert(shape);
    }
    EXPECT_EQ(seen.size(), all_shapes().size()) << "all_shapes lists a shape twice";
    EXPECT_EQ(seen.size(), 10U);
}

TEST(ShapeName, UnknownOrMisspelledNamesAreNotShapes)
{
    for (const char* name : {"", "Flat", "SINE", "linear_rising", "linear", "exponential", "sinus", " flat",
                             "flat ", "unknown"}) {
        EXPECT_EQ(shape_from_name(name), std::nullopt) << '"' << name << '"';
    }
}

TEST(SlotWeights, OnePerSlotAndStrictlyPositiveForEveryShapeAndPhase)
{
    for (const Shape shape : all_shapes()) {
        for (const std::size_t slots : {1U, 2U, 3U, 8U, 17U, 64U}) {
            for (const double phase : {0.0, 0.25, 0.5, 0.75, 0.999}) {
                const auto weights = slot_weights(shape, slots, phase, 3);
                ASSERT_EQ(weights.size(), slots);
                EXPECT_GT(*std::min_element(weights.begin(), weights.end()), 0.0)
                    << shape_name(shape) << " slots=" << slots << " phase=" << phase;
            }
        }
    }
}

TEST(SlotWeights, OnlyRandomDependsOnTheSeed)
{
    for (const Shape shape : all_shapes()) {
        const bool differs = slot_weights(shape, 16, 0.3, 1) != slot_weights(shape, 16, 0.3, 2);
        EXPECT_EQ(differs, shape == Shape::random) << shape_name(shape);
    }
}

} // namespace
} // namespace hammer::patterns
