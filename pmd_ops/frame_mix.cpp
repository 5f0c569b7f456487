#include "pmd_ops/frame_mix.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

namespace hammer::pmd_ops {

std::vector<SizeShare> csit_imix()
{
    return {{60, 7}, {566, 4}, {1514, 1}};
}

std::vector<std::uint16_t> interleave(std::vector<unsigned> weights)
{
    unsigned divisor = 0;
    for (const unsigned weight : weights) {
        divisor = std::gcd(divisor, weight);
    }
    for (unsigned& weight : weights) {
        weight = divisor == 0 ? 0 : weight / divisor;
    }
    const unsigned long total = std::accumulate(weights.begin(), weights.end(), 0UL);
    std::vector<long> current(weights.size(), 0);
    std::vector<std::uint16_t> order;
    order.reserve(total);
    for (unsigned long step = 0; step < total; ++step) {
        std::size_t best = 0;
        for (std::size_t i = 0; i < weights.size(); ++i) {
            current[i] += weights[i];
            if (current[i] > current[best]) {
                best = i;
            }
        }
        current[best] -= static_cast<long>(total);
        order.push_back(static_cast<std::uint16_t>(best));
    }
    return order;
}

FrameMix mix_sizes(const std::vector<FrameSpec>& kinds, const std::vector<unsigned>& kind_weights,
                   const std::vector<SizeShare>& sizes)
{
    FrameMix mix;
    std::vector<unsigned> weights;
    for (std::size_t k = 0; k < kinds.size(); ++k) {
        for (const SizeShare& share : sizes) {
            FrameSpec kind = kinds[k];
            // A size too short for the headers and the stamp (64 bytes of
            // IPv6) is raised to the shortest that holds them.
            kind.size = std::max(share.size, frame_offsets(kind).min_size);
            mix.kinds.push_back(kind);
            weights.push_back(kind_weights.at(k) * share.weight);
        }
    }
    // Checked before the order is made: 1000 × 1000 weights would make a
    // million entries to throw away.
    unsigned divisor = 0;
    unsigned long total = 0;
    for (const unsigned weight : weights) {
        divisor = std::gcd(divisor, weight);
    }
    for (const unsigned weight : weights) {
        total += divisor == 0 ? 0 : weight / divisor;
    }
    constexpr unsigned long max_order = 65536;
    if (total > max_order) {
        throw std::invalid_argument("the weights make a mix of " + std::to_string(total) +
                                    " frames, one flow each: at most 65536 (smaller weights keep the proportions)");
    }
    mix.order = interleave(std::move(weights));
    return mix;
}

double mean_size(const std::vector<FrameSpec>& kinds, const std::vector<std::uint16_t>& order)
{
    double bytes = 0;
    if (order.empty()) {
        for (const FrameSpec& kind : kinds) {
            bytes += kind.size;
        }
        return kinds.empty() ? 0 : bytes / static_cast<double>(kinds.size());
    }
    for (const std::uint16_t kind : order) {
        bytes += kinds.at(kind).size;
    }
    return bytes / static_cast<double>(order.size());
}

} // namespace hammer::pmd_ops
