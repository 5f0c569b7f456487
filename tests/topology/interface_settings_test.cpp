#include "src/topology/interface_settings.hpp"
#include "src/topology/loader.hpp"

#include "tests/topology/topology_builder.hpp"

#include <gtest/gtest.h>

namespace hammer::topology {
namespace {

using namespace test_support;

/// Reads `settings` as a start-up object at /s; problems land in `errors`.
InterfaceSettings read(const json& settings, std::vector<Diagnostic>* errors = nullptr)
{
    Diagnostics diagnostics{"t.json"};
    auto read = read_interface_settings(settings, "/s", diagnostics);
    if (errors != nullptr) {
        try {
            diagnostics.throw_if_any();
        } catch (const InputError& error) {
            *errors = error.diagnostics();
        }
    } else {
        EXPECT_NO_THROW(diagnostics.throw_if_any());
    }
    return read;
}

TEST(InterfaceSettings, ReadsEveryMemberInTheModelsNames)
{
    const auto settings = read(json::parse(R"({
        "addresses": ["192.0.2.1/24", "2001:DB8:0::1/64"], "mtu": 9000, "admin-up": true,
        "promiscuous": false, "all-multicast": true,
        "vlans": [{"id": 100, "addresses": ["198.51.100.1/24"]}, {"id": 200, "ifname": "v200"}],
        "multicast-groups": ["239.1.1.1", "ff0e::1"], "features": {"rx-gro": false, "tx-checksumming": true},
        "sriov-numvfs": 4, "vpp-startup": {"main-core": 1}})"));
    ASSERT_EQ(settings.addresses.size(), 2U);
    EXPECT_EQ(settings.addresses[0].to_string(), "192.0.2.1/24");
    EXPECT_EQ(settings.addresses[1].to_string(), "2001:db8::1/64") << "written the way the kernel reports it";
    EXPECT_TRUE(settings.addresses[1].address.ipv6);
    EXPECT_EQ(settings.mtu, 9000U);
    EXPECT_EQ(settings.admin_up, true);
    EXPECT_EQ(settings.promiscuous, false);
    EXPECT_EQ(settings.all_multicast, true);
    ASSERT_EQ(settings.vlans.size(), 2U);
    EXPECT_EQ(settings.vlans[0].id, 100U);
    EXPECT_EQ(settings.vlans[0].addresses.at(0).to_string(), "198.51.100.1/24");
    EXPECT_EQ(settings.vlans[1].ifname, "v200");
    ASSERT_EQ(settings.multicast_groups.size(), 2U);
    EXPECT_TRUE(settings.multicast_groups[1].ipv6);
    EXPECT_EQ(settings.features.at("rx-gro"), false);
    EXPECT_EQ(settings.sriov_numvfs, 4U);
    EXPECT_EQ(settings.ignored, std::vector<std::string>{"/s/vpp-startup"}) << "kept and noted, not refused";
    EXPECT_FALSE(settings.empty());
    EXPECT_EQ(settings.to_json().at("vlans").at(0).at("id"), 100);
    EXPECT_FALSE(settings.to_json().contains("vpp-startup"));
}

TEST(InterfaceSettings, OnlyAnotherToolsMembersIsEmpty)
{
    const auto settings = read(json{{"vpp-startup", json::object()}});
    EXPECT_TRUE(settings.empty());
    EXPECT_EQ(settings.ignored.size(), 1U);
}

TEST(InterfaceSettings, BadValuesAreErrorsAtTheirPointers)
{
    std::vector<Diagnostic> errors;
    (void)read(json::parse(R"({
        "addresses": ["192.0.2.1", "192.0.2.1/33", "2001:db8::1/129", "not-an-address/8", "239.1.1.1/32",
                      "192.0.2.9/24", "192.0.2.9/24", 5],
        "mtu": 67, "admin-up": "yes",
        "vlans": [{"id": 0}, {"id": 4095}, {"id": 7}, {"id": 7, "colour": "red"}, {"ifname": "x"}],
        "multicast-groups": ["192.0.2.1", "ff0e::1", "ff0e::1"],
        "features": {"": true, "rx-gro": "off"},
        "sriov-numvfs": -1})"),
               &errors);
    EXPECT_TRUE(has_error(errors, "/s/addresses/0", "needs a prefix length"));
    EXPECT_TRUE(has_error(errors, "/s/addresses/1", "no prefix length 0..32"));
    EXPECT_TRUE(has_error(errors, "/s/addresses/2", "no prefix length 0..128"));
    EXPECT_TRUE(has_error(errors, "/s/addresses/3", "is not an IPv4 or IPv6 address"));
    EXPECT_TRUE(has_error(errors, "/s/addresses/4", "multicast-groups"));
    EXPECT_TRUE(has_error(errors, "/s/addresses/6", "listed twice"));
    EXPECT_TRUE(has_error(errors, "/s/addresses/7", "expected a string"));
    EXPECT_TRUE(has_error(errors, "/s/mtu", "68..65535"));
    EXPECT_TRUE(has_error(errors, "/s/admin-up", "expected a boolean"));
    EXPECT_TRUE(has_error(errors, "/s/vlans/0/id", "1..4094"));
    EXPECT_TRUE(has_error(errors, "/s/vlans/1/id", "1..4094"));
    EXPECT_TRUE(has_error(errors, "/s/vlans/3/id", "VLAN 7 is listed twice"));
    EXPECT_TRUE(has_error(errors, "/s/vlans/3/colour", "unknown member"));
    EXPECT_TRUE(has_error(errors, "/s/vlans/4/id", "missing"));
    EXPECT_TRUE(has_error(errors, "/s/multicast-groups/0", "is not a multicast group"));
    EXPECT_TRUE(has_error(errors, "/s/multicast-groups/2", "listed twice"));
    EXPECT_TRUE(has_error(errors, "/s/features/", "needs a name"));
    EXPECT_TRUE(has_error(errors, "/s/features/rx-gro", "expected a boolean"));
    EXPECT_TRUE(has_error(errors, "/s/sriov-numvfs", "0..65535"));
}

TEST(InterfaceSettings, SubnetsCompareOnTheShorterPrefix)
{
    std::string why;
    const auto a = *parse_ip_prefix("192.0.2.1/30", why);
    const auto b = *parse_ip_prefix("192.0.2.2/30", why);
    const auto c = *parse_ip_prefix("192.0.2.5/30", why);
    const auto v6 = *parse_ip_prefix("2001:db8::2/64", why);
    EXPECT_TRUE(same_subnet(a, b));
    EXPECT_FALSE(same_subnet(a, c));
    EXPECT_TRUE(same_subnet(a, *parse_ip_prefix("192.0.2.200/24", why)));
    EXPECT_FALSE(same_subnet(a, v6)) << "different families";
    EXPECT_TRUE(same_subnet(v6, *parse_ip_prefix("2001:db8::ffff/64", why)));
    EXPECT_TRUE(is_multicast(*parse_ip_address("224.0.0.1", why)));
    EXPECT_FALSE(is_multicast(*parse_ip_address("223.255.255.255", why)));
    EXPECT_TRUE(is_multicast(*parse_ip_address("ff02::1", why)));
}

TEST(InterfaceSettings, ATerminationPointsMembersGoOverItsNodes)
{
    const auto node_level = read(json::parse(R"({"mtu": 9000, "admin-up": true, "features": {"rx-gro": false}})"));
    const auto tp_level =
        read(json::parse(R"({"mtu": 1500, "addresses": ["192.0.2.1/24"], "features": {"tx-checksumming": false}})"));
    const auto merged = merge(node_level, tp_level);
    EXPECT_EQ(merged.mtu, 1500U);
    EXPECT_EQ(merged.admin_up, true);
    EXPECT_EQ(merged.addresses.size(), 1U);
    EXPECT_EQ(merged.features.size(), 2U);
}

TEST(InterfaceSettings, VlansAreNamedAfterTheirParentWithinFifteenCharacters)
{
    Diagnostics diagnostics{"t.json"};
    auto settings = read(json::parse(R"({"vlans": [{"id": 100}, {"id": 200, "ifname": "mine"}]})"));
    name_vlans(settings, "hm0a", "/s", diagnostics);
    EXPECT_EQ(settings.vlans[0].ifname, "hm0a.100");
    EXPECT_EQ(settings.vlans[1].ifname, "mine");
    EXPECT_TRUE(diagnostics.empty());
    name_vlans(settings = read(json::parse(R"({"vlans": [{"id": 4000}]})")), "enp175s0f1np1", "/s", diagnostics);
    EXPECT_FALSE(diagnostics.empty()) << "enp175s0f1np1.4000 has 18 characters";
}

TEST(InterfaceSettings, TheLoaderMergesAndChecksThemPerTerminationPoint)
{
    json topology = document(json::array({host("h1", "eth1"), host("h2", "eth2")}),
                             json::array({link("l0", "h1", "p0", "h2", "p0")}));
    topology["network"]["node"][0]["configuration"] = {{"start-up", {{"mtu", 9000}, {"vpp-startup", 1}}}};
    topology["network"]["node"][0]["termination-point"][0]["configuration"] = {
        {"start-up", {{"addresses", {"192.0.2.1/24"}}, {"vlans", {{{"id", 10}}}}}},
        {"run-time", {{{"mtu", 1500}}, {{"mtu", 4000}}}}};
    const auto model = load(topology);
    const auto& tp = model.nodes[0].termination_points[0];
    EXPECT_EQ(tp.start_up.mtu, 9000U) << "from the node";
    EXPECT_EQ(tp.start_up.addresses.at(0).to_string(), "192.0.2.1/24");
    EXPECT_EQ(tp.start_up.vlans.at(0).ifname, "eth1.10");
    EXPECT_EQ(tp.start_up.ignored, std::vector<std::string>{"/network/node/0/configuration/start-up/vpp-startup"});
    ASSERT_EQ(tp.run_time.size(), 2U);
    EXPECT_EQ(tp.run_time[1].mtu, 4000U);
    EXPECT_TRUE(model.nodes[1].termination_points[0].start_up.empty());
    // The document keeps the configuration as written, for the result.
    EXPECT_EQ(model.document["network"]["node"][0]["configuration"]["start-up"]["vpp-startup"], 1);
}

TEST(InterfaceSettings, NodeLevelAddressesNeedASingleTerminationPoint)
{
    json two_ports = node("h1", json::array({kernel_tp("p0", "eth0"), kernel_tp("p1", "eth1")}));
    two_ports["configuration"] = {{"start-up", {{"addresses", {"192.0.2.1/24"}}}}};
    EXPECT_TRUE(is_single_error(load_errors(document(json::array({two_ports}))),
                                "/network/node/0/configuration/start-up", "several termination points"));
}

TEST(InterfaceSettings, VlansNeedAKernelInterface)
{
    json dpdk_only = node("d", json::array({devargs_tp("p0", "net_null0")}));
    dpdk_only["termination-point"][0]["configuration"] = {{"start-up", {{"vlans", {{{"id", 5}}}}}}};
    EXPECT_TRUE(has_error(load_errors(document(json::array({dpdk_only}))),
                          "/network/node/0/termination-point/0/configuration/start-up", "no attr.kernel"));
}

TEST(InterfaceSettings, AVfsSettingsAreReadAndItsMacMustBeUnicast)
{
    const auto settings =
        read(json::parse(R"({"vf": {"mac": "02:AB:00:00:00:01", "vlan": 0, "trust": true, "spoof-check": false}})"));
    ASSERT_TRUE(settings.vf.has_value());
    EXPECT_EQ(settings.vf->mac, "02:ab:00:00:00:01");
    EXPECT_EQ(settings.vf->vlan, 0U);
    EXPECT_EQ(settings.vf->trust, true);
    EXPECT_EQ(settings.vf->spoof_check, false);
    EXPECT_EQ(settings.to_json().at("vf").at("spoof-check"), false);
    EXPECT_FALSE(settings.empty());

    std::vector<Diagnostic> errors;
    (void)read(json::parse(R"({"vf": {"mac": "01:00:5e:00:00:01", "vlan": 4096, "trust": "on", "qos": 1}})"), &errors);
    EXPECT_TRUE(has_error(errors, "/s/vf/mac", "not a unicast address"));
    EXPECT_TRUE(has_error(errors, "/s/vf/vlan", "0..4095"));
    EXPECT_TRUE(has_error(errors, "/s/vf/trust", "expected a boolean"));
    EXPECT_TRUE(has_error(errors, "/s/vf/qos", "unknown member"));
    errors.clear();
    (void)read(json::parse(R"({"vf": {"mac": "02:00:00:00:00"}})"), &errors);
    EXPECT_TRUE(has_error(errors, "/s/vf/mac", "not a MAC address"));
}

TEST(InterfaceSettings, AVfIsSetThroughItsParentsKernelInterface)
{
    json pf = node("pf0", json::array({kernel_tp("port", "enp1s0f0")}));
    pf["children"] = {"vf0", "vf1"};
    pf["attr"] = {{"pairing", "children"}};
    json vf0 = node("vf0", json::array({kernel_tp("port", "enp1s0f0v0")}));
    json vf1 = node("vf1", json::array({kernel_tp("port", "enp1s0f0v1")}));
    vf0["parent"] = "pf0";
    vf1["parent"] = "pf0";
    vf0["termination-point"][0]["configuration"] = {{"start-up", {{"vf", {{"trust", true}}}}}};
    const auto model = load(document(json::array({pf, vf0, vf1})));
    const auto& tp = model.nodes[1].termination_points[0];
    ASSERT_TRUE(tp.pf.has_value());
    EXPECT_EQ(tp.pf->ifname, "enp1s0f0");
    EXPECT_EQ(model.nodes[2].termination_points[0].pf->ifname, "enp1s0f0") << "every VF knows its PF";
    EXPECT_FALSE(model.nodes[0].termination_points[0].pf.has_value()) << "the PF has no parent";

    json orphan = node("lonely", json::array({kernel_tp("port", "eth9")}));
    orphan["termination-point"][0]["configuration"] = {{"start-up", {{"vf", {{"trust", true}}}}}};
    EXPECT_TRUE(has_error(load_errors(document(json::array({orphan, host("h", "eth8")}), json::array({link("l", "lonely", "port", "h", "p0")}))),
                          "/network/node/0/termination-point/0", "needs a parent node"));
}

} // namespace
} // namespace hammer::topology
