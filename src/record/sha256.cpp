#include "src/record/sha256.hpp"

#include <array>
#include <bit>
#include <cstdint>

namespace hammer::record {
namespace {

using State = std::array<std::uint32_t, 8>;

/// FIPS 180-4 §4.2.2: the first 32 bits of the fractional parts of the cube
/// roots of the first 64 primes.
constexpr std::array<std::uint32_t, 64> round_constants = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/// FIPS 180-4 §5.3.3: the first 32 bits of the fractional parts of the square
/// roots of the first 8 primes.
constexpr State initial_state = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

std::uint32_t big_endian_word(const unsigned char* bytes)
{
    return (std::uint32_t{bytes[0]} << 24) | (std::uint32_t{bytes[1]} << 16) | (std::uint32_t{bytes[2]} << 8) |
           std::uint32_t{bytes[3]};
}

/// One application of the compression function (FIPS 180-4 §6.2.2).
void compress(State& state, const unsigned char* block)
{
    std::array<std::uint32_t, 64> schedule{};
    for (std::size_t t = 0; t < 16; ++t) {
        schedule[t] = big_endian_word(block + 4 * t);
    }
    for (std::size_t t = 16; t < 64; ++t) {
        const auto s0 = std::rotr(schedule[t - 15], 7) ^ std::rotr(schedule[t - 15], 18) ^ (schedule[t - 15] >> 3);
        const auto s1 = std::rotr(schedule[t - 2], 17) ^ std::rotr(schedule[t - 2], 19) ^ (schedule[t - 2] >> 10);
        schedule[t] = schedule[t - 16] + s0 + schedule[t - 7] + s1;
    }
    auto [a, b, c, d, e, f, g, h] = state;
    for (std::size_t t = 0; t < 64; ++t) {
        const auto sum1 = std::rotr(e, 6) ^ std::rotr(e, 11) ^ std::rotr(e, 25);
        const auto choose = (e & f) ^ (~e & g);
        const auto t1 = h + sum1 + choose + round_constants[t] + schedule[t];
        const auto sum0 = std::rotr(a, 2) ^ std::rotr(a, 13) ^ std::rotr(a, 22);
        const auto majority = (a & b) ^ (a & c) ^ (b & c);
        const auto t2 = sum0 + majority;
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    const State working = {a, b, c, d, e, f, g, h};
    for (std::size_t i = 0; i < state.size(); ++i) {
        state[i] += working[i];
    }
}

/// The tail after the last whole block, padded (FIPS 180-4 §5.1.1): a 1 bit,
/// zeros, and the message length in bits as a 64-bit big-endian number. One
/// block when the tail leaves room for the 9 bytes of marker and length, else two.
struct PaddedTail {
    std::array<unsigned char, 128> bytes{};
    std::size_t blocks = 1;
};

PaddedTail padded_tail(std::string_view tail, std::uint64_t message_bytes)
{
    PaddedTail padded;
    for (std::size_t i = 0; i < tail.size(); ++i) {
        padded.bytes[i] = static_cast<unsigned char>(tail[i]);
    }
    padded.bytes[tail.size()] = 0x80;
    padded.blocks = tail.size() + 9 <= 64 ? 1 : 2;
    const std::uint64_t bits = message_bytes * 8;
    for (std::size_t i = 0; i < 8; ++i) {
        padded.bytes[padded.blocks * 64 - 1 - i] = static_cast<unsigned char>(bits >> (8 * i));
    }
    return padded;
}

std::string to_hex(const State& state)
{
    constexpr std::string_view digits = "0123456789abcdef";
    std::string hex;
    hex.reserve(64);
    for (const auto word : state) {
        for (int shift = 28; shift >= 0; shift -= 4) {
            hex += digits[(word >> shift) & 0xf];
        }
    }
    return hex;
}

} // namespace

std::string sha256_hex(std::string_view data)
{
    State state = initial_state;
    const std::size_t whole = data.size() / 64 * 64;
    for (std::size_t offset = 0; offset < whole; offset += 64) {
        compress(state, reinterpret_cast<const unsigned char*>(data.data() + offset));
    }
    const auto tail = padded_tail(data.substr(whole), data.size());
    for (std::size_t i = 0; i < tail.blocks; ++i) {
        compress(state, tail.bytes.data() + 64 * i);
    }
    return to_hex(state);
}

} // namespace hammer::record
