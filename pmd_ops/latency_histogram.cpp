#include "pmd_ops/latency_histogram.hpp"

#include <bit>
#include <cmath>

namespace hammer::pmd_ops {
namespace {

// log2(linear_limit) and log2(sub_buckets).
constexpr unsigned linear_bits = 6;
constexpr unsigned sub_bits = 5;

} // namespace

unsigned LatencyHistogram::bucket_of(std::uint64_t value) noexcept
{
    if (value < linear_limit) {
        return static_cast<unsigned>(value);
    }
    const unsigned msb = 63U - static_cast<unsigned>(std::countl_zero(value));
    const unsigned shift = msb - sub_bits;
    const unsigned sub = static_cast<unsigned>(value >> shift) - sub_buckets;
    return linear_limit + (msb - linear_bits) * sub_buckets + sub;
}

std::uint64_t LatencyHistogram::upper_bound(unsigned bucket) noexcept
{
    if (bucket < linear_limit) {
        return bucket;
    }
    const unsigned msb = linear_bits + (bucket - linear_limit) / sub_buckets;
    const unsigned sub = (bucket - linear_limit) % sub_buckets;
    const unsigned shift = msb - sub_bits;
    const std::uint64_t lower = static_cast<std::uint64_t>(sub_buckets + sub) << shift;
    return lower + ((std::uint64_t{1} << shift) - 1);
}

void LatencyHistogram::merge(const LatencyHistogram& other) noexcept
{
    for (unsigned bucket = 0; bucket < bucket_count; ++bucket) {
        buckets_[bucket] += other.buckets_[bucket];
    }
    count_ += other.count_;
    sum_ += other.sum_;
    min_ = other.min_ < min_ ? other.min_ : min_;
    max_ = other.max_ > max_ ? other.max_ : max_;
}

double LatencyHistogram::mean() const noexcept
{
    return count_ == 0 ? 0.0 : static_cast<double>(sum_) / static_cast<double>(count_);
}

std::uint64_t LatencyHistogram::percentile(double percent) const noexcept
{
    if (count_ == 0) {
        return 0;
    }
    const double wanted = std::ceil(percent / 100.0 * static_cast<double>(count_));
    const std::uint64_t rank = wanted < 1.0 ? 1 : static_cast<std::uint64_t>(wanted);
    std::uint64_t seen = 0;
    for (unsigned bucket = 0; bucket < bucket_count; ++bucket) {
        seen += buckets_[bucket];
        if (seen >= rank) {
            const std::uint64_t bound = upper_bound(bucket);
            return bound < max_ ? bound : max_;
        }
    }
    return max_;
}

} // namespace hammer::pmd_ops
