// configuration.start-up through the kernel backend on a veth pair between
// two namespaces (two hosts): applied and read back, the ends reach each
// other, and the restore leaves nothing behind.
#include "tests/kernel_ops/operation_fixture.hpp"

#include "kernel_ops/netlink.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace hammer::kernel_ops {
namespace {

using operations::Outcome;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

/// hm1a stays in the test's namespace, hm1b moves to a second one: two hosts
/// that reach each other only through the veth. IPv6 is on for both ends.
class StartUpTest : public testing::OperationTest {
protected:
    void SetUp() override
    {
        OperationTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) {
            return;
        }
        peer_netns_ = netns_ + "-b";
        testing::run_shell("ip netns del " + peer_netns_ + " 2>/dev/null");
        ASSERT_EQ(testing::run_shell("ip netns add " + peer_netns_), 0);
        ip("link set dev hm1b netns " + peer_netns_);
        ASSERT_EQ(testing::run_shell("ip -n " + peer_netns_ + " link set dev hm1b up"), 0);
        ASSERT_EQ(testing::run_shell("ip netns exec " + netns_ + " sysctl -q -w net.ipv6.conf.hm1a.disable_ipv6=0"), 0);
        a_ = pair_of("hm1a", "hm1a").a;
        b_ = pair_of("hm1b", "hm1b").a;
        b_.node_id = "host-b";
        b_.tp.kernel->netns = peer_netns_;
    }

    void TearDown() override
    {
        if (!peer_netns_.empty()) {
            testing::run_shell("ip netns del " + peer_netns_);
        }
        OperationTest::TearDown();
    }

    static topology::InterfaceSettings settings_of(const nlohmann::json& json)
    {
        Diagnostics diagnostics{"t.json"};
        auto settings = topology::read_interface_settings(json, "", diagnostics);
        diagnostics.throw_if_any();
        return settings;
    }

    static std::vector<std::string> addresses_of(Netlink& netlink, const std::string& ifname)
    {
        std::vector<std::string> texts;
        const auto addresses = netlink.read_addresses(ifname).value();
        for (const auto& address : addresses) {
            if (!address.link_local) {
                texts.push_back(address.prefix());
            }
        }
        return texts;
    }

    /// The pair a_ and b_ make.
    [[nodiscard]] topology::Pair pair() const { return {"pair0", a_, b_, topology::PairOrigin::link, "l0"}; }

    std::unique_ptr<operations::EndpointBackend> backend_ = make_kernel_backend({});
    std::string peer_netns_;
    topology::Endpoint a_;
    topology::Endpoint b_;
};

