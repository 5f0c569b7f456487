#include "src/topology/loader.hpp"

#include "tests/topology/topology_builder.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace hammer::topology {
namespace {

using namespace test_support;

/// A lab written by hand, touching every member the loader reads.
constexpr std::string_view lab_topology = R"({
  "version": "0.1.3",
  "metadata": { "owner": "lab", "nested": { "list": [1, 2, 3] } },
  "reference": { "vf": { "attr": { "type": "vf", "trust": "on" } } },
  "network": {
    "network-id": "lab-net",
    "attr": { "purpose": "ci" },
    "node": [
      {
        "node-id": "nic0",
        "attr": { "type": "nic", "driver": "ice" },
        "children": ["pf0"],
        "configuration": {
          "start-up": { "firmware": "4.2" },
          "run-time": [ { "mtu": 9000 }, { "mtu": 1500 } ],
          "traffic-profile": "profiles/imix.py",
          "traffic-specification": { "frame-size": 64 }
        },
        "state": [
          { "state-id": "up", "timestamp": "2024-01-01T00:00:00Z", "operational-data": { "link": "up" } },
          { "state-id": "down", "timestamp": "2024-01-01T00:00:05Z" }
        ],
        "command-history": [
          { "timestamp": "2024-01-01T00:00:01Z", "command": "ip link set eth0 up", "return-code": 0, "response": "" },
          { "timestamp": "2024-01-01T00:00:02Z", "command": "ethtool -G eth0 rx 64", "return-code": 1 }
        ]
      },
      {
        "node-id": "pf0",
        "parent": "nic0",
        "children": ["vf0", "vf1"],
        "attr": { "type": "pf", "pairing": "children" },
        "termination-point": [
          {
            "tp-id": "port",
            "attr": {
              "kernel": { "ifname": "enp59s0f0", "netns": "lab" },
              "dpdk": { "devargs": "0000:3b:00.0" },
              "speed": "25G"
            }
          }
        ]
      },
      {
        "$ref": "vf",
        "node-id": "vf0",
        "parent": "pf0",
        "termination-point": [
          { "tp-id": "port", "attr": { "kernel": { "ifname": "enp59s0f0v0" } } }
        ]
      },
      {
        "$ref": "vf",
        "node-id": "vf1",
        "parent": "pf0",
        "termination-point": [
          { "tp-id": "port", "attr": { "dpdk": { "devargs": "net_af_packet0,iface=enp59s0f0v1,framecnt=512" } } }
        ]
      },
      {
        "node-id": "proc",
        "attr": { "type": "dpdk-process" },
        "termination-point": [
          { "tp-id": "r0", "attr": { "dpdk": { "ring": "ring0" }, "pair-with": { "node": "proc", "tp": "r1" } } },
          { "tp-id": "r1", "attr": { "dpdk": { "ring": "ring1" }, "pair-with": { "node": "proc", "tp": "r0" } } }
        ]
      },
      {
        "node-id": "sw0",
        "attr": { "type": "switch" },
        "termination-point": [
          { "tp-id": "swp1", "attr": { "vlan": 100 } },
          { "tp-id": "swp2" }
        ]
      },
      {
        "node-id": "tg",
        "termination-point": [
          { "tp-id": "eth0", "attr": { "kernel": { "ifname": "eth0" } } },
          { "tp-id": "eth1", "attr": { "kernel": { "ifname": "eth1" } } }
        ]
      }
    ],
    "link": [
      {
        "link-id": "cable0",
        "attr": { "medium": "DAC" },
        "source": { "source-node": "tg", "source-tp": "eth0" },
        "destination": { "destination-node": "sw0", "destination-tp": "swp1" }
      },
      {
        "link-id": "cable1",
        "source": { "source-node": "sw0", "source-tp": "swp2" },
        "destination": { "destination-node": "tg", "destination-tp": "eth1" }
      }
    ]
  }
})";

class LabTopology : public ::testing::Test {
protected:
    Model model_ = load_text(lab_topology);
};

TEST_F(LabTopology, ReadsVersionFileAndNetworkId)
{
    EXPECT_EQ(model_.file, "t.json");
    EXPECT_EQ(model_.version, (SchemaVersion{0, 1, 3}));
    EXPECT_EQ(model_.network_id, "lab-net");
}

