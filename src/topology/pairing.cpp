#include "src/topology/pairing.hpp"

#include "src/common/diagnostics.hpp"
#include "src/common/text.hpp"
#include "patterns/seeded_random.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace hammer::topology {
namespace {

std::string key_of(const std::string& node, const std::string& tp)
{
    return node + "\n" + tp;
}

class PairBuilder {
public:
    PairBuilder(const Model& model, Diagnostics& diagnostics) : model_{model}, diagnostics_{diagnostics} {}

    void add_link_pairs()
    {
        // Links between the same two ports, in either direction, are one
        // cable (checks.cpp): one pair, as the first of them says, a → b.
        std::set<std::pair<std::string, std::string>> cables;
        for (const auto& link : model_.links) {
            const Node* source = model_.find_node(link.source.node);
            const Node* destination = model_.find_node(link.destination.node);
            // A link into a switch attaches a port to the fabric; those pair later.
            if (source->is_switch() || destination->is_switch()) {
                continue;
            }
            auto from = key_of(link.source.node, link.source.tp);
            auto to = key_of(link.destination.node, link.destination.tp);
            if (to < from) {
                std::swap(from, to);
            }
            if (!cables.emplace(std::move(from), std::move(to)).second) {
                continue;
            }
            add(*source, *source->find_tp(link.source.tp), *destination, *destination->find_tp(link.destination.tp),
                PairOrigin::link, link.id, link.pointer);
        }
    }

    void add_explicit_pairs()
    {
        std::set<std::string> answered; // ports whose pair-with names a peer that already made the pair
        for (const auto& node : model_.nodes) {
            for (const auto& tp : node.termination_points) {
                if (!tp.pair_with || answered.contains(key_of(node.id, tp.id))) {
                    continue;
                }
                const Node* peer_node = model_.find_node(tp.pair_with->node);
                const TerminationPoint* peer = peer_node->find_tp(tp.pair_with->tp);
                add(node, tp, *peer_node, *peer, PairOrigin::explicit_, "", tp.pointer + "/attr/pair-with");
                if (peer->pair_with) {
                    answered.insert(key_of(peer_node->id, peer->id)); // checks.cpp made sure it names tp back
                }
            }
        }
    }

    void add_children_pairs()
    {
        for (const auto& parent : model_.nodes) {
            if (!parent.pair_children) {
                continue;
            }
            std::vector<std::pair<const Node*, const TerminationPoint*>> ports;
            for (const auto& child_id : parent.children) {
                const Node* child = model_.find_node(child_id);
                for (const auto& tp : child->termination_points) {
                    if (!claimed_.contains(key_of(child->id, tp.id))) {
                        ports.emplace_back(child, &tp);
                    }
                }
            }
            pair_in_order(ports, PairOrigin::children, parent.id, parent.pointer + "/attr/pairing",
                          "odd one out among the children of " + in_quotes(parent.id));
        }
    }

    void add_switch_pairs(std::uint64_t seed)
    {
        SeededRandom random{seed};
        for (const auto& [group, ports] : switch_groups()) {
            auto shuffled = ports;
            random.shuffle(std::span{shuffled});
            const auto& [fabric, vlan] = group;
            pair_in_order(shuffled, PairOrigin::switch_port, fabric, model_.find_node(fabric)->pointer,
                          "odd one out on switch " + in_quotes(fabric) + " VLAN " + std::to_string(vlan));
        }
    }

    Pairing take() { return std::move(pairing_); }

private:
    using Port = std::pair<const Node*, const TerminationPoint*>;

    /// Switches joined by links form one fabric, named after its first switch
    /// in file order. Host ports attached to a fabric are grouped by the VLAN of
    /// the switch port they plug into; groups come out in the order of their
    /// first link and members in link order, so a seed alone decides the shuffle.
    using SwitchGroup = std::pair<std::pair<std::string, unsigned>, std::vector<Port>>; ///< (fabric, VLAN), ports

    std::vector<SwitchGroup> switch_groups() const
    {
        std::map<std::string, std::string> fabric_of;
        for (const auto& node : model_.nodes) {
            if (node.is_switch()) {
                fabric_of[node.id] = node.id;
            }
        }
        const auto root = [&fabric_of](std::string id) {
            while (fabric_of.at(id) != id) {
                id = fabric_of.at(id);
            }
            return id;
        };
        for (const auto& link : model_.links) {
            if (fabric_of.contains(link.source.node) && fabric_of.contains(link.destination.node)) {
                auto a = root(link.source.node), b = root(link.destination.node);
                if (index_of(b) < index_of(a)) {
                    std::swap(a, b);
                }
                fabric_of[b] = a;
            }
        }

        std::vector<SwitchGroup> groups;
        std::set<std::string> attached; // a host port on a cable given in both directions comes once
        for (const auto& link : model_.links) {
            const bool source_is_switch = fabric_of.contains(link.source.node);
            const bool destination_is_switch = fabric_of.contains(link.destination.node);
            if (source_is_switch == destination_is_switch) {
                continue;
            }
            const TpRef& switch_end = source_is_switch ? link.source : link.destination;
            const TpRef& host_end = source_is_switch ? link.destination : link.source;
            const Node* host = model_.find_node(host_end.node);
            const TerminationPoint* host_tp = host->find_tp(host_end.tp);
            if (claimed_.contains(key_of(host->id, host_tp->id)) ||
                !attached.insert(key_of(host->id, host_tp->id)).second) {
                continue;
            }
            const std::pair<std::string, unsigned> key{root(switch_end.node), model_.find_tp(switch_end)->vlan};
            auto group = std::find_if(groups.begin(), groups.end(),
                                      [&key](const SwitchGroup& candidate) { return candidate.first == key; });
            if (group == groups.end()) {
                group = groups.insert(groups.end(), {key, {}});
            }
            group->second.emplace_back(host, host_tp);
        }
        return groups;
    }

