#include "src/topology/loader.hpp"

#include "tests/topology/topology_builder.hpp"

#include <gtest/gtest.h>

#include <string>

namespace hammer::topology {
namespace {

using namespace test_support;

/// The first termination point of node `index` in `topology`.
json& tp0(json& topology, std::size_t index)
{
    return topology["network"]["node"][index]["termination-point"][0];
}

/// A NIC "nic" with PF "pf" (kernel eth0) nested in it, both sides agreeing.
json nested_topology()
{
    json nic = node("nic");
    nic["children"] = json::array({"pf"});
    json pf = host("pf", "eth0");
    pf["parent"] = "nic";
    return document(json::array({nic, pf}));
}

/// Hosts h1 (eth1), h2 (eth2) and h3 (eth3) and no links: room for pair-with.
json three_hosts()
{
    return document(json::array({host("h1", "eth1"), host("h2", "eth2"), host("h3", "eth3")}));
}

// --- the document ---------------------------------------------------------

TEST(Malformed, RootNotAnObject)
{
    for (const char* text : {"[]", "\"0.1.0\"", "42", "null"}) {
        try {
            (void)load_text(text);
            ADD_FAILURE() << text << " loaded";
        } catch (const InputError& error) {
            EXPECT_TRUE(is_single_error(error.diagnostics(), "", "expected an object, found")) << text;
        }
    }
}

TEST(Malformed, NotJsonAtAllNamesLineAndColumn)
{
    try {
        (void)load_text("{\n  \"version\": \"0.1.0\",\n}");
        FAIL() << "loaded";
    } catch (const InputError& error) {
        ASSERT_EQ(error.diagnostics().size(), 1U);
        EXPECT_EQ(error.diagnostics()[0].file, "t.json");
        EXPECT_EQ(error.diagnostics()[0].location, "line 3, column 1");
    }
}

TEST(Malformed, MissingVersion)
{
    auto topology = minimal_topology();
    topology.erase("version");
    EXPECT_TRUE(is_single_error(load_errors(topology), "/version", "required member is missing"));
}

TEST(Malformed, VersionNotAString)
{
    auto topology = minimal_topology();
    topology["version"] = 0.1;
    EXPECT_TRUE(is_single_error(load_errors(topology), "/version", "expected a string, found a number (0.1)"));
}

TEST(Malformed, VersionTextNotMajorMinorPatch)
{
    auto topology = minimal_topology();
    topology["version"] = "0.1";
    EXPECT_TRUE(
        is_single_error(load_errors(topology), "/version", "\"0.1\" is not a MAJOR.MINOR.PATCH version"));
}

TEST(Malformed, NewerMajorVersion)
{
    auto topology = minimal_topology();
    topology["version"] = "2.0.0";
    const auto errors = load_errors(topology);
    EXPECT_TRUE(is_single_error(errors, "/version", "version 2.0.0 has MAJOR 2, this hammer reads 0.1.0"));
}

TEST(Malformed, UnknownTopLevelMember)
{
    auto topology = minimal_topology();
    topology["netwrok"] = json::object();
    EXPECT_TRUE(is_single_error(load_errors(topology), "/netwrok",
                                "unknown member \"netwrok\" (expected one of: metadata, network, reference, version)"));
}

TEST(Malformed, MetadataNotAnObject)
{
    auto topology = minimal_topology();
    topology["metadata"] = "lab";
    EXPECT_TRUE(is_single_error(load_errors(topology), "/metadata", "expected an object, found a string"));
}

// --- network --------------------------------------------------------------

TEST(Malformed, MissingNetwork)
{
    auto topology = minimal_topology();
    topology.erase("network");
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network", "required member is missing"));
}

TEST(Malformed, NetworkNotAnObject)
{
    auto topology = minimal_topology();
    topology["network"] = json::array();
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network", "expected an object, found an array"));
}

TEST(Malformed, NetworkIdWrongType)
{
    auto topology = minimal_topology();
    topology["network"]["network-id"] = 7;
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/network-id", "expected a string, found a number (7)"));
}

TEST(Malformed, MissingNetworkId)
{
    auto topology = minimal_topology();
    topology["network"].erase("network-id");
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/network-id", "required member is missing"));
}

TEST(Malformed, NodeNotAnArray)
{
    auto topology = minimal_topology();
    topology["network"]["node"] = {{"node-id", "h1"}};
    topology["network"].erase("link");
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node", "expected an array, found an object"));
}

TEST(Malformed, MissingNodeList)
{
    auto topology = minimal_topology();
    topology["network"].erase("node");
    topology["network"].erase("link");
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node", "required member is missing"));
}

TEST(Malformed, NodeElementNotAnObject)
{
    auto topology = minimal_topology();
    topology["network"]["node"].push_back("h3");
    EXPECT_TRUE(
        is_single_error(load_errors(topology), "/network/node/2", "expected an object, found a string (\"h3\")"));
}

TEST(Malformed, UnknownNetworkMember)
{
    auto topology = minimal_topology();
    topology["network"]["links"] = json::array();
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/links",
                                "unknown member \"links\" (expected one of: attr, link, network-id, node)"));
}

// --- nodes ----------------------------------------------------------------

TEST(Malformed, MissingNodeId)
{
    auto topology = minimal_topology();
    topology["network"]["node"][1].erase("node-id");
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/1/node-id", "required member is missing"));
}