TEST_F(LabTopology, ReadsNodesInFileOrderWithTheirPointers)
{
    std::vector<std::string> ids;
    for (const auto& node : model_.nodes) {
        ids.push_back(node.id);
    }
    EXPECT_EQ(ids, (std::vector<std::string>{"nic0", "pf0", "vf0", "vf1", "proc", "sw0", "tg"}));
    EXPECT_EQ(model_.nodes[0].pointer, "/network/node/0");
    EXPECT_EQ(model_.nodes[6].pointer, "/network/node/6");
}

TEST_F(LabTopology, ReadsNodeTypeFromAttrIncludingReferencedOnes)
{
    EXPECT_EQ(model_.find_node("nic0")->type, "nic");
    EXPECT_EQ(model_.find_node("pf0")->type, "pf");
    EXPECT_EQ(model_.find_node("vf0")->type, "vf"); // from the reference "vf"
    EXPECT_EQ(model_.find_node("tg")->type, "");
    EXPECT_TRUE(model_.find_node("sw0")->is_switch());
    EXPECT_FALSE(model_.find_node("nic0")->is_switch());
}

TEST_F(LabTopology, ReadsParentChildrenAndPairChildren)
{
    const Node* nic = model_.find_node("nic0");
    const Node* pf = model_.find_node("pf0");
    const Node* vf = model_.find_node("vf1");
    ASSERT_NE(nic, nullptr);
    ASSERT_NE(pf, nullptr);
    ASSERT_NE(vf, nullptr);
    EXPECT_EQ(nic->parent, std::nullopt);
    EXPECT_EQ(nic->children, (std::vector<std::string>{"pf0"}));
    EXPECT_FALSE(nic->pair_children);
    EXPECT_EQ(pf->parent, "nic0");
    EXPECT_EQ(pf->children, (std::vector<std::string>{"vf0", "vf1"}));
    EXPECT_TRUE(pf->pair_children);
    EXPECT_EQ(vf->parent, "pf0");
    EXPECT_TRUE(vf->children.empty());
}

TEST_F(LabTopology, ReadsKernelAccessWithAndWithoutNamespace)
{
    const TerminationPoint* port = model_.find_tp({"pf0", "port"});
    ASSERT_NE(port, nullptr);
    ASSERT_TRUE(port->kernel.has_value());
    EXPECT_EQ(port->kernel->ifname, "enp59s0f0");
    EXPECT_EQ(port->kernel->netns, "lab");
    EXPECT_EQ(port->pointer, "/network/node/1/termination-point/0");
    EXPECT_TRUE(port->reachable());

    const TerminationPoint* vf_port = model_.find_tp({"vf0", "port"});
    ASSERT_NE(vf_port, nullptr);
    ASSERT_TRUE(vf_port->kernel.has_value());
    EXPECT_EQ(vf_port->kernel->ifname, "enp59s0f0v0");
    EXPECT_EQ(vf_port->kernel->netns, "");
    EXPECT_FALSE(vf_port->dpdk.has_value());
}

TEST_F(LabTopology, ReadsDpdkDevargsAndDeviceName)
{
    const TerminationPoint* pci = model_.find_tp({"pf0", "port"});
    ASSERT_NE(pci, nullptr);
    ASSERT_TRUE(pci->dpdk.has_value());
    EXPECT_EQ(pci->dpdk->devargs, "0000:3b:00.0");
    EXPECT_EQ(pci->dpdk->ring, "");
    EXPECT_EQ(pci->dpdk->device_name(), "0000:3b:00.0");

    const TerminationPoint* vdev = model_.find_tp({"vf1", "port"});
    ASSERT_NE(vdev, nullptr);
    ASSERT_TRUE(vdev->dpdk.has_value());
    EXPECT_FALSE(vdev->kernel.has_value());
    EXPECT_EQ(vdev->dpdk->devargs, "net_af_packet0,iface=enp59s0f0v1,framecnt=512");
    EXPECT_EQ(vdev->dpdk->device_name(), "net_af_packet0");
    EXPECT_TRUE(vdev->reachable());
}

TEST_F(LabTopology, ReadsDpdkRingAndPairWith)
{
    const TerminationPoint* r0 = model_.find_tp({"proc", "r0"});
    ASSERT_NE(r0, nullptr);
    ASSERT_TRUE(r0->dpdk.has_value());
    EXPECT_EQ(r0->dpdk->ring, "ring0");
    EXPECT_EQ(r0->dpdk->devargs, "");
    EXPECT_EQ(r0->dpdk->device_name(), "ring0");
    ASSERT_TRUE(r0->pair_with.has_value());
    EXPECT_EQ(r0->pair_with->node, "proc");
    EXPECT_EQ(r0->pair_with->tp, "r1");
    EXPECT_FALSE(model_.find_tp({"tg", "eth0"})->pair_with.has_value());
}

