#include "pmd_ops/latency_histogram.hpp"

#include <gtest/gtest.h>

#include <random>

namespace hammer::pmd_ops {
namespace {

TEST(LatencyHistogram, EmptyReportsZeros)
{
    const LatencyHistogram histogram;
    EXPECT_EQ(histogram.count(), 0U);
    EXPECT_EQ(histogram.min(), 0U);
    EXPECT_EQ(histogram.max(), 0U);
    EXPECT_EQ(histogram.percentile(99), 0U);
    EXPECT_EQ(histogram.mean(), 0.0);
}

TEST(LatencyHistogram, SmallValuesAreExact)
{
    LatencyHistogram histogram;
    for (std::uint64_t v = 1; v <= 50; ++v) {
        histogram.record(v);
    }
    EXPECT_EQ(histogram.percentile(50), 25U);
    EXPECT_EQ(histogram.percentile(90), 45U);
    EXPECT_EQ(histogram.percentile(100), 50U);
    EXPECT_EQ(histogram.min(), 1U);
    EXPECT_DOUBLE_EQ(histogram.mean(), 25.5);
}

TEST(LatencyHistogram, BucketsAreContiguousAndBounded)
{
    // Every value maps to a bucket whose upper bound is at least the value
    // and at most 1/32 above it; consecutive buckets leave no gap.
    for (unsigned bucket = 1; bucket < LatencyHistogram::bucket_count; ++bucket) {
        EXPECT_EQ(LatencyHistogram::bucket_of(LatencyHistogram::upper_bound(bucket - 1) + 1), bucket) << bucket;
    }
    std::mt19937_64 random{42};
    for (int i = 0; i < 100000; ++i) {
        const std::uint64_t value = random() >> (random() % 64);
        const std::uint64_t bound = LatencyHistogram::upper_bound(LatencyHistogram::bucket_of(value));
        ASSERT_GE(bound, value);
        ASSERT_LE(static_cast<double>(bound - value), static_cast<double>(value) / 32.0) << value;
    }
    EXPECT_EQ(LatencyHistogram::bucket_of(UINT64_MAX), LatencyHistogram::bucket_count - 1);
}

TEST(LatencyHistogram, PercentilesOfAUniformSpreadWithinError)
{
    LatencyHistogram histogram;
    for (std::uint64_t v = 1; v <= 1000000; ++v) {
        histogram.record(v);
    }
    const auto within = [](std::uint64_t reported, double exact) {
        return reported >= exact && static_cast<double>(reported) <= exact * (1 + 1.0 / 32);
    };
    EXPECT_TRUE(within(histogram.percentile(50), 500000)) << histogram.percentile(50);
    EXPECT_TRUE(within(histogram.percentile(90), 900000)) << histogram.percentile(90);
    EXPECT_TRUE(within(histogram.percentile(99), 990000)) << histogram.percentile(99);
    EXPECT_TRUE(within(histogram.percentile(99.9), 999000)) << histogram.percentile(99.9);
    EXPECT_EQ(histogram.percentile(100), 1000000U) << "capped at the maximum";
    EXPECT_EQ(histogram.max(), 1000000U);
}

TEST(LatencyHistogram, TailOutlierShowsOnlyInHighPercentiles)
{
    LatencyHistogram histogram;
    for (int i = 0; i < 999; ++i) {
        histogram.record(1000);
    }
    histogram.record(5000000);
    EXPECT_LE(histogram.percentile(99), 1000U + 1000 / 32);
    EXPECT_EQ(histogram.percentile(99.99), 5000000U);
    EXPECT_EQ(histogram.max(), 5000000U);
}

TEST(LatencyHistogram, MergeEqualsRecordingEverything)
{
    LatencyHistogram a;
    LatencyHistogram b;
    LatencyHistogram all;
    for (std::uint64_t v = 0; v < 5000; ++v) {
        (v % 3 == 0 ? a : b).record(v * 7);
        all.record(v * 7);
    }
    a.merge(b);
    EXPECT_EQ(a.count(), all.count());
    EXPECT_EQ(a.min(), all.min());
    EXPECT_EQ(a.max(), all.max());
    EXPECT_DOUBLE_EQ(a.mean(), all.mean());
    for (const double p : {50.0, 90.0, 99.0, 99.9}) {
        EXPECT_EQ(a.percentile(p), all.percentile(p)) << p;
    }
}

} // namespace
} // namespace hammer::pmd_ops
