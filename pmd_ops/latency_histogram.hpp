#pragma once

#include <array>
#include <cstdint>

namespace hammer::pmd_ops {

/// A log-linear histogram of latencies (any unit; the engine records TSC
/// cycles and converts when it reports). Values below 64 have a bucket each;
/// above, every power of two is split into 32 equal buckets, so a reported
/// percentile is at most 1/32 (3.1 %) above the true value, the way
/// HdrHistogram bounds its error with a fixed number of significant bits.
/// Fixed size, no allocation: record() is safe on the hot path.
class LatencyHistogram {
public:
    static constexpr unsigned linear_limit = 64;   ///< values below have exact buckets
    static constexpr unsigned sub_buckets = 32;    ///< buckets per power of two above
    static constexpr unsigned bucket_count = linear_limit + (64 - 6) * sub_buckets;

    void record(std::uint64_t value) noexcept
    {
        ++buckets_[bucket_of(value)];
        ++count_;
        sum_ += value;
        min_ = value < min_ ? value : min_;
        max_ = value > max_ ? value : max_;
    }

    /// Adds every value of `other` (per-lcore histograms into one).
    void merge(const LatencyHistogram& other) noexcept;
    void reset() noexcept { *this = LatencyHistogram{}; }

    [[nodiscard]] std::uint64_t count() const noexcept { return count_; }
    [[nodiscard]] std::uint64_t min() const noexcept { return count_ == 0 ? 0 : min_; }
    [[nodiscard]] std::uint64_t max() const noexcept { return max_; }
    [[nodiscard]] double mean() const noexcept;
    /// The smallest bucket bound that at least `percent` % of values do not
    /// exceed, capped at max(); 0 when empty. percentile(50) is the median.
    [[nodiscard]] std::uint64_t percentile(double percent) const noexcept;

    [[nodiscard]] static unsigned bucket_of(std::uint64_t value) noexcept;
    /// The largest value that falls in `bucket`.
    [[nodiscard]] static std::uint64_t upper_bound(unsigned bucket) noexcept;

private:
    std::array<std::uint64_t, bucket_count> buckets_{};
    std::uint64_t count_ = 0;
    std::uint64_t sum_ = 0;
    std::uint64_t min_ = UINT64_MAX;
    std::uint64_t max_ = 0;
};

} // namespace hammer::pmd_ops