TEST_F(StartUpTest, AppliesReachesAndLeavesNothingBehind)
{
    const auto snapshot_a = backend_->snapshot(a_);
    const auto snapshot_b = backend_->snapshot(b_);
    EXPECT_EQ(snapshot_a["addresses"], nlohmann::json::array());
    EXPECT_EQ(snapshot_a["all_multicast"], false);

    a_.tp.start_up = settings_of({{"addresses", {"192.0.2.1/30", "2001:db8::1/64"}},
                                  {"mtu", 9000},
                                  {"all-multicast", true},
                                  {"multicast-groups", {"239.1.1.1", "ff0e::1:1"}}});
    b_.tp.start_up = settings_of({{"addresses", {"192.0.2.2/30", "2001:db8::2/64"}},
                                  {"mtu", 9000},
                                  {"promiscuous", true}});
    const auto configured_a = backend_->configure(pair(), a_, a_.tp.start_up, *recorder_);
    const auto configured_b = backend_->configure(pair(), b_, b_.tp.start_up, *recorder_);
    ASSERT_EQ(configured_a.outcome, Outcome::pass) << configured_a.message;
    ASSERT_EQ(configured_b.outcome, Outcome::pass) << configured_b.message;

    // Read back by the test itself, not through what configure reported.
    auto netlink_a = Netlink::open(netns_).value();
    auto netlink_b = Netlink::open(peer_netns_).value();
    EXPECT_THAT(addresses_of(netlink_a, "hm1a"), Contains("192.0.2.1/30"));
    EXPECT_THAT(addresses_of(netlink_a, "hm1a"), Contains("2001:db8::1/64"));
    EXPECT_EQ(netlink_a.read_link("hm1a").value().mtu, 9000U);
    EXPECT_TRUE(netlink_a.read_link("hm1a").value().all_multicast);
    EXPECT_TRUE(netlink_b.read_link("hm1b").value().promiscuous);
    const auto groups = netlink_a.read_multicast_groups("hm1a").value();
    EXPECT_THAT(groups, Contains("239.1.1.1"));
    EXPECT_THAT(groups, Contains("ff0e::1:1"));

    // Every change is in command-history, as a human would type it.
    EXPECT_EQ(commands("ip -n " + netns_ + " address add 192.0.2.1/30 dev hm1a").size(), 1U);
    EXPECT_EQ(commands("ip -n " + netns_ + " address add 2001:db8::1/64 dev hm1a nodad").size(), 1U);
    EXPECT_EQ(commands("ip -n " + peer_netns_ + " link set dev hm1b promisc on").size(), 1U);

    for (const auto& [from, to, address, ipv6] :
         {std::tuple{&a_, &b_, "192.0.2.2", false}, std::tuple{&b_, &a_, "192.0.2.1", false},
          std::tuple{&a_, &b_, "2001:db8::2", true}}) {
        const operations::ReachPath path{from->tp.kernel->ifname, to->tp.kernel->ifname, {ipv6, address}, {}};
        const auto reached = backend_->reach(pair(), *from, *to, path, *recorder_);
        EXPECT_EQ(reached.outcome, Outcome::pass) << reached.message;
        EXPECT_THAT(reached.message, HasSubstr(ipv6 ? "neighbour discovery" : "by ARP"));
    }
    const auto peer_mac = netlink_b.read_link("hm1b").value().mac;
    EXPECT_EQ(netlink_a.read_neighbour("hm1a", "192.0.2.2", false).value(), peer_mac);

    // A link flap flushes the IPv6 address (keep_addr_on_down is 0); the
    // restore takes what start-up added either way.
    ASSERT_TRUE(netlink_a.set_admin("hm1a", false));
    ASSERT_TRUE(netlink_a.set_admin("hm1a", true));

    const auto restored_a = backend_->restore(a_, snapshot_a);
    const auto restored_b = backend_->restore(b_, snapshot_b);
    EXPECT_EQ(restored_a.outcome, Outcome::pass) << restored_a.message;
    EXPECT_EQ(restored_b.outcome, Outcome::pass) << restored_b.message;
    EXPECT_TRUE(addresses_of(netlink_a, "hm1a").empty());
    EXPECT_TRUE(addresses_of(netlink_b, "hm1b").empty());
    EXPECT_EQ(netlink_a.read_link("hm1a").value().mtu, 1500U);
    EXPECT_FALSE(netlink_a.read_link("hm1a").value().all_multicast);
    EXPECT_FALSE(netlink_b.read_link("hm1b").value().promiscuous);
    const auto left = netlink_a.read_multicast_groups("hm1a").value();
    EXPECT_THAT(left, Not(Contains("239.1.1.1")));
    EXPECT_THAT(left, Not(Contains("ff0e::1:1"))) << "memberships end with their sockets";
}

TEST_F(StartUpTest, AddressesFoundBeforeTheRunStayAndLostOnesComeBack)
{
    ip("address add 198.51.100.1/24 dev hm1a");
    ip("address add 2001:db8:1::1/64 dev hm1a nodad");
    const auto snapshot = backend_->snapshot(a_);
    ASSERT_EQ(snapshot["addresses"].size(), 2U) << snapshot.dump();

    a_.tp.start_up = settings_of({{"addresses", {"198.51.100.1/24", "192.0.2.1/30"}}});
    const auto configured = backend_->configure(pair(), a_, a_.tp.start_up, *recorder_);
    EXPECT_EQ(configured.outcome, Outcome::pass) << "an address already there counts as applied: "
                                                  << configured.message;
    ip("link set dev hm1a down"); // flushes the IPv6 address
    ip("link set dev hm1a up");

    const auto restored = backend_->restore(a_, snapshot);
    EXPECT_EQ(restored.outcome, Outcome::pass) << restored.message;
    auto netlink = Netlink::open(netns_).value();
    auto now = addresses_of(netlink, "hm1a");
    std::sort(now.begin(), now.end());
    EXPECT_EQ(now, (std::vector<std::string>{"198.51.100.1/24", "2001:db8:1::1/64"}));
}

TEST_F(StartUpTest, APeerThatDoesNotAnswerIsAnErrorNamingWhy)
{
    a_.tp.start_up = settings_of({{"addresses", {"192.0.2.1/30"}}});
    ASSERT_TRUE(backend_->configure(pair(), a_, a_.tp.start_up, *recorder_).passed());
    // hm1b has no address: nobody answers ARP for 192.0.2.2.
    const operations::ReachPath path{"hm1a", "hm1b", {false, "192.0.2.2"}, {false, "192.0.2.1"}};
    const auto reached = backend_->reach(pair(), a_, b_, path, *recorder_);
    EXPECT_EQ(reached.outcome, Outcome::error);
    EXPECT_THAT(reached.message, HasSubstr("ETIMEDOUT"));
    EXPECT_EQ(commands("ip netns exec " + netns_ + " ping -c 1 -W 1 -I hm1a 192.0.2.2").size(), 1U);
}

