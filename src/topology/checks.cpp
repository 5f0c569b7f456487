#include "src/topology/checks.hpp"

#include "src/common/text.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>

namespace hammer::topology {
namespace {

/// Records a duplicate when `key` was seen before; remembers where it was first.
class FirstSeen {
public:
    FirstSeen(Diagnostics& diagnostics, std::string what) : diagnostics_{diagnostics}, what_{std::move(what)} {}

    /// An empty key is a value the structure check reported as missing or empty: not seen.
    void see(const std::string& key, const std::string& pointer, const std::string& shown)
    {
        if (shown.empty()) {
            return;
        }
        const auto [first, inserted] = first_.emplace(key, pointer);
        if (!inserted) {
            diagnostics_.error(pointer, "duplicate " + what_ + " " + in_quotes(shown) + " (first at " + first->second + ")");
        }
    }

private:
    Diagnostics& diagnostics_;
    std::string what_;
    std::map<std::string, std::string> first_;
};

/// Whether a node could not be read or named: a reference to an unknown
/// node may mean that one, which the loader reported already.
bool has_unnamed_node(const Model& model)
{
    return std::any_of(model.nodes.begin(), model.nodes.end(), [](const Node& node) { return node.id.empty(); });
}

/// The same for the termination points of one node.
bool has_unnamed_tp(const Node& node)
{
    return std::any_of(node.termination_points.begin(), node.termination_points.end(),
                       [](const TerminationPoint& tp) { return tp.id.empty(); });
}

void check_unique_ids(const Model& model, Diagnostics& diagnostics)
{
    FirstSeen nodes{diagnostics, "node-id"};
    for (const auto& node : model.nodes) {
        nodes.see(node.id, node.pointer + "/node-id", node.id);
        FirstSeen tps{diagnostics, "tp-id"};
        for (const auto& tp : node.termination_points) {
            tps.see(tp.id, tp.pointer + "/tp-id", tp.id);
        }
    }
    FirstSeen links{diagnostics, "link-id"};
    for (const auto& link : model.links) {
        links.see(link.id, link.pointer + "/link-id", link.id);
    }
}

void check_nesting(const Model& model, Diagnostics& diagnostics)
{
    const bool unnamed_node = has_unnamed_node(model);
    for (const auto& node : model.nodes) {
        if (!node.nesting_read || node.id.empty()) {
            continue; // the loader reported why
        }
        if (node.parent) {
            const Node* parent = model.find_node(*node.parent);
            if (parent == nullptr) {
                if (!unnamed_node) {
                    diagnostics.error(node.pointer + "/parent", "no node " + in_quotes(*node.parent));
                }
            } else if (parent->nesting_read &&
                       std::find(parent->children.begin(), parent->children.end(), node.id) == parent->children.end()) {
                diagnostics.error(node.pointer + "/parent",
                                  "parent " + in_quotes(parent->id) + " does not list " + in_quotes(node.id) +
                                      " in its children");
            }
        }
        std::set<std::string> listed;
        for (std::size_t i = 0; i < node.children.size(); ++i) {
            const auto pointer = pointer_child(node.pointer + "/children", i);
            const auto& child_id = node.children[i];
            if (!listed.insert(child_id).second) {
                diagnostics.error(pointer, "child " + in_quotes(child_id) + " is listed twice");
                continue;
            }
            const Node* child = model.find_node(child_id);
            if (child == nullptr) {
                if (!unnamed_node) {
                    diagnostics.error(pointer, "no node " + in_quotes(child_id));
                }
            } else if (child->nesting_read && child->parent != node.id) {
                diagnostics.error(pointer, "child " + in_quotes(child_id) + " names " +
                                               (child->parent ? "parent " + in_quotes(*child->parent) : "no parent") +
                                               ", not " + in_quotes(node.id));
            }
        }
    }
    // Each node has one parent, so following parents either ends or loops; a
    // walk longer than the node count has looped.
    for (const auto& node : model.nodes) {
        std::vector<std::string> chain{node.id};
        const Node* current = &node;
        while (current->parent && chain.size() <= model.nodes.size()) {
            current = model.find_node(*current->parent);
            if (current == nullptr) {
                break;
            }
            chain.push_back(current->id);
            if (current->id == node.id) {
                diagnostics.error(node.pointer + "/parent", "nesting cycle: " + joined(chain, " -> "));
                break;
            }
        }
    }
}

/// Whether the end names a node and a termination point that exist; an end
/// the structure check found without them (empty) is not named again.
bool check_link_end(const Model& model, bool unnamed_node, const TpRef& end, const std::string& pointer,
                    const std::string& role, Diagnostics& diagnostics)
{
    if (end.node.empty() || end.tp.empty()) {
        return false;
    }
    const Node* node = model.find_node(end.node);
    if (node == nullptr) {
        if (!unnamed_node) {
            diagnostics.error(pointer + "/" + role + "-node", "no node " + in_quotes(end.node));
        }
        return false;
    }
    if (node->find_tp(end.tp) == nullptr) {
        if (!has_unnamed_tp(*node)) {
            diagnostics.error(pointer + "/" + role + "-tp",
                              "no termination point " + in_quotes(end.tp) + " on node " + in_quotes(end.node));
        }
        return false;
    }
    return true;
}

/// A port takes one cable. Links are directed and the model allows parallel
/// edges, so a cable may be given as A→B and B→A (or A→B twice): links between
/// the same two termination points are one cable. A termination point linked
/// to two different peers is a mistake.
class Cables {
public:
    explicit Cables(Diagnostics& diagnostics) : diagnostics_{diagnostics} {}