TEST(Malformed, EmptyNodeId)
{
    auto topology = minimal_topology();
    topology["network"]["node"][1]["node-id"] = "";
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/1/node-id", "must not be empty"));
}

TEST(Malformed, DuplicateNodeIdNamesTheFirst)
{
    auto topology = minimal_topology();
    topology["network"]["node"].push_back(host("h1", "eth3"));
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/2/node-id",
                                "duplicate node-id \"h1\" (first at /network/node/0/node-id)"));
}

TEST(Malformed, UnknownNodeMemberSuchAsAPluralTypo)
{
    auto topology = document(json::array({json{{"node-id", "h1"}, {"termination-points", json::array()}}}));
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/termination-points",
                                "unknown member \"termination-points\" (expected one of: attr, children, "
                                "command-history, configuration, node-id, parent, state, termination-point)"));
}

TEST(Malformed, NodeAttrNotAnObject)
{
    auto topology = minimal_topology();
    topology["network"]["node"][0]["attr"] = json::array({"switch"});
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/attr", "expected an object, found an array"));
}

TEST(Malformed, NodeTypeNotAString)
{
    auto topology = minimal_topology();
    topology["network"]["node"][0]["attr"] = {{"type", true}};
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/attr/type",
                                "expected a string, found a boolean (true)"));
}

TEST(Malformed, UnknownPairing)
{
    auto topology = minimal_topology();
    topology["network"]["node"][0]["attr"] = {{"pairing", "siblings"}};
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/attr/pairing",
                                "unknown pairing \"siblings\" (supported: \"children\")"));
}

TEST(Malformed, TerminationPointListNotAnArray)
{
    auto topology = minimal_topology();
    topology["network"]["node"][0]["termination-point"] = kernel_tp("p0", "eth1");
    EXPECT_TRUE(has_error(load_errors(topology), "/network/node/0/termination-point",
                          "expected an array, found an object"));
}

TEST(Malformed, TrafficSpecificationGivesTheFramesDefaults)
{
    auto topology = minimal_topology();
    topology["network"]["node"][0]["configuration"] = {
        {"traffic-specification", {{"qinq", {100, 200}}, {"ip-version", 6}, {"frame-size", 64}}}};
    topology["network"]["node"][1]["configuration"] = {{"traffic-specification", {{"vlan", 0}}}};
    topology["network"]["node"][1]["termination-point"][0]["configuration"] = {
        {"traffic-specification", {{"vlan", 30}}}};
    const Model model = load(topology);
    const auto& h1 = model.nodes[0].termination_points[0].traffic;
    ASSERT_TRUE(h1.qinq);
    EXPECT_EQ(*h1.qinq, (std::array<unsigned, 2>{100, 200}));
    EXPECT_FALSE(h1.vlan);
    EXPECT_EQ(h1.ip_version, 6U) << "the node's, since the port says nothing";
    const auto& h2 = model.nodes[1].termination_points[0].traffic;
    EXPECT_EQ(h2.vlan, 30U) << "the port's over its node's";
    EXPECT_FALSE(h2.ip_version);
    EXPECT_EQ(model.document.at("network").at("node").at(0).at("configuration").at("traffic-specification").at(
                  "frame-size"),
              64)
        << "another tool's member kept";
}

TEST(Malformed, TrafficSpecificationValuesAreChecked)
{
    auto topology = minimal_topology();
    topology["network"]["node"][0]["configuration"] = {
        {"traffic-specification", {{"vlan", 4095}, {"ip-version", 5}}}};
    topology["network"]["node"][1]["configuration"] = {{"traffic-specification", {{"qinq", {100}}}}};
    auto errors = load_errors(topology);
    EXPECT_EQ(errors.size(), 3U) << lines_of(errors);
    EXPECT_TRUE(has_error(errors, "/network/node/0/configuration/traffic-specification/vlan",
                          "a VLAN id must be 0 to 4094, found 4095"));
    EXPECT_TRUE(has_error(errors, "/network/node/0/configuration/traffic-specification/ip-version",
                          "ip-version must be 4 or 6, found 5"));
    EXPECT_TRUE(has_error(errors, "/network/node/1/configuration/traffic-specification/qinq",
                          "expected [outer, inner] VLAN ids"));
    topology = minimal_topology();
    topology["network"]["node"][0]["configuration"] = {
        {"traffic-specification", {{"vlan", 10}, {"qinq", {100, 0}}}}};
    errors = load_errors(topology);
    EXPECT_EQ(errors.size(), 2U) << lines_of(errors);
    EXPECT_TRUE(has_error(errors, "/network/node/0/configuration/traffic-specification/qinq/1",
                          "a VLAN id must be 1 to 4094, found 0"));
    EXPECT_TRUE(has_error(errors, "/network/node/0/configuration/traffic-specification/qinq",
                          "qinq and vlan exclude each other"));
}