TEST_F(StartUpTest, WhatTheKernelCannotDoIsNamedAndTheRestApplied)
{
    a_.tp.start_up = settings_of({{"addresses", {"192.0.2.1/30"}}, {"vlans", {{{"id", 100}}}}});
    Diagnostics diagnostics{"t.json"};
    topology::name_vlans(a_.tp.start_up, "hm1a", "", diagnostics);
    const auto snapshot = backend_->snapshot(a_);
    const auto configured = backend_->configure(pair(), a_, a_.tp.start_up, *recorder_);
    auto netlink = Netlink::open(netns_).value();
    ASSERT_EQ(configured.outcome, Outcome::pass) << configured.message;
    if (netlink.read_link("hm1a.100")) {
        // A kernel with 802.1Q support made it; the restore must take it away.
        EXPECT_EQ(netlink.read_vlans("hm1a").value().at(0).id, 100U);
    } else {
        // Debian's CI kernel here is built without CONFIG_VLAN_8021Q.
        EXPECT_THAT(configured.message, HasSubstr("EOPNOTSUPP"));
    }
    EXPECT_THAT(addresses_of(netlink, "hm1a"), Contains("192.0.2.1/30"));
    EXPECT_TRUE(backend_->restore(a_, snapshot).passed());
    EXPECT_FALSE(netlink.read_link("hm1a.100").has_value());
}

TEST_F(StartUpTest, FeaturesAreSetByTheKernelsNamesAndPutBack)
{
    auto netlink = Netlink::open(netns_).value();
    const auto before = netlink.read_features("hm1a").value();
    ASSERT_TRUE(before.changeable.contains("rx-gro"));
    ASSERT_FALSE(before.changeable.contains("loopback")) << "fixed off on a veth";
    const bool gro = before.active.at("rx-gro");
    const auto snapshot = backend_->snapshot(a_);
    EXPECT_EQ(snapshot["features"]["rx-gro"], before.wanted.at("rx-gro"));

    a_.tp.start_up = settings_of({{"features", {{"rx-gro", !gro}, {"tx-tcp-segmentation", false}, {"loopback", true}}}});
    const auto configured = backend_->configure(pair(), a_, a_.tp.start_up, *recorder_);
    EXPECT_EQ(configured.outcome, Outcome::pass) << configured.message;
    EXPECT_THAT(configured.message, HasSubstr("loopback off [fixed]")) << "what cannot change is named, not failed";
    const auto during = netlink.read_features("hm1a").value();
    EXPECT_EQ(during.active.at("rx-gro"), !gro);
    EXPECT_FALSE(during.active.at("tx-tcp-segmentation"));
    EXPECT_EQ(commands("ip netns exec " + netns_ + " ethtool -K hm1a loopback on rx-gro " + (gro ? "off" : "on") +
                       " tx-tcp-segmentation off")
                  .size(),
              1U);

    EXPECT_TRUE(backend_->restore(a_, snapshot).passed());
    const auto after = netlink.read_features("hm1a").value();
    EXPECT_EQ(after.active, before.active);
    EXPECT_EQ(after.wanted, before.wanted);
}

TEST_F(StartUpTest, AFeatureThisKernelDoesNotKnowIsNamedAndTheOthersApplied)
{
    auto netlink = Netlink::open(netns_).value();
    const bool gro = netlink.read_features("hm1a").value().active.at("rx-gro");
    a_.tp.start_up = settings_of({{"features", {{"no-such-offload", true}, {"rx-gro", !gro}}}});
    const auto configured = backend_->configure(pair(), a_, a_.tp.start_up, *recorder_);
    EXPECT_EQ(configured.outcome, Outcome::pass) << configured.message;
    EXPECT_THAT(configured.message, HasSubstr("bit name not found")) << "the kernel's words";
    EXPECT_EQ(netlink.read_features("hm1a").value().active.at("rx-gro"), !gro) << "applied on its own";
    const auto refused = commands("ip netns exec " + netns_ + " ethtool -K hm1a no-such-offload on");
    ASSERT_EQ(refused.size(), 1U);
    EXPECT_EQ(refused[0]["return-code"], EOPNOTSUPP);
}

/// A PF's SR-IOV controls in a sysfs tree of the test's own: real VFs need
/// SR-IOV hardware (docs/topology.md).
class SriovTest : public StartUpTest {
protected:
    void SetUp() override
    {
        StartUpTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) {
            return;
        }
        sysfs_ = std::filesystem::temp_directory_path() / (netns_ + "-sysfs");
        device_ = sysfs_ / "class/net/hm1a/device"; // a veth reports no PCI bus-info
        std::filesystem::create_directories(device_ / "virtfn0/net/hm1av0");
        std::filesystem::create_directories(device_ / "virtfn1/net/hm1av1");
        write("sriov_numvfs", "0\n");
        write("sriov_totalvfs", "8\n");
        backend_ = make_kernel_backend({.sysfs_root = sysfs_});
    }

    void TearDown() override
    {
        if (!sysfs_.empty()) {
            std::filesystem::remove_all(sysfs_);
        }
        StartUpTest::TearDown();
    }

    void write(const char* file, const std::string& text) const { std::ofstream{device_ / file} << text; }
    [[nodiscard]] std::string read(const char* file) const
    {
        std::string text;
        std::ifstream{device_ / file} >> text;
        return text;
    }

    std::filesystem::path sysfs_;
    std::filesystem::path device_;
};