TEST_F(LabTopology, ReadsVlanDefaultingToOne)
{
    EXPECT_EQ(model_.find_tp({"sw0", "swp1"})->vlan, 100U);
    EXPECT_EQ(model_.find_tp({"sw0", "swp2"})->vlan, 1U);
    EXPECT_FALSE(model_.find_tp({"sw0", "swp2"})->reachable());
}

TEST_F(LabTopology, ReadsLinksWithDirectionAndPointers)
{
    ASSERT_EQ(model_.links.size(), 2U);
    const Link& first = model_.links[0];
    EXPECT_EQ(first.id, "cable0");
    EXPECT_EQ(first.source.node, "tg");
    EXPECT_EQ(first.source.tp, "eth0");
    EXPECT_EQ(first.destination.node, "sw0");
    EXPECT_EQ(first.destination.tp, "swp1");
    EXPECT_EQ(first.pointer, "/network/link/0");
    EXPECT_EQ(model_.links[1].source.node, "sw0");
    EXPECT_EQ(model_.links[1].destination.tp, "eth1");
    EXPECT_EQ(model_.links[1].pointer, "/network/link/1");
}

TEST_F(LabTopology, FindReturnsNothingForUnknownIds)
{
    EXPECT_EQ(model_.find_node("nope"), nullptr);
    EXPECT_EQ(model_.find_tp({"tg", "nope"}), nullptr);
    EXPECT_EQ(model_.find_tp({"nope", "eth0"}), nullptr);
}

TEST_F(LabTopology, KeepsFreeFormDataInTheDocument)
{
    const auto& document = model_.document;
    EXPECT_EQ(document.at("metadata").at("owner"), "lab");
    EXPECT_EQ(document.at("metadata").at("nested").at("list"), json::array({1, 2, 3}));
    EXPECT_EQ(document.at("network").at("attr").at("purpose"), "ci");
    const auto& nic = document.at("network").at("node").at(0);
    EXPECT_EQ(nic.at("attr").at("driver"), "ice");
    EXPECT_EQ(nic.at("configuration").at("start-up").at("firmware"), "4.2");
    EXPECT_EQ(nic.at("configuration").at("run-time").at(1).at("mtu"), 1500);
    EXPECT_EQ(nic.at("configuration").at("traffic-specification").at("frame-size"), 64);
    EXPECT_EQ(nic.at("state").size(), 2U);
    EXPECT_EQ(nic.at("command-history").at(1).at("return-code"), 1);
    const auto& pf_port = document.at("network").at("node").at(1).at("termination-point").at(0);
    EXPECT_EQ(pf_port.at("attr").at("speed"), "25G");
    EXPECT_EQ(document.at("network").at("link").at(0).at("attr").at("medium"), "DAC");
}

TEST_F(LabTopology, DocumentHasReferencesExpandedAndTheReferenceSectionAsWritten)
{
    const auto& vf0 = model_.document.at("network").at("node").at(2);
    EXPECT_FALSE(vf0.contains("$ref"));
    EXPECT_EQ(vf0.at("attr").at("trust"), "on");
    EXPECT_EQ(vf0.at("node-id"), "vf0");
    EXPECT_EQ(model_.document.at("reference"), json::parse(R"({"vf": {"attr": {"type": "vf", "trust": "on"}}})"));
}

TEST(Loader, MinimalTopologyLoads)
{
    const Model model = load(minimal_topology());
    EXPECT_EQ(model.version, supported_version);
    ASSERT_EQ(model.nodes.size(), 2U);
    ASSERT_EQ(model.links.size(), 1U);
    EXPECT_EQ(model.nodes[1].termination_points[0].kernel->ifname, "eth2");
}

TEST(Loader, ControlPathAndDpdkNamespaceAreRead)
{
    auto topology = minimal_topology();
    auto& attr = topology["network"]["node"][0]["termination-point"][0]["attr"];
    attr["dpdk"] = {{"devargs", "net_tap0,iface=eth1"}, {"netns", "lab"}};
    attr["control"] = "dpdk";
    topology["network"]["node"][1]["termination-point"][0]["attr"]["control"] = "kernel";
    const Model model = load(topology);
    const TerminationPoint& both = model.nodes[0].termination_points[0];
    EXPECT_EQ(both.dpdk->netns, "lab");
    EXPECT_EQ(both.control, ControlPath::dpdk);
    EXPECT_EQ(model.nodes[1].termination_points[0].control, ControlPath::kernel);
    EXPECT_EQ(load(minimal_topology()).nodes[0].termination_points[0].control, ControlPath::automatic);
}