TEST(Malformed, ConfigurationWithWrongShapes)
{
    auto topology = minimal_topology();
    topology["network"]["node"][0]["configuration"] = {
        {"run-time", json::array({json{{"mtu", 9000}}, 5})},
        {"traffic-specification", 64},
        {"traffic-profile", json::object()},
        {"startup", json::object()},
    };
    const auto errors = load_errors(topology);
    EXPECT_EQ(errors.size(), 4U) << lines_of(errors);
    EXPECT_TRUE(
        has_error(errors, "/network/node/0/configuration/run-time/1", "expected an object, found a number (5)"));
    EXPECT_TRUE(has_error(errors, "/network/node/0/configuration/traffic-specification",
                          "expected a path or an object, found a number (64)"));
    EXPECT_TRUE(has_error(errors, "/network/node/0/configuration/traffic-profile",
                          "expected a string, found an object"));
    EXPECT_TRUE(has_error(errors, "/network/node/0/configuration/startup", "unknown member \"startup\""));
}

TEST(Malformed, RunTimeNeitherObjectNorArray)
{
    auto topology = minimal_topology();
    topology["network"]["node"][0]["configuration"] = {{"run-time", "mtu 9000"}};
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/configuration/run-time",
                                "expected an object or an array of objects, found a string"));
}

TEST(Malformed, StateEntryWithoutTimestampOrWithUnknownMember)
{
    auto topology = minimal_topology();
    topology["network"]["node"][0]["state"] = json::array({json{{"state-id", "up"}, {"operational-data", 1}}});
    topology["network"]["node"][1]["state"] = json::array({"up"});
    const auto errors = load_errors(topology);
    EXPECT_EQ(errors.size(), 3U) << lines_of(errors);
    EXPECT_TRUE(has_error(errors, "/network/node/0/state/0/timestamp", "required member is missing"));
    EXPECT_TRUE(
        has_error(errors, "/network/node/0/state/0/operational-data", "expected an object, found a number (1)"));
    EXPECT_TRUE(has_error(errors, "/network/node/1/state/0", "expected an object, found a string (\"up\")"));
}

TEST(Malformed, CommandHistoryWithNonIntegerReturnCode)
{
    auto topology = minimal_topology();
    topology["network"]["node"][0]["command-history"] = json::array(
        {json{{"timestamp", "2024-01-01T00:00:00Z"}, {"command", "ip link"}, {"return-code", "0"}}});
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/command-history/0/return-code",
                                "expected an integer, found a string (\"0\")"));
}

TEST(Malformed, CommandHistoryWithJsonCommandAndResponseLoads)
{
    // The model leaves "str or JSON?" open for command and response.
    auto topology = minimal_topology();
    topology["network"]["node"][0]["command-history"] = json::array(
        {json{{"timestamp", "2024-01-01T00:00:00Z"},
              {"command", {{"op", "set"}, {"path", "/interfaces/eth1/mtu"}, {"value", 9000}}},
              {"return-code", 0},
              {"response", {{"status", "ok"}}}},
         json{{"timestamp", "2024-01-01T00:00:01Z"}, {"command", "ip link"}, {"return-code", 0},
              {"response", "1: lo: <LOOPBACK,UP>"}}});
    EXPECT_NO_THROW((void)load(topology));
}

TEST(Malformed, CommandHistoryWithCommandOrResponseNeitherTextNorObject)
{
    auto topology = minimal_topology();
    topology["network"]["node"][0]["command-history"] = json::array(
        {json{{"timestamp", "2024-01-01T00:00:00Z"}, {"command", json::array({"ip", "link"})}, {"return-code", 0},
              {"response", 7}}});
    const auto errors = load_errors(topology);
    EXPECT_EQ(errors.size(), 2U) << lines_of(errors);
    EXPECT_TRUE(has_error(errors, "/network/node/0/command-history/0/command",
                          "expected a string or an object, found an array"));
    EXPECT_TRUE(has_error(errors, "/network/node/0/command-history/0/response",
                          "expected a string or an object, found a number (7)"));
}

TEST(Malformed, CommandHistoryWithoutCommand)
{
    auto topology = minimal_topology();
    topology["network"]["node"][0]["command-history"] =
        json::array({json{{"timestamp", "2024-01-01T00:00:00Z"}, {"return-code", 0}, {"output", ""}}});
    const auto errors = load_errors(topology);
    EXPECT_EQ(errors.size(), 2U) << lines_of(errors);
    EXPECT_TRUE(has_error(errors, "/network/node/0/command-history/0/command", "required member is missing"));
    EXPECT_TRUE(has_error(errors, "/network/node/0/command-history/0/output", "unknown member \"output\""));
}

// --- termination points ---------------------------------------------------

TEST(Malformed, DuplicateTpIdWithinANode)
{
    auto topology = minimal_topology();
    topology["network"]["node"][0]["termination-point"].push_back(kernel_tp("p0", "eth9"));
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/termination-point/1/tp-id",
                                "duplicate tp-id \"p0\" (first at /network/node/0/termination-point/0/tp-id)"));
}

TEST(Malformed, MissingTpId)
{
    auto topology = minimal_topology();
    tp0(topology, 0).erase("tp-id");
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/termination-point/0/tp-id",
                                "required member is missing"));
}

TEST(Malformed, TerminationPointNotAnObject)
{
    auto topology = minimal_topology();
    topology["network"]["node"][0]["termination-point"].push_back(json::array());
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/termination-point/1",
                                "expected an object, found an array"));
}

TEST(Malformed, UnknownTerminationPointMember)
{
    auto topology = minimal_topology();
    tp0(topology, 1)["atr"] = json::object();
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/1/termination-point/0/atr",
                                "unknown member \"atr\" (expected one of: attr, configuration, tp-id)"));
}