TEST_F(SriovTest, VfsAreMadeThroughSysfsAndTakenAwayByTheRestore)
{
    write("sriov_numvfs", "2\n");
    const auto snapshot = backend_->snapshot(a_);
    EXPECT_EQ(snapshot["sriov_numvfs"], 2);

    a_.tp.start_up = settings_of({{"sriov-numvfs", 4}});
    const auto configured = backend_->configure(pair(), a_, a_.tp.start_up, *recorder_);
    EXPECT_EQ(configured.outcome, Outcome::pass) << configured.message;
    EXPECT_EQ(read("sriov_numvfs"), "4");
    // From 2 to 4 goes through 0: the kernel refuses one count over another.
    EXPECT_EQ(commands("echo 0 > /sys/class/net/hm1a/device/sriov_numvfs").size(), 1U);
    EXPECT_EQ(commands("echo 4 > /sys/class/net/hm1a/device/sriov_numvfs").size(), 1U);
    const auto read_back = commands("cat /sys/class/net/hm1a/device/sriov_numvfs");
    ASSERT_EQ(read_back.size(), 1U);
    EXPECT_EQ(read_back[0]["response"], "4 VFs: hm1av0, hm1av1");

    EXPECT_TRUE(backend_->restore(a_, snapshot).passed());
    EXPECT_EQ(read("sriov_numvfs"), "2");
}

TEST_F(SriovTest, AVfsSettingsGoThroughItsPfWhichHereHasNoneToSet)
{
    // hm1av0 is VF 0 of hm1a in the test's sysfs tree; the kernel's veth has
    // no VF settings (no ndo_set_vf_*), so it answers what a PF without
    // them answers.
    ip("link add hm1av0 type veth peer name hm1av0p");
    auto vf = pair_of("hm1av0", "hm1av0").a;
    vf.tp.pf = topology::KernelAccess{"hm1a", netns_};
    vf.tp.start_up = settings_of({{"vf", {{"mac", "02:00:00:00:00:2a"}, {"trust", true}, {"spoof-check", false}}}});
    const auto snapshot = backend_->snapshot(vf);
    EXPECT_EQ(snapshot.at("vf"), nlohmann::json({{"pf", "hm1a"}, {"number", 0}, {"settings", nlohmann::json::object()}}))
        << "a veth reports no VFs";
    const auto configured = backend_->configure(pair(), vf, vf.tp.start_up, *recorder_);
    EXPECT_EQ(configured.outcome, Outcome::pass) << configured.message;
    EXPECT_THAT(configured.message, HasSubstr("EOPNOTSUPP"));
    EXPECT_EQ(commands("ip -n " + netns_ + " link set dev hm1a vf 0 mac 02:00:00:00:00:2a trust on spoofchk off").size(),
              1U);
    EXPECT_TRUE(backend_->restore(vf, snapshot).passed());

    // An interface sysfs does not list under the PF is no VF of it.
    auto stranger = pair_of("hm1av0p", "hm1av0p").a;
    stranger.tp.pf = vf.tp.pf;
    const auto refused = backend_->configure(pair(), stranger, vf.tp.start_up, *recorder_);
    EXPECT_EQ(refused.outcome, Outcome::error);
    EXPECT_THAT(refused.message, HasSubstr("hm1av0p is not a VF of hm1a"));
}

TEST_F(SriovTest, MoreVfsThanThePfOffersIsAnError)
{
    a_.tp.start_up = settings_of({{"sriov-numvfs", 16}});
    const auto configured = backend_->configure(pair(), a_, a_.tp.start_up, *recorder_);
    EXPECT_EQ(configured.outcome, Outcome::error);
    EXPECT_THAT(configured.message, HasSubstr("offers 8 (sriov_totalvfs)"));
    EXPECT_EQ(read("sriov_numvfs"), "0");
}

TEST_F(StartUpTest, AnInterfaceWithoutSriovSaysSo)
{
    a_.tp.start_up = settings_of({{"sriov-numvfs", 2}});
    const auto configured = backend_->configure(pair(), a_, a_.tp.start_up, *recorder_);
    EXPECT_EQ(configured.outcome, Outcome::pass) << configured.message;
    EXPECT_THAT(configured.message, HasSubstr("has no SR-IOV"));
}

} // namespace
} // namespace hammer::kernel_ops