    std::size_t index_of(const std::string& node_id) const
    {
        for (std::size_t i = 0; i < model_.nodes.size(); ++i) {
            if (model_.nodes[i].id == node_id) {
                return i;
            }
        }
        return model_.nodes.size();
    }

    void pair_in_order(const std::vector<Port>& ports, PairOrigin origin, const std::string& via,
                       const std::string& pointer, const std::string& leftover_reason)
    {
        std::size_t i = 0;
        for (; i + 1 < ports.size(); i += 2) {
            add(*ports[i].first, *ports[i].second, *ports[i + 1].first, *ports[i + 1].second, origin, via, pointer);
        }
        if (i < ports.size()) {
            pairing_.unpaired.push_back({Endpoint{ports[i].first->id, *ports[i].second}, leftover_reason});
        }
    }

    void add(const Node& a_node, const TerminationPoint& a, const Node& b_node, const TerminationPoint& b,
             PairOrigin origin, const std::string& via, const std::string& pointer)
    {
        // Check every condition, not just the first that fails, so one run reports all of them.
        const bool a_free = claim(a_node, a, pointer);
        const bool b_free = claim(b_node, b, pointer);
        const bool a_reachable = reachable(a_node, a, pointer);
        const bool b_reachable = reachable(b_node, b, pointer);
        bool usable = a_free && b_free && a_reachable && b_reachable;
        const bool a_ring = a.dpdk && !a.dpdk->ring.empty();
        const bool b_ring = b.dpdk && !b.dpdk->ring.empty();
        if (a_ring != b_ring) {
            diagnostics_.error(pointer, "ring port " + in_quotes(a_ring ? a_node.id + "/" + a.id : b_node.id + "/" + b.id) +
                                            " can only pair with another ring port (the two rings are crossed)");
            usable = false;
        }
        if (usable) {
            pairing_.pairs.push_back(Pair{"pair" + std::to_string(pairing_.pairs.size()), Endpoint{a_node.id, a},
                                          Endpoint{b_node.id, b}, origin, via});
        }
    }

    bool claim(const Node& node, const TerminationPoint& tp, const std::string& pointer)
    {
        const auto [first, inserted] = claimed_.emplace(key_of(node.id, tp.id), pointer);
        if (!inserted) {
            diagnostics_.error(pointer, "termination point " + in_quotes(node.id + "/" + tp.id) +
                                            " is already in a pair (made at " + first->second + ")");
        }
        return inserted;
    }

    bool reachable(const Node& node, const TerminationPoint& tp, const std::string& pointer)
    {
        if (tp.reachable()) {
            return true;
        }
        diagnostics_.error(pointer, "termination point " + in_quotes(node.id + "/" + tp.id) + " (" + tp.pointer +
                                        ") has neither attr.kernel nor attr.dpdk: hammer cannot reach it");
        return false;
    }

    const Model& model_;
    Diagnostics& diagnostics_;
    Pairing pairing_;
    std::map<std::string, std::string> claimed_; ///< node/tp key -> pointer of the pair that took it
};

} // namespace

std::string_view to_string(PairOrigin origin) noexcept
{
    switch (origin) {
    case PairOrigin::link: return "link";
    case PairOrigin::explicit_: return "pair-with";
    case PairOrigin::children: return "children";
    case PairOrigin::switch_port: return "switch";
    }
    return "unknown";
}

Pairing derive_pairs(const Model& model, std::uint64_t seed)
{
    Diagnostics diagnostics{model.file};
    PairBuilder builder{model, diagnostics};
    builder.add_link_pairs();
    builder.add_explicit_pairs();
    builder.add_children_pairs();
    builder.add_switch_pairs(seed);
    diagnostics.throw_if_any();
    auto pairing = builder.take();
    for (const auto& pair : pairing.pairs) {
        for (const auto* end : {&pair.a, &pair.b}) {
            const Node* node = model.find_node(end->node_id);
            const Node* parent = node != nullptr && node->parent ? model.find_node(*node->parent) : nullptr;
            if (parent == nullptr) {
                continue;
            }
            for (const auto& tp : parent->termination_points) {
                const bool known = std::any_of(pairing.vf_makers.begin(), pairing.vf_makers.end(), [&](const auto& pf) {
                    return pf.node_id == parent->id && pf.tp.id == tp.id;
                });
                if (tp.kernel && tp.start_up.sriov_numvfs && !known) {
                    pairing.vf_makers.push_back({parent->id, tp});
                }
            }
        }
    }
    return pairing;
}

} // namespace hammer::topology