TEST(Malformed, IfnameNotAString)
{
    auto topology = minimal_topology();
    tp0(topology, 0)["attr"]["kernel"]["ifname"] = 3;
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/termination-point/0/attr/kernel/ifname",
                                "expected a string, found a number (3)"));
}

TEST(Malformed, KernelWithoutIfname)
{
    auto topology = minimal_topology();
    tp0(topology, 0)["attr"]["kernel"] = {{"netns", "ns"}};
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/termination-point/0/attr/kernel/ifname",
                                "required member is missing"));
}

TEST(Malformed, IfnameTooLong)
{
    auto topology = minimal_topology();
    tp0(topology, 0)["attr"]["kernel"]["ifname"] = "abcdefghijklmnop"; // 16: IFNAMSIZ with no room for NUL
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/termination-point/0/attr/kernel/ifname",
                                "\"abcdefghijklmnop\" is not an interface name (1 to 15 characters)"));
}

TEST(Malformed, IfnameEmpty)
{
    auto topology = minimal_topology();
    tp0(topology, 0)["attr"]["kernel"]["ifname"] = "";
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/termination-point/0/attr/kernel/ifname",
                                "(1 to 15 characters)"));
}

TEST(Malformed, IfnameWithSlashColonSpaceOrDots)
{
    for (const char* name : {"eth/0", "eth0:1", "eth 0", "eth\t0"}) {
        auto topology = minimal_topology();
        tp0(topology, 0)["attr"]["kernel"]["ifname"] = name;
        EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/termination-point/0/attr/kernel/ifname",
                                    "is not an interface name (no '/', ':' or whitespace)"))
            << name;
    }
    for (const char* name : {".", ".."}) {
        auto topology = minimal_topology();
        tp0(topology, 0)["attr"]["kernel"]["ifname"] = name;
        EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/termination-point/0/attr/kernel/ifname",
                                    "\"" + std::string{name} + "\" is not an interface name"))
            << name;
    }
}

TEST(Malformed, BadNamespaceName)
{
    for (const char* netns : {"", "run/netns/x", ".", ".."}) {
        auto topology = minimal_topology();
        tp0(topology, 0)["attr"]["kernel"]["netns"] = netns;
        EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/termination-point/0/attr/kernel/netns",
                                    "is not a namespace name (a name under /run/netns)"))
            << netns;
    }
}

TEST(Malformed, UnknownKernelMember)
{
    auto topology = minimal_topology();
    tp0(topology, 0)["attr"]["kernel"]["namespace"] = "ns";
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/termination-point/0/attr/kernel/namespace",
                                "unknown member \"namespace\" (expected one of: ifname, netns)"));
}

TEST(Malformed, VlanOutOfRange)
{
    for (const int vlan : {0, 4095, -1, 5000}) {
        auto topology = minimal_topology();
        tp0(topology, 0)["attr"]["vlan"] = vlan;
        EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/termination-point/0/attr/vlan",
                                    "VLAN id must be 1..4094, found " + std::to_string(vlan)))
            << vlan;
    }
}

TEST(Malformed, VlanNotAnInteger)
{
    auto topology = minimal_topology();
    tp0(topology, 0)["attr"]["vlan"] = 10.5;
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/termination-point/0/attr/vlan",
                                "expected an integer, found a number (10.5)"));
    tp0(topology, 0)["attr"]["vlan"] = "10";
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/termination-point/0/attr/vlan",
                                "expected an integer, found a string (\"10\")"));
}

TEST(Malformed, DpdkWithBothDevargsAndRing)
{
    auto topology = minimal_topology();
    tp0(topology, 0)["attr"]["dpdk"] = {{"devargs", "net_af_packet0,iface=eth1"}, {"ring", "r0"}};
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/termination-point/0/attr/dpdk",
                                "give exactly one of \"devargs\""));
}

TEST(Malformed, DpdkWithNeitherDevargsNorRing)
{
    auto topology = minimal_topology();
    tp0(topology, 0)["attr"]["dpdk"] = json::object();
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/termination-point/0/attr/dpdk",
                                "give exactly one of \"devargs\" (a vdev string or PCI address) and \"ring\""));
}

TEST(Malformed, DpdkWithEmptyDevargs)
{
    auto topology = minimal_topology();
    tp0(topology, 0)["attr"]["dpdk"] = {{"devargs", ""}};
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/termination-point/0/attr/dpdk",
                                "give exactly one of"));
}

TEST(Malformed, DpdkNotAnObject)
{
    auto topology = minimal_topology();
    tp0(topology, 0)["attr"]["dpdk"] = "0000:3b:00.0";
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/termination-point/0/attr/dpdk",
                                "expected an object, found a string"));
}

TEST(Malformed, DpdkNetnsThatIsNotANamespaceName)
{
    for (const char* netns : {"", "run/netns/x", ".", ".."}) {
        auto topology = minimal_topology();
        tp0(topology, 0)["attr"]["dpdk"] = {{"devargs", "net_tap0,iface=tap0"}, {"netns", netns}};
        EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/termination-point/0/attr/dpdk/netns",
                                    "is not a namespace name (a name under /run/netns)"))
            << netns;
    }
}

