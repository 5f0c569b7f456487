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

    void see(const std::string& key, const std::string& pointer, const std::string& shown)
    {
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
    for (const auto& node : model.nodes) {
        if (node.parent) {
            const Node* parent = model.find_node(*node.parent);
            if (parent == nullptr) {
                diagnostics.error(node.pointer + "/parent", "no node " + in_quotes(*node.parent));
            } else if (std::find(parent->children.begin(), parent->children.end(), node.id) == parent->children.end()) {
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
                diagnostics.error(pointer, "no node " + in_quotes(child_id));
            } else if (child->parent != node.id) {
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

void check_link_end(const Model& model, const TpRef& end, const std::string& pointer, const std::string& role,
                    Diagnostics& diagnostics)
{
    const Node* node = model.find_node(end.node);
    if (node == nullptr) {
        diagnostics.error(pointer + "/" + role + "-node", "no node " + in_quotes(end.node));
    } else if (node->find_tp(end.tp) == nullptr) {
        diagnostics.error(pointer + "/" + role + "-tp",
                          "no termination point " + in_quotes(end.tp) + " on node " + in_quotes(end.node));
    }
}

void check_links(const Model& model, Diagnostics& diagnostics)
{
    // A port takes one cable: a termination point at the end of two links is a mistake.
    FirstSeen ends{diagnostics, "use of termination point"};
    for (const auto& link : model.links) {
        check_link_end(model, link.source, link.pointer + "/source", "source", diagnostics);
        check_link_end(model, link.destination, link.pointer + "/destination", "destination", diagnostics);
        if (link.source.node == link.destination.node && link.source.tp == link.destination.tp) {
            diagnostics.error(link.pointer + "/destination", "link " + in_quotes(link.id) +
                                                                 " starts and ends on the same termination point");
            continue;
        }
        ends.see(link.source.node + "\n" + link.source.tp, link.pointer + "/source",
                 link.source.node + "/" + link.source.tp);
        ends.see(link.destination.node + "\n" + link.destination.tp, link.pointer + "/destination",
                 link.destination.node + "/" + link.destination.tp);
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
                               kernel.netns.empty() ? kernel.ifname : kernel.ifname + "@" + kernel.netns);
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
    for (const auto& node : model.nodes) {
        for (const auto& tp : node.termination_points) {
            if (!tp.pair_with) {
                continue;
            }
            const auto pointer = tp.pointer + "/attr/pair-with";
            const TpRef& peer_ref = *tp.pair_with;
            const Node* peer_node = model.find_node(peer_ref.node);
            if (peer_node == nullptr) {
                diagnostics.error(pointer + "/node", "no node " + in_quotes(peer_ref.node));
                continue;
            }
            const TerminationPoint* peer = peer_node->find_tp(peer_ref.tp);
            if (peer == nullptr) {
                diagnostics.error(pointer + "/tp",
                                  "no termination point " + in_quotes(peer_ref.tp) + " on node " + in_quotes(peer_ref.node));
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