    void see(const TpRef& end, const TpRef& peer, const std::string& pointer)
    {
        const auto [first, inserted] = peer_of_.try_emplace(key_of(end), Seen{key_of(peer), pointer});
        if (!inserted && first->second.peer != key_of(peer)) {
            diagnostics_.error(pointer, "termination point " + in_quotes(end.node + "/" + end.tp) +
                                            " is on another link already (at " + first->second.pointer +
                                            ") to another peer: a port takes one cable");
        }
    }

private:
    struct Seen {
        std::string peer;
        std::string pointer;
    };

    static std::string key_of(const TpRef& end) { return end.node + "\n" + end.tp; }

    Diagnostics& diagnostics_;
    std::map<std::string, Seen> peer_of_; ///< termination point → the peer of its first link, and where
};

void check_links(const Model& model, Diagnostics& diagnostics)
{
    Cables cables{diagnostics};
    const bool unnamed_node = has_unnamed_node(model);
    for (const auto& link : model.links) {
        const bool source =
            check_link_end(model, unnamed_node, link.source, link.pointer + "/source", "source", diagnostics);
        const bool destination = check_link_end(model, unnamed_node, link.destination,
                                                link.pointer + "/destination", "destination", diagnostics);
        if (!source || !destination) {
            continue;
        }
        if (link.source.node == link.destination.node && link.source.tp == link.destination.tp) {
            diagnostics.error(link.pointer + "/destination", "link " + in_quotes(link.id) +
                                                                 " starts and ends on the same termination point");
            continue;
        }
        cables.see(link.source, link.destination, link.pointer + "/source");
        cables.see(link.destination, link.source, link.pointer + "/destination");
    }
}

void check_devices(const Model& model, Diagnostics& diagnostics)
{
    FirstSeen interfaces{diagnostics, "kernel interface"};
    FirstSeen devices{diagnostics, "DPDK device"};
    for (const auto& node : model.nodes) {
        for (const auto& tp : node.termination_points) {
            if (tp.kernel) {
                const auto& kernel = *tp.kernel;
                interfaces.see(kernel.netns + "\n" + kernel.ifname, tp.pointer + "/attr/kernel/ifname",
                               kernel.ifname.empty() || kernel.netns.empty() ? kernel.ifname
                                                                             : kernel.ifname + "@" + kernel.netns);
            }
            if (tp.dpdk) {
                const auto member = tp.dpdk->ring.empty() ? "/attr/dpdk/devargs" : "/attr/dpdk/ring";
                devices.see(tp.dpdk->device_name(), tp.pointer + member, tp.dpdk->device_name());
            }
        }
    }
}

void check_explicit_pairs(const Model& model, Diagnostics& diagnostics)
{
    const bool unnamed_node = has_unnamed_node(model);
    for (const auto& node : model.nodes) {
        for (const auto& tp : node.termination_points) {
            if (!tp.pair_with) {
                continue;
            }
            const auto pointer = tp.pointer + "/attr/pair-with";
            const TpRef& peer_ref = *tp.pair_with;
            const Node* peer_node = model.find_node(peer_ref.node);
            if (peer_node == nullptr) {
                if (!unnamed_node) {
                    diagnostics.error(pointer + "/node", "no node " + in_quotes(peer_ref.node));
                }
                continue;
            }
            const TerminationPoint* peer = peer_node->find_tp(peer_ref.tp);
            if (peer == nullptr) {
                if (!has_unnamed_tp(*peer_node)) {
                    diagnostics.error(pointer + "/tp", "no termination point " + in_quotes(peer_ref.tp) + " on node " +
                                                           in_quotes(peer_ref.node));
                }
            } else if (peer == &tp) {
                diagnostics.error(pointer, "a termination point cannot pair with itself");
            } else if (peer->pair_with && (peer->pair_with->node != node.id || peer->pair_with->tp != tp.id)) {
                diagnostics.error(pointer, "pairs with " + in_quotes(peer_ref.node + "/" + peer_ref.tp) +
                                               ", which pairs with " +
                                               in_quotes(peer->pair_with->node + "/" + peer->pair_with->tp) +
                                               " instead");
            }
        }
    }
}

} // namespace

void check_cross_references(const Model& model, Diagnostics& diagnostics)
{
    check_unique_ids(model, diagnostics);
    check_nesting(model, diagnostics);
    check_links(model, diagnostics);
    check_devices(model, diagnostics);
    check_explicit_pairs(model, diagnostics);
}

} // namespace hammer::topology