TEST(Malformed, ControlNamingAPathTheTerminationPointLacks)
{
    // minimal_topology's ports have attr.kernel only.
    for (const char* path : {"dpdk", "ethdev", ""}) {
        auto topology = minimal_topology();
        tp0(topology, 0)["attr"]["control"] = path;
        EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/termination-point/0/attr/control",
                                    "must name a path the termination point has"))
            << path;
    }
    auto topology = minimal_topology();
    tp0(topology, 0)["attr"]["control"] = 1;
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/termination-point/0/attr/control",
                                "expected a string"));
}

TEST(Malformed, DuplicateKernelInterfaceInTheSameNamespace)
{
    auto topology = minimal_topology();
    tp0(topology, 1)["attr"]["kernel"]["ifname"] = "eth1";
    EXPECT_TRUE(is_single_error(
        load_errors(topology), "/network/node/1/termination-point/0/attr/kernel/ifname",
        "duplicate kernel interface \"eth1\" (first at /network/node/0/termination-point/0/attr/kernel/ifname)"));

    tp0(topology, 0)["attr"]["kernel"]["netns"] = "lab";
    tp0(topology, 1)["attr"]["kernel"]["netns"] = "lab";
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/1/termination-point/0/attr/kernel/ifname",
                                "duplicate kernel interface \"eth1@lab\""));
}

TEST(Malformed, DuplicateDpdkDeviceName)
{
    auto topology = minimal_topology();
    tp0(topology, 0)["attr"]["dpdk"] = {{"devargs", "net_af_packet0,iface=eth1"}};
    tp0(topology, 1)["attr"]["dpdk"] = {{"devargs", "net_af_packet0,iface=eth2"}};
    EXPECT_TRUE(is_single_error(
        load_errors(topology), "/network/node/1/termination-point/0/attr/dpdk/devargs",
        "duplicate DPDK device \"net_af_packet0\" (first at /network/node/0/termination-point/0/attr/dpdk/devargs)"));
}

TEST(Malformed, DuplicateRingName)
{
    auto topology = document(json::array({node("proc", json::array({ring_tp("a", "r0"), ring_tp("b", "r0")}))}));
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/termination-point/1/attr/dpdk/ring",
                                "duplicate DPDK device \"r0\""));
}

// --- links ----------------------------------------------------------------

TEST(Malformed, DuplicateLinkId)
{
    auto topology = minimal_topology();
    topology["network"]["node"][0]["termination-point"].push_back(kernel_tp("p1", "eth3"));
    topology["network"]["node"][1]["termination-point"].push_back(kernel_tp("p1", "eth4"));
    topology["network"]["link"].push_back(link("l0", "h1", "p1", "h2", "p1"));
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/link/1/link-id",
                                "duplicate link-id \"l0\" (first at /network/link/0/link-id)"));
}

TEST(Malformed, UnknownLinkMember)
{
    auto topology = minimal_topology();
    topology["network"]["link"][0]["medium"] = "DAC";
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/link/0/medium",
                                "unknown member \"medium\" (expected one of: attr, destination, link-id, source)"));
}

TEST(Malformed, LinkEndWithTheOtherRolesNames)
{
    auto topology = minimal_topology();
    topology["network"]["link"][0]["destination"] = {{"source-node", "h2"}, {"source-tp", "p0"}};
    const auto errors = load_errors(topology);
    EXPECT_EQ(errors.size(), 4U) << lines_of(errors);
    EXPECT_TRUE(has_error(errors, "/network/link/0/destination/destination-node", "required member is missing"));
    EXPECT_TRUE(has_error(errors, "/network/link/0/destination/destination-tp", "required member is missing"));
    EXPECT_TRUE(has_error(errors, "/network/link/0/destination/source-node",
                          "unknown member \"source-node\" (expected one of: destination-node, destination-tp)"));
}

TEST(Malformed, LinkWithoutSource)
{
    auto topology = minimal_topology();
    topology["network"]["link"][0].erase("source");
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/link/0/source", "required member is missing"));
}

TEST(Malformed, LinkToMissingNode)
{
    auto topology = minimal_topology();
    topology["network"]["link"][0]["destination"]["destination-node"] = "h9";
    EXPECT_TRUE(
        is_single_error(load_errors(topology), "/network/link/0/destination/destination-node", "no node \"h9\""));
}

TEST(Malformed, LinkToMissingTerminationPointAsInTheIssue)
{
    const auto topology = document(
        json::array({node("tg", json::array({kernel_tp("p0", "tg0"), kernel_tp("p1", "tg1"), kernel_tp("p2", "tg2")})),
                     node("dut1", json::array({kernel_tp("p0", "dut0"), kernel_tp("p1", "dut1"),
                                               kernel_tp("p2", "dut2")}))}),
        json::array({link("l0", "tg", "p0", "dut1", "p0"), link("l1", "tg", "p1", "dut1", "p1"),
                     link("l2", "tg", "p2", "dut1", "p9")}));
    const auto errors = load_errors(topology);
    ASSERT_EQ(errors.size(), 1U) << lines_of(errors);
    EXPECT_EQ(errors[0].to_string(),
              "t.json: /network/link/2/destination/destination-tp: no termination point \"p9\" on node \"dut1\"");
}

TEST(Malformed, LinkFromATerminationPointToItself)
{
    auto topology = minimal_topology();
    topology["network"]["link"][0] = link("loop", "h1", "p0", "h1", "p0");
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/link/0/destination",
                                "link \"loop\" starts and ends on the same termination point"));
}

