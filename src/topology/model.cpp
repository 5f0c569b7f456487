#include "src/topology/model.hpp"

namespace hammer::topology {

std::string DpdkAccess::device_name() const
{
    if (!ring.empty()) {
        return ring;
    }
    return devargs.substr(0, devargs.find(','));
}

const TerminationPoint* Node::find_tp(std::string_view tp_id) const
{
    for (const auto& tp : termination_points) {
        if (tp.id == tp_id) {
            return &tp;
        }
    }
    return nullptr;
}

void Model::index_nodes()
{
    node_index_.clear();
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        node_index_.emplace(nodes[i].id, i);
    }
    indexed_nodes_ = nodes.size();
}

const Node* Model::find_node(std::string_view node_id) const
{
    if (indexed_nodes_ != 0 && indexed_nodes_ == nodes.size()) {
        const auto found = node_index_.find(node_id);
        return found != node_index_.end() ? &nodes[found->second] : nullptr;
    }
    for (const auto& node : nodes) {
        if (node.id == node_id) {
            return &node;
        }
    }
    return nullptr;
}

const TerminationPoint* Model::find_tp(const TpRef& ref) const
{
    const Node* node = find_node(ref.node);
    return node != nullptr ? node->find_tp(ref.tp) : nullptr;
}

} // namespace hammer::topology
