#pragma once

#include <cstdint>
#include <span>
#include <utility>

namespace hammer {

/// A small deterministic generator (SplitMix64, Steele et al., OOPSLA 2014).
///
/// Why not <random>: the standard fixes mt19937's output but not the algorithms
/// of its distributions or of std::shuffle, so "same seed, same schedule" would
/// only hold for one standard library. Everything hammer derives from a seed
/// (random patterns, random operation order, switch pairing) goes through this.
class SeededRandom {
public:
    explicit SeededRandom(std::uint64_t seed) noexcept : state_{seed} {}

    /// The next 64 uniformly distributed bits.
    std::uint64_t next() noexcept
    {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

    /// Uniform in [0, bound), without modulo bias: draws below 2^64 mod bound are
    /// rejected so every residue is equally likely.
    std::uint64_t below(std::uint64_t bound) noexcept
    {
        if (bound == 0) {
            return 0;
        }
        const std::uint64_t threshold = (0 - bound) % bound;
        for (;;) {
            const std::uint64_t draw = next();
            if (draw >= threshold) {
                return draw % bound;
            }
        }
    }

    /// Uniform in [0, 1) with 53 bits of precision.
    double unit() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

    /// Fisher–Yates shuffle in place.
    template <typename T>
    void shuffle(std::span<T> items) noexcept
    {
        for (std::size_t i = items.size(); i > 1; --i) {
            std::swap(items[i - 1], items[below(i)]);
        }
    }

private:
    std::uint64_t state_;
};

} // namespace hammer