TEST(Malformed, TerminationPointLinkedToTwoPeers)
{
    auto topology = minimal_topology();
    topology["network"]["node"].push_back(host("h3", "eth3"));
    topology["network"]["link"].push_back(link("l1", "h3", "p0", "h1", "p0"));
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/link/1/destination",
                                "termination point \"h1/p0\" is on another link already (at /network/link/0/source) "
                                "to another peer: a port takes one cable"));
}

TEST(Malformed, ACableGivenInBothDirectionsOrTwiceLoads)
{
    // Links are directed and may be parallel: A→B and B→A (and A→B again) are one cable.
    auto topology = minimal_topology();
    topology["network"]["link"].push_back(link("l0-back", "h2", "p0", "h1", "p0"));
    topology["network"]["link"].push_back(link("l0-again", "h1", "p0", "h2", "p0"));
    EXPECT_EQ(load(topology).links.size(), 3U);
}

// --- nesting --------------------------------------------------------------

TEST(Malformed, NestedTopologyIsValidToStartWith)
{
    EXPECT_NO_THROW((void)load(nested_topology()));
}

TEST(Malformed, ParentNamingAMissingNode)
{
    auto topology = nested_topology();
    topology["network"]["node"][1]["parent"] = "ghost";
    const auto errors = load_errors(topology);
    EXPECT_TRUE(has_error(errors, "/network/node/1/parent", "no node \"ghost\""));
    // nic still lists pf, whose parent is now someone else.
    EXPECT_TRUE(has_error(errors, "/network/node/0/children/0", "child \"pf\" names parent \"ghost\", not \"nic\""));
    EXPECT_EQ(errors.size(), 2U) << lines_of(errors);
}

TEST(Malformed, ParentThatDoesNotListTheChild)
{
    auto topology = nested_topology();
    topology["network"]["node"][0].erase("children");
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/1/parent",
                                "parent \"nic\" does not list \"pf\" in its children"));
}

TEST(Malformed, ChildListedThatNamesAnotherParent)
{
    auto topology = nested_topology();
    json other = node("other");
    other["children"] = json::array({"pf"});
    topology["network"]["node"].push_back(other);
    topology["network"]["node"][1]["parent"] = "other";
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/children/0",
                                "child \"pf\" names parent \"other\", not \"nic\""));
}

TEST(Malformed, ChildListedThatNamesNoParent)
{
    auto topology = nested_topology();
    topology["network"]["node"][1].erase("parent");
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/children/0",
                                "child \"pf\" names no parent, not \"nic\""));
}

TEST(Malformed, ChildThatIsNoNode)
{
    auto topology = nested_topology();
    topology["network"]["node"][0]["children"].push_back("vf9");
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/children/1", "no node \"vf9\""));
}

TEST(Malformed, ChildrenListedTwice)
{
    auto topology = nested_topology();
    topology["network"]["node"][0]["children"].push_back("pf");
    EXPECT_TRUE(
        is_single_error(load_errors(topology), "/network/node/0/children/1", "child \"pf\" is listed twice"));
}

TEST(Malformed, NestingCycle)
{
    json a = host("a", "eth1");
    json b = host("b", "eth2");
    a["parent"] = "b";
    a["children"] = json::array({"b"});
    b["parent"] = "a";
    b["children"] = json::array({"a"});
    const auto errors = load_errors(document(json::array({a, b})));
    EXPECT_EQ(errors.size(), 2U) << lines_of(errors);
    EXPECT_TRUE(has_error(errors, "/network/node/0/parent", "nesting cycle: a -> b -> a"));
    EXPECT_TRUE(has_error(errors, "/network/node/1/parent", "nesting cycle: b -> a -> b"));
}

TEST(Malformed, NodeThatIsItsOwnParent)
{
    json a = host("a", "eth1");
    a["parent"] = "a";
    a["children"] = json::array({"a"});
    EXPECT_TRUE(
        is_single_error(load_errors(document(json::array({a}))), "/network/node/0/parent", "nesting cycle: a -> a"));
}

TEST(Malformed, ChildrenNotAnArrayOfStrings)
{
    auto topology = nested_topology();
    topology["network"]["node"][0]["children"] = "pf";
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/children",
                                "expected an array, found a string (\"pf\")"));

    topology["network"]["node"][0]["children"] = json::array({"pf", 2});
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/children/1",
                                "expected a string, found a number (2)"));
}

TEST(Malformed, ParentNotAString)
{
    auto topology = nested_topology();
    topology["network"]["node"][1]["parent"] = json::array({"nic"});
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/1/parent", "expected a string, found an array"));
}

// --- explicit pairing -----------------------------------------------------

TEST(Malformed, PairWithMissingNode)
{
    auto topology = three_hosts();
    tp0(topology, 0)["attr"]["pair-with"] = {{"node", "ghost"}, {"tp", "p0"}};
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/termination-point/0/attr/pair-with/node",
                                "no node \"ghost\""));
}

TEST(Malformed, PairWithMissingTerminationPoint)
{
    auto topology = three_hosts();
    tp0(topology, 0)["attr"]["pair-with"] = {{"node", "h2"}, {"tp", "p7"}};
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/termination-point/0/attr/pair-with/tp",
                                "no termination point \"p7\" on node \"h2\""));
}

