#include "src/config/seed.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace hammer::config {
namespace {

TEST(ChooseSeed, FlagWinsOverConfig)
{
    const auto seed = choose_seed(5, 7);
    EXPECT_EQ(seed.value, 5U);
    EXPECT_EQ(seed.source, "--seed");
}

TEST(ChooseSeed, FlagZeroStillWins)
{
    const auto seed = choose_seed(0, 7);
    EXPECT_EQ(seed.value, 0U);
    EXPECT_EQ(seed.source, "--seed");
}

TEST(ChooseSeed, ConfigWhenNoFlag)
{
    const auto seed = choose_seed(std::nullopt, std::numeric_limits<std::uint64_t>::max());
    EXPECT_EQ(seed.value, std::numeric_limits<std::uint64_t>::max());
    EXPECT_EQ(seed.source, "config");
}

TEST(ChooseSeed, FlagAloneWins)
{
    const auto seed = choose_seed(9, std::nullopt);
    EXPECT_EQ(seed.value, 9U);
    EXPECT_EQ(seed.source, "--seed");
}

TEST(ChooseSeed, DrawnWhenNeither)
{
    const auto first = choose_seed(std::nullopt, std::nullopt);
    const auto second = choose_seed(std::nullopt, std::nullopt);
    EXPECT_EQ(first.source, "drawn");
    EXPECT_EQ(second.source, "drawn");
    // 64 bits from the system's entropy: equal twice in a row would mean it is not drawn.
    EXPECT_NE(first.value, second.value);
}

TEST(ChooseSeed, DrawnSeedsUseTheHighBits)
{
    // Two 32-bit draws are combined; a seed whose high half is always zero
    // would halve the combinations. Eight draws all below 2^32: about 2^-256.
    bool high_bits_seen = false;
    for (int i = 0; i < 8 && !high_bits_seen; ++i) {
        high_bits_seen = choose_seed(std::nullopt, std::nullopt).value > 0xffff'ffffULL;
    }
    EXPECT_TRUE(high_bits_seen);
}

} // namespace
} // namespace hammer::config
