#pragma once

#include "src/topology/interface_settings.hpp"
#include "src/topology/version.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hammer::topology {

/// How hammer reaches a termination point through the kernel (netlink, ethtool).
struct KernelAccess {
    std::string ifname;
    std::string netns; ///< a named network namespace (/run/netns/NAME); empty: hammer's own
};

/// How hammer reaches a termination point through DPDK. Exactly one member is set.
struct DpdkAccess {
    std::string devargs; ///< a vdev string ("net_af_packet0,iface=hm0a") or a PCI address
    std::string ring;    ///< name of an in-process ring port, crossed with its peer's ring
    /// The network namespace the vdev is probed in: where af_packet and
    /// af_xdp find their interface and tap makes or attaches to its own.
    /// Empty: attr.kernel's namespace, else hammer's own.
    std::string netns;

    /// The DPDK device name: devargs up to the first ',', or the ring name.
    [[nodiscard]] std::string device_name() const;
};

/// A (node, termination point) address used by links and explicit pairings.
struct TpRef {
    std::string node;
    std::string tp;
};

/// Which backend controls a termination point that has both attr.kernel and
/// attr.dpdk (a net_tap port, af_packet on a veth): attr.control.
enum class ControlPath {
    automatic, ///< the kernel interface when there is one, else the ethdev port
    kernel,    ///< netlink and ethtool
    dpdk,      ///< the ethdev API, as testpmd would
};

/// What configuration.traffic-specification, given as an object, says of
/// the frames hammer's traffic operations send through a termination point:
/// defaults that an operation's own parameters (vlan, qinq, ip_version)
/// override. Its other members belong to other tools (CSIT's traffic
/// profiles) and are kept, not read.
struct TrafficDefaults {
    std::optional<unsigned> vlan;                ///< "vlan": an 802.1Q id, 0: untagged
    std::optional<std::array<unsigned, 2>> qinq; ///< "qinq": 802.1ad [outer, inner]
    std::optional<unsigned> ip_version;          ///< "ip-version": 4 or 6
};

struct TerminationPoint {
    std::string id;
    std::optional<KernelAccess> kernel;
    std::optional<DpdkAccess> dpdk;
    std::optional<TpRef> pair_with; ///< attr.pair-with: pair explicitly with that termination point
    ControlPath control = ControlPath::automatic; ///< attr.control: "kernel" or "dpdk"
    unsigned vlan = 1;              ///< attr.vlan on a switch port: ports reach each other within a VLAN
    /// configuration.start-up, the node's with the termination point's over it:
    /// applied after the pre-test snapshot, undone by the restore.
    InterfaceSettings start_up;
    /// configuration.run-time, the termination point's else the node's: entry
    /// (L − 1) mod size applied at the start of loop L.
    std::vector<InterfaceSettings> run_time;
    /// configuration.traffic-specification, the termination point's members over the node's.
    TrafficDefaults traffic;
    /// A VF's PF: the one termination point with attr.kernel of the parent
    /// node, in the same namespace. Its "vf" settings go through it.
    std::optional<KernelAccess> pf;
    std::string pointer;            ///< JSON pointer of this termination point in the file

    [[nodiscard]] bool reachable() const noexcept { return kernel.has_value() || dpdk.has_value(); }
};

struct Node {
    std::string id;
    std::string type; ///< attr.type, e.g. "switch", "nic", "pf", "vf"; empty when not given
    std::optional<std::string> parent;
    std::vector<std::string> children;
    bool pair_children = false; ///< attr.pairing == "children": pair the children's ports with each other
    /// False when `parent` or `children` could not be read (the loader
    /// reported it): the nesting is then not cross-checked against them.
    bool nesting_read = true;
    /// A termination point the loader could not read (not an object) stays
    /// here without an id, so that a link to it is not also reported as a
    /// link to nothing; a loaded model has none.
    std::vector<TerminationPoint> termination_points;
    std::string pointer;

    [[nodiscard]] bool is_switch() const noexcept { return type == "switch"; }
    [[nodiscard]] const TerminationPoint* find_tp(std::string_view tp_id) const;
};

struct Link {
    std::string id;
    TpRef source;      ///< where traffic of this link starts (forward direction)
    TpRef destination; ///< where it ends
    std::string pointer;
};

/// A loaded, validated SUT specification.
struct Model {
    std::string file;       ///< where it was read from, for messages
    SchemaVersion version;
    std::string network_id;
    /// A node the loader could not read or name is here with an empty id
    /// (see TerminationPoint above); a loaded model has none.
    std::vector<Node> nodes;
    std::vector<Link> links;
    nlohmann::json document; ///< the whole specification with references expanded: the UTI starts from it

    /// By node id, the first node of each id; see index_nodes().
    [[nodiscard]] const Node* find_node(std::string_view node_id) const;
    [[nodiscard]] const TerminationPoint* find_tp(const TpRef& ref) const;

    /// Makes find_node a lookup instead of a scan, which links, pair-with
    /// and children ask once each: a topology of 60 000 nodes took 10 s to
    /// check by scans. The loader calls it once the nodes are read; a model
    /// whose nodes change afterwards falls back to scanning.
    void index_nodes();

private:
    std::map<std::string, std::size_t, std::less<>> node_index_; ///< node id → position in nodes
    std::size_t indexed_nodes_ = 0; ///< nodes.size() when indexed: another size means the index is stale
};

} // namespace hammer::topology