TEST(Malformed, PairWithItself)
{
    auto topology = three_hosts();
    tp0(topology, 1)["attr"]["pair-with"] = {{"node", "h2"}, {"tp", "p0"}};
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/1/termination-point/0/attr/pair-with",
                                "a termination point cannot pair with itself"));
}

TEST(Malformed, PairWithNotReciprocated)
{
    auto topology = three_hosts();
    tp0(topology, 0)["attr"]["pair-with"] = {{"node", "h2"}, {"tp", "p0"}};
    tp0(topology, 1)["attr"]["pair-with"] = {{"node", "h3"}, {"tp", "p0"}};
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/termination-point/0/attr/pair-with",
                                "pairs with \"h2/p0\", which pairs with \"h3/p0\" instead"));
}

TEST(Malformed, PairWithMissingMembersOrUnknownOnes)
{
    auto topology = three_hosts();
    tp0(topology, 0)["attr"]["pair-with"] = {{"node", "h2"}, {"port", "p0"}};
    const auto errors = load_errors(topology);
    EXPECT_EQ(errors.size(), 2U) << lines_of(errors);
    EXPECT_TRUE(
        has_error(errors, "/network/node/0/termination-point/0/attr/pair-with/tp", "required member is missing"));
    EXPECT_TRUE(has_error(errors, "/network/node/0/termination-point/0/attr/pair-with/port",
                          "unknown member \"port\" (expected one of: node, tp)"));
}

TEST(Malformed, PairWithAsAString)
{
    auto topology = three_hosts();
    tp0(topology, 0)["attr"]["pair-with"] = "h2/p0";
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/termination-point/0/attr/pair-with",
                                "expected an object, found a string (\"h2/p0\")"));
}

// --- references -----------------------------------------------------------

TEST(Malformed, UnknownReference)
{
    auto topology = minimal_topology();
    topology["network"]["node"][0]["$ref"] = "ghost";
    EXPECT_TRUE(is_single_error(load_errors(topology), "/network/node/0/$ref", "no reference \"ghost\" in /reference"));
}

TEST(Malformed, ReferenceCycle)
{
    auto topology = minimal_topology();
    topology["reference"] = {{"a", {{"$ref", "b"}}}, {"b", {{"$ref", "a"}}}};
    topology["network"]["node"][0]["$ref"] = "a";
    EXPECT_TRUE(is_single_error(load_errors(topology), "/reference/b/$ref", "reference cycle: a -> b -> a"));
}

TEST(Malformed, ReferenceToANonObject)
{
    auto topology = minimal_topology();
    topology["reference"] = {{"port", "eth0"}};
    topology["network"]["node"][0]["$ref"] = "port";
    const auto errors = load_errors(topology);
    EXPECT_EQ(errors.size(), 2U) << lines_of(errors);
    EXPECT_TRUE(has_error(errors, "/network/node/0/$ref",
                          "reference \"port\" is a string (\"eth0\"), only objects can be pulled in"));
    // Even unused, a reference that is not a dictionary is wrong.
    EXPECT_TRUE(has_error(errors, "/reference/port", "expected an object, found a string (\"eth0\")"));
}

TEST(Malformed, ReferenceSectionNotAnObject)
{
    auto topology = minimal_topology();
    topology["reference"] = json::array({json::object()});
    EXPECT_TRUE(is_single_error(load_errors(topology), "/reference", "expected an object, found an array"));
}

TEST(Malformed, ReferencePullingInAnUnknownMember)
{
    auto topology = minimal_topology();
    topology["reference"] = {{"typo", {{"termination-points", json::array()}}}};
    topology["network"]["node"][0]["$ref"] = "typo";
    EXPECT_TRUE(has_error(load_errors(topology), "/network/node/0/termination-points",
                          "unknown member \"termination-points\""));
}

// --- all problems in one pass --------------------------------------------

TEST(Malformed, EveryProblemOfAFileIsReportedAtOnce)
{
    auto topology = minimal_topology();
    topology["metadata"] = 1;                                          // 1
    topology["network"]["network-id"] = json::array();                 // 2
    topology["network"]["node"][0]["node-id"] = "";                    // 3
    tp0(topology, 0)["attr"]["kernel"]["ifname"] = "much-too-long-name"; // 4
    tp0(topology, 1)["attr"]["vlan"] = 0;                              // 5
    tp0(topology, 1)["attr"]["dpdk"] = json::object();                 // 6
    topology["network"]["link"][0]["source"].erase("source-tp");       // 7
    topology["network"]["link"].push_back(42);                         // 8
    topology["network"]["node"][1]["$ref"] = "ghost";                  // 9
    topology["network"]["node"][1]["termination-points"] = json::array(); // 10
    const auto errors = load_errors(topology);
    EXPECT_EQ(errors.size(), 10U) << lines_of(errors);
    EXPECT_TRUE(has_error(errors, "/metadata", "expected an object"));
    EXPECT_TRUE(has_error(errors, "/network/network-id", "expected a string"));
    EXPECT_TRUE(has_error(errors, "/network/node/0/node-id", "must not be empty"));
    EXPECT_TRUE(has_error(errors, "/network/node/0/termination-point/0/attr/kernel/ifname", "1 to 15 characters"));
    EXPECT_TRUE(has_error(errors, "/network/node/1/termination-point/0/attr/vlan", "VLAN id must be 1..4094"));
    EXPECT_TRUE(has_error(errors, "/network/node/1/termination-point/0/attr/dpdk", "give exactly one of"));
    EXPECT_TRUE(has_error(errors, "/network/link/0/source/source-tp", "required member is missing"));
    EXPECT_TRUE(has_error(errors, "/network/link/1", "expected an object, found a number (42)"));
    EXPECT_TRUE(has_error(errors, "/network/node/1/$ref", "no reference \"ghost\""));
    EXPECT_TRUE(has_error(errors, "/network/node/1/termination-points", "unknown member"));
}