TEST(Loader, LinkAndMetadataAndReferenceAreOptional)
{
    auto topology = minimal_topology();
    topology["network"].erase("link");
    const Model model = load(topology);
    EXPECT_TRUE(model.links.empty());
    EXPECT_FALSE(model.document.contains("metadata"));
}

TEST(Loader, EmptyNodeListLoads)
{
    const Model model = load(document(json::array()));
    EXPECT_TRUE(model.nodes.empty());
}

TEST(Loader, NodeWithoutTerminationPointsLoads)
{
    const Model model = load(document(json::array({json{{"node-id", "lonely"}}})));
    ASSERT_EQ(model.nodes.size(), 1U);
    EXPECT_TRUE(model.nodes[0].termination_points.empty());
}

TEST(Loader, SameIfnameInDifferentNamespacesIsAccepted)
{
    auto topology = minimal_topology();
    auto& h1_kernel = topology["network"]["node"][0]["termination-point"][0]["attr"]["kernel"];
    auto& h2_kernel = topology["network"]["node"][1]["termination-point"][0]["attr"]["kernel"];
    h1_kernel = {{"ifname", "eth0"}, {"netns", "left"}};
    h2_kernel = {{"ifname", "eth0"}, {"netns", "right"}};
    const Model model = load(topology);
    EXPECT_EQ(model.find_tp({"h1", "p0"})->kernel->netns, "left");
    EXPECT_EQ(model.find_tp({"h2", "p0"})->kernel->netns, "right");
}

TEST(Loader, SameIfnameInOwnAndNamedNamespaceIsAccepted)
{
    auto topology = minimal_topology();
    topology["network"]["node"][0]["termination-point"][0]["attr"]["kernel"] = {{"ifname", "eth0"}};
    topology["network"]["node"][1]["termination-point"][0]["attr"]["kernel"] = {{"ifname", "eth0"},
                                                                                 {"netns", "ns"}};
    EXPECT_NO_THROW((void)load(topology));
}

TEST(Loader, WholeNumberWrittenWithAFractionIsAVlan)
{
    auto topology = minimal_topology();
    topology["network"]["node"][0]["termination-point"][0]["attr"]["vlan"] = 4094.0;
    EXPECT_EQ(load(topology).find_tp({"h1", "p0"})->vlan, 4094U);
}

TEST(Loader, RunTimeConfigurationMayBeOneObjectAndTrafficSpecificationAPath)
{
    auto topology = minimal_topology();
    topology["network"]["node"][0]["configuration"] = {{"run-time", {{"mtu", 9000}}},
                                                       {"traffic-specification", "traffic/64b.json"}};
    EXPECT_NO_THROW((void)load(topology));
}

TEST(Loader, EmptyStateAndCommandHistoryAreAccepted)
{
    auto topology = minimal_topology();
    topology["network"]["node"][0]["state"] = json::array();
    topology["network"]["node"][0]["command-history"] = json::array();
    EXPECT_NO_THROW((void)load(topology));
}

TEST(Loader, IfnameOfFifteenCharactersIsAccepted)
{
    auto topology = minimal_topology();
    topology["network"]["node"][0]["termination-point"][0]["attr"]["kernel"]["ifname"] = "abcdefghijklmno";
    EXPECT_EQ(load(topology).find_tp({"h1", "p0"})->kernel->ifname, "abcdefghijklmno");
}

TEST(Loader, ReadsAFileFromDisk)
{
    const Model model = load_topology(std::filesystem::path{HAMMER_SOURCE_ROOT "/topologies/ring-loop.json"});
    EXPECT_EQ(model.file, HAMMER_SOURCE_ROOT "/topologies/ring-loop.json");
    EXPECT_EQ(model.network_id, "ring-loop");
}

TEST(Loader, MissingFileIsAnInputErrorNamingIt)
{
    try {
        (void)load_topology(std::filesystem::path{"/nonexistent/topology.json"});
        FAIL() << "a missing file loaded";
    } catch (const InputError& error) {
        ASSERT_EQ(error.diagnostics().size(), 1U);
        EXPECT_EQ(error.diagnostics()[0].file, "/nonexistent/topology.json");
        EXPECT_EQ(error.diagnostics()[0].message, "cannot read: no such file");
    }
}

} // namespace
} // namespace hammer::topology
