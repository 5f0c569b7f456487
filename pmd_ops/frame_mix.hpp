#pragma once

#include "pmd_ops/frame.hpp"

#include <cstdint>
#include <vector>

namespace hammer::pmd_ops {

/// One frame size of a step and its share of the frames.
struct SizeShare {
    std::uint16_t size = 64;
    unsigned weight = 1;

    friend bool operator==(const SizeShare&, const SizeShare&) = default;
};

/// FD.io CSIT's IMIX: 64, 570 and 1518-byte frames at 7:4:1 (the ratio of
/// the "simple IMIX" in RFC 6985 §4); hammer's sizes leave out the 4-byte FCS.
[[nodiscard]] std::vector<SizeShare> csit_imix();

/// Frame kinds and the order in which a direction sends them: a
/// DirectionSpec's `flows` and `mix`.
struct FrameMix {
    std::vector<FrameSpec> kinds;
    std::vector<std::uint16_t> order;
};

/// Spreads indices by weight as evenly as possible (smooth weighted round
/// robin, as nginx balances upstreams): 8:1:1 gives 0,0,0,1,0,0,2,0,0,0
/// rather than eight of index 0 in a row. Weights are divided by their
/// greatest common divisor first, so the order is the shortest that keeps
/// the proportions exactly.
[[nodiscard]] std::vector<std::uint16_t> interleave(std::vector<unsigned> weights);

/// Every kind at every size: kind k at size s weighs kind_weights[k] ×
/// sizes[s].weight. A size below the kind's frame_offsets().min_size (IPv6,
/// tags) is raised to it. The sizes are laid out before the first packet, so TX
/// only steps through flows (each flow keeps one size) and IMIX costs the
/// hot path nothing. Throws std::invalid_argument when the order would need
/// more than 65536 flows (the UDP source port numbers them).
[[nodiscard]] FrameMix mix_sizes(const std::vector<FrameSpec>& kinds, const std::vector<unsigned>& kind_weights,
                                 const std::vector<SizeShare>& sizes);

/// The average size of the frames `kinds` sent in `order` (empty: each
/// kind once), sizes as raised for their headers: what a line rate is
/// worked out for.
[[nodiscard]] double mean_size(const std::vector<FrameSpec>& kinds, const std::vector<std::uint16_t>& order);

} // namespace hammer::pmd_ops
