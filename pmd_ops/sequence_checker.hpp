#pragma once

#include <array>
#include <cstdint>

namespace hammer::pmd_ops {

/// Follows the sequence numbers of one flow as they arrive and tells lost,
/// reordered and duplicated packets apart. It remembers which of the last
/// `window` sequence numbers it has seen, so a packet that arrives after a
/// later one is a reorder the first time and a duplicate the second; one
/// that arrives more than `window` behind the newest is counted as `late`
/// (received, but too old to tell a reorder from a duplicate).
/// Fixed size, no allocation: observe() is safe on the hot path.
class SequenceChecker {
public:
    static constexpr std::uint64_t window = 1024;

    /// Counts one arrival; true when it accounts for a sent packet (first
    /// time seen, or late), false for a duplicate.
    bool observe(std::uint64_t sequence) noexcept
    {
        ++received_;
        if (sequence >= next_) {
            advance_to(sequence);
            mark(sequence);
            ++unique_;
            return true;
        }
        if (next_ - sequence > window) {
            ++late_;
            return true;
        }
        if (seen(sequence)) {
            ++duplicates_;
            return false;
        }
        mark(sequence);
        ++unique_;
        ++reordered_;
        return true;
    }

    [[nodiscard]] std::uint64_t received() const noexcept { return received_; }
    /// Distinct sequence numbers received (late packets not included).
    [[nodiscard]] std::uint64_t unique() const noexcept { return unique_; }
    [[nodiscard]] std::uint64_t duplicates() const noexcept { return duplicates_; }
    /// Arrived after a higher sequence number, within the window.
    [[nodiscard]] std::uint64_t reordered() const noexcept { return reordered_; }
    [[nodiscard]] std::uint64_t late() const noexcept { return late_; }
    /// One past the highest sequence number seen.
    [[nodiscard]] std::uint64_t next_expected() const noexcept { return next_; }
    /// Sequence numbers below next_expected() not received (yet).
    [[nodiscard]] std::uint64_t missing() const noexcept { return next_ - unique_ - late_; }
    /// Packets of `sent` (numbered 0..sent-1) that never arrived.
    [[nodiscard]] std::uint64_t lost(std::uint64_t sent) const noexcept
    {
        const std::uint64_t arrived = unique_ + late_;
        return sent > arrived ? sent - arrived : 0;
    }

private:
    void advance_to(std::uint64_t sequence) noexcept
    {
        // Numbers skipped over have not been seen: clear their bits, which
        // still hold numbers one window older.
        const std::uint64_t skipped = sequence - next_;
        if (skipped >= window) {
            seen_.fill(0);
        } else {
            for (std::uint64_t s = next_; s < sequence; ++s) {
                seen_[(s % window) / 64] &= ~(std::uint64_t{1} << (s % 64));
            }
        }
        next_ = sequence + 1;
    }
    void mark(std::uint64_t sequence) noexcept { seen_[(sequence % window) / 64] |= std::uint64_t{1} << (sequence % 64); }
    [[nodiscard]] bool seen(std::uint64_t sequence) const noexcept
    {
        return (seen_[(sequence % window) / 64] & (std::uint64_t{1} << (sequence % 64))) != 0;
    }

    std::array<std::uint64_t, window / 64> seen_{};
    std::uint64_t next_ = 0;
    std::uint64_t received_ = 0;
    std::uint64_t unique_ = 0;
    std::uint64_t duplicates_ = 0;
    std::uint64_t reordered_ = 0;
    std::uint64_t late_ = 0;
};

} // namespace hammer::pmd_ops
