#include "src/topology/loader.hpp"
#include "src/topology/pairing.hpp"

#include "tests/topology/topology_builder.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace hammer::topology {
namespace {

using namespace test_support;

const std::filesystem::path examples_dir{HAMMER_SOURCE_ROOT "/topologies"};

Model load_example(const std::string& name)
{
    return load_topology(examples_dir / name);
}

std::vector<std::filesystem::path> example_files()
{
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator{examples_dir}) {
        if (entry.is_regular_file() && entry.path().extension() == ".json") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

TEST(Examples, EveryExampleLoadsAndGivesAPair)
{
    const auto files = example_files();
    EXPECT_GE(files.size(), 4U) << "examples are missing from " << examples_dir;
    for (const auto& file : files) {
        SCOPED_TRACE(file.string());
        try {
            const Model model = load_topology(file);
            const Pairing pairing = derive_pairs(model, 1);
            EXPECT_GE(pairing.pairs.size(), 1U);
            EXPECT_TRUE(pairing.unpaired.empty()) << pairing.unpaired.front().endpoint.name() << ": "
                                                  << pairing.unpaired.front().reason;
        } catch (const InputError& error) {
            ADD_FAILURE() << error.what();
        }
    }
}

TEST(Examples, Veth2PairGivesTwoLinkPairsInTheDemoNamespace)
{
    const Pairing pairing = derive_pairs(load_example("veth-2pair.json"), 1);
    ASSERT_EQ(pairing.pairs.size(), 2U);
    EXPECT_EQ(pair_names(pairing), (std::vector<std::string>{"side-a/p0 side-b/p0", "side-a/p1 side-b/p1"}));

    const struct {
        const char* a_ifname;
        const char* b_ifname;
        const char* a_device;
        const char* b_device;
        const char* via;
    } expected[] = {{"hm0a", "hm0b", "net_af_packet0", "net_af_packet1", "veth0"},
                    {"hm1a", "hm1b", "net_af_packet2", "net_af_packet3", "veth1"}};
    for (std::size_t i = 0; i < 2; ++i) {
        SCOPED_TRACE(i);
        const Pair& pair = pairing.pairs[i];
        EXPECT_EQ(pair.origin, PairOrigin::link);
        EXPECT_EQ(pair.via, expected[i].via);
        ASSERT_TRUE(pair.a.tp.kernel && pair.b.tp.kernel);
        EXPECT_EQ(pair.a.tp.kernel->ifname, expected[i].a_ifname);
        EXPECT_EQ(pair.b.tp.kernel->ifname, expected[i].b_ifname);
        EXPECT_EQ(pair.a.tp.kernel->netns, "hammer-demo");
        EXPECT_EQ(pair.b.tp.kernel->netns, "hammer-demo");
        ASSERT_TRUE(pair.a.tp.dpdk && pair.b.tp.dpdk);
        EXPECT_EQ(pair.a.tp.dpdk->device_name(), expected[i].a_device);
        EXPECT_EQ(pair.b.tp.dpdk->device_name(), expected[i].b_device);
        EXPECT_EQ(pair.a.tp.dpdk->devargs, std::string{expected[i].a_device} + ",iface=" + expected[i].a_ifname +
                                               ",blocksz=20480,framesz=10240,framecnt=512");
        const std::string b_prefix = std::string{expected[i].b_device} + ",iface=" + expected[i].b_ifname + ",";
        EXPECT_EQ(pair.b.tp.dpdk->devargs.rfind(b_prefix, 0), 0U) << pair.b.tp.dpdk->devargs;
        EXPECT_TRUE(pair.a.tp.dpdk->ring.empty());
    }
}

TEST(Examples, Veth2PairNodesGetTheirTypeFromTheReference)
{
    const Model model = load_example("veth-2pair.json");
    EXPECT_EQ(model.network_id, "veth-2pair");
    EXPECT_EQ(model.find_node("side-a")->type, "veth-end");
    EXPECT_EQ(model.document.at("network").at("attr").at("purpose"), "demo and CI");
}

TEST(Examples, RingLoopGivesTwoRingPairs)
{
    const Pairing pairing = derive_pairs(load_example("ring-loop.json"), 1);
    ASSERT_EQ(pairing.pairs.size(), 2U);
    EXPECT_EQ(pair_names(pairing), (std::vector<std::string>{"dpdk/r0a dpdk/r0b", "dpdk/r1a dpdk/r1b"}));
    const std::pair<const char*, const char*> rings[] = {{"ring0a", "ring0b"}, {"ring1a", "ring1b"}};
    for (std::size_t i = 0; i < 2; ++i) {
        const Pair& pair = pairing.pairs[i];
        EXPECT_EQ(pair.origin, PairOrigin::link);
        ASSERT_TRUE(pair.a.tp.dpdk && pair.b.tp.dpdk);
        EXPECT_EQ(pair.a.tp.dpdk->ring, rings[i].first);
        EXPECT_EQ(pair.b.tp.dpdk->ring, rings[i].second);
        EXPECT_FALSE(pair.a.tp.kernel.has_value());
        EXPECT_FALSE(pair.b.tp.kernel.has_value());
    }
}

TEST(Examples, PfVfNestedGivesALinkAPairWithAndAChildrenPair)
{
    const Model model = load_example("pf-vf-nested.json");
    const Pairing pairing = derive_pairs(model, 1);
    ASSERT_EQ(pairing.pairs.size(), 3U);
    EXPECT_EQ(pair_names(pairing), (std::vector<std::string>{"nic0-pf0/port nic0-pf1/port",
                                                             "nic0-pf1-vf0/port nic0-pf1-vf1/port",
                                                             "nic0-pf0-vf0/port nic0-pf0-vf1/port"}));
    EXPECT_EQ(pairing.pairs[0].origin, PairOrigin::link);
    EXPECT_EQ(pairing.pairs[0].via, "pf-loopback-cable");
    EXPECT_EQ(pairing.pairs[1].origin, PairOrigin::explicit_);
    EXPECT_EQ(pairing.pairs[2].origin, PairOrigin::children);
    EXPECT_EQ(pairing.pairs[2].via, "nic0-pf0");
    EXPECT_TRUE(pairing.unpaired.empty());

    // The PF and VF dictionaries were pulled in and merged with each node's own attr.
    const Node* pf0 = model.find_node("nic0-pf0");
    EXPECT_EQ(pf0->type, "pf");
    EXPECT_TRUE(pf0->pair_children);
    EXPECT_EQ(model.find_node("nic0-pf1-vf0")->type, "vf");
    EXPECT_EQ(model.find_node("nic0-pf0-vf1")->parent, "nic0-pf0");
    EXPECT_EQ(model.document.at("network").at("node").at(1).at("attr").at("sriov_numvfs"), 2);
    // Each VF's settings go through its PF.
    const auto& vf = model.find_node("nic0-pf0-vf1")->termination_points.at(0);
    EXPECT_EQ(vf.pf->ifname, "enp59s0f0");
    EXPECT_EQ(vf.start_up.vf->spoof_check, false);
}

TEST(Examples, Switch4PortGivesTwoSwitchPairsCoveringAllHostPorts)
{
    const Model model = load_example("switch-4port.json");
    for (const std::uint64_t seed : {0ULL, 1ULL, 2ULL, 3ULL, 1234567ULL}) {
        SCOPED_TRACE(seed);
        const Pairing pairing = derive_pairs(model, seed);
        ASSERT_EQ(pairing.pairs.size(), 2U);
        std::set<std::string> ports;
        for (const auto& pair : pairing.pairs) {
            EXPECT_EQ(pair.origin, PairOrigin::switch_port);
            EXPECT_EQ(pair.via, "sw0");
            ports.insert(pair.a.name());
            ports.insert(pair.b.name());
            EXPECT_EQ(pair.a.tp.kernel->netns, "hammer-switch");
        }
        EXPECT_EQ(ports, (std::set<std::string>{"host1/eth1", "host1/eth2", "host2/eth1", "host2/eth2"}));
        EXPECT_TRUE(pairing.unpaired.empty());
    }
}

} // namespace
} // namespace hammer::topology