TEST(Malformed, EveryCrossReferenceProblemIsReportedAtOnce)
{
    auto topology = three_hosts();
    topology["network"]["node"].push_back(host("h1", "eth4"));                     // duplicate node-id
    tp0(topology, 2)["attr"]["kernel"]["ifname"] = "eth1";                         // duplicate interface
    tp0(topology, 1)["attr"]["pair-with"] = {{"node", "h2"}, {"tp", "p0"}};        // itself
    topology["network"]["link"] = json::array({link("l0", "h1", "p0", "h9", "p0"), // no node h9
                                               link("l1", "h3", "p0", "h3", "p1")}); // no tp p1
    const auto errors = load_errors(topology);
    EXPECT_EQ(errors.size(), 5U) << lines_of(errors);
    EXPECT_TRUE(has_error(errors, "/network/node/3/node-id", "duplicate node-id \"h1\""));
    EXPECT_TRUE(has_error(errors, "/network/node/2/termination-point/0/attr/kernel/ifname",
                          "duplicate kernel interface \"eth1\""));
    EXPECT_TRUE(has_error(errors, "/network/node/1/termination-point/0/attr/pair-with", "cannot pair with itself"));
    EXPECT_TRUE(has_error(errors, "/network/link/0/destination/destination-node", "no node \"h9\""));
    EXPECT_TRUE(has_error(errors, "/network/link/1/destination/destination-tp", "no termination point \"p1\""));
}

TEST(Malformed, StructuralAndCrossReferenceProblemsAreReportedInOnePass)
{
    // Before, the cross-references were checked only once the structure was
    // right: a user fixed the first list and then met a second.
    auto topology = three_hosts();
    topology["metadata"] = 1;                                                      // structure
    tp0(topology, 0)["attr"]["vlan"] = 0;                                          // structure
    topology["network"]["node"][2]["parent"] = 7;                                  // structure
    topology["network"]["node"].push_back(host("h1", "eth4"));                     // duplicate node-id
    tp0(topology, 1)["attr"]["kernel"]["ifname"] = "eth1";                         // duplicate interface
    topology["network"]["link"] = json::array({link("l0", "h1", "p0", "h9", "p0"), // no node h9
                                               link("l1", "h2", "p0", "h3", "p0")});
    topology["network"]["link"][1]["destination"].erase("destination-tp"); // structure, not named again
    const auto errors = load_errors(topology);
    EXPECT_EQ(errors.size(), 7U) << lines_of(errors);
    EXPECT_TRUE(has_error(errors, "/metadata", "expected an object"));
    EXPECT_TRUE(has_error(errors, "/network/node/0/termination-point/0/attr/vlan", "VLAN id must be 1..4094"));
    EXPECT_TRUE(has_error(errors, "/network/node/2/parent", "expected a string"));
    EXPECT_TRUE(has_error(errors, "/network/link/1/destination/destination-tp", "required member is missing"));
    EXPECT_TRUE(has_error(errors, "/network/node/3/node-id", "duplicate node-id \"h1\""));
    EXPECT_TRUE(has_error(errors, "/network/node/1/termination-point/0/attr/kernel/ifname",
                          "duplicate kernel interface \"eth1\""));
    EXPECT_TRUE(has_error(errors, "/network/link/0/destination/destination-node", "no node \"h9\""));
}

TEST(Malformed, AMissingOrEmptyIdIsNamedOnceNotAgainAsACrossReference)
{
    auto topology = three_hosts();
    topology["network"]["node"][0]["node-id"] = "";
    topology["network"]["node"][1].erase("node-id");
    tp0(topology, 2).erase("tp-id");
    tp0(topology, 2)["attr"]["kernel"]["ifname"] = "";
    const auto errors = load_errors(topology);
    EXPECT_EQ(errors.size(), 4U) << lines_of(errors);
    EXPECT_TRUE(has_error(errors, "/network/node/0/node-id", "must not be empty"));
    EXPECT_TRUE(has_error(errors, "/network/node/1/node-id", "required member is missing"));
    EXPECT_TRUE(has_error(errors, "/network/node/2/termination-point/0/tp-id", "required member is missing"));
    EXPECT_TRUE(has_error(errors, "/network/node/2/termination-point/0/attr/kernel/ifname", "1 to 15 characters"));
}

TEST(Malformed, TheMessageTextNamesFilePointerAndProblem)
{
    auto topology = minimal_topology();
    topology["network"]["node"][0]["node-id"] = "";
    try {
        (void)load(topology);
        FAIL() << "loaded";
    } catch (const InputError& error) {
        EXPECT_STREQ(error.what(), "t.json: /network/node/0/node-id: must not be empty");
    }
}

} // namespace
} // namespace hammer::topology
