#pragma once

#include "src/topology/model.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace hammer::topology {

/// One side of a pair: the node and its termination point, with how hammer reaches it.
struct Endpoint {
    std::string node_id;
    TerminationPoint tp;

    /// "node/tp", how endpoints are named in output.
    [[nodiscard]] std::string name() const { return node_id + "/" + tp.id; }
};

/// Why two termination points form a pair.
enum class PairOrigin {
    link,       ///< a link joins them directly
    explicit_,  ///< attr.pair-with names the peer
    children,   ///< siblings under a parent with attr.pairing = "children" (PF ▸ VF, NPAR)
    switch_port ///< both reach the same switch (fabric) in the same VLAN
};

[[nodiscard]] std::string_view to_string(PairOrigin origin) noexcept;

/// Two interfaces stressed together. Traffic "forward" flows a → b, "reverse" b → a.
struct Pair {
    std::string id; ///< "pair0", "pair1", ... in the order pairs are derived
    Endpoint a;
    Endpoint b;
    PairOrigin origin = PairOrigin::link;
    std::string via; ///< the link id, the parent node id or the switch node id; empty for explicit pairs
};

/// A termination point that could have been paired but was not, and why.
struct Unpaired {
    Endpoint endpoint;
    std::string reason;
};

struct Pairing {
    std::vector<Pair> pairs;
    std::vector<Unpaired> unpaired;
    /// The PFs whose start-up makes VFs ("sriov-numvfs") and whose node is
    /// the parent of a pair's end: the run gives them their VFs before it
    /// snapshots the pairs, so that VFs the run makes can be paired.
    std::vector<Endpoint> vf_makers;
};

/// Derives the interface pairs: links between ports first, then explicit
/// pair-with, then the children of parents that ask for it, then ports that
/// reach each other through a switch (shuffled by `seed`, so the same seed gives
/// the same pairs). Every termination point is in at most one pair. Throws
/// InputError, naming the JSON pointer, for a pair hammer could not drive: an
/// endpoint with neither attr.kernel nor attr.dpdk, a port claimed by two pairs,
/// or a ring port whose peer is not a ring port.
[[nodiscard]] Pairing derive_pairs(const Model& model, std::uint64_t seed);

} // namespace hammer::topology
