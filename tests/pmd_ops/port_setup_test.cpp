// A DPDK-only port's start-up and reachability through the DPDK backend:
// the ethdev changes read back through the kernel where the port has a
// netdev (net_tap; its multicast list filters nothing, so the kernel shows
// none of it), the restore putting them back; the ARP and neighbour
// exchange hammer speaks for both ends of a pair, over in-process rings
// and over a veth pair through af_packet, and failing when the wire is cut.
//
// pmd_ops starts EAL itself here, through the runtime the backend shares
// (one EAL per process): a binary of its own.

#include "pmd_ops/pmd_ops.hpp"
#include "pmd_ops/port_setup.hpp"
#include "pmd_ops/runtime.hpp"
#include "src/record/recorder.hpp"
#include "src/run/clock.hpp"
#include "tests/pmd_ops/test_netns.hpp"
#include "tests/support/journal_events.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <unistd.h>

namespace hammer::pmd_ops {
namespace {

using operations::Outcome;
using ::testing::HasSubstr;
using ::testing::Not;

PmdOptions options()
{
    PmdOptions options;
    options.eal_arguments = {"--no-pci"};
    const char* no_huge = std::getenv("HAMMER_TEST_NO_HUGE");
    options.use_hugepages = no_huge == nullptr || std::string{no_huge} != "1";
    options.pairs = 4;
    return options;
}

/// The backend, the runtime it shares and a recorder, once for the binary (one EAL per process).
struct Harness {
    run::SteadyClock clock;
    std::filesystem::path directory;
    std::unique_ptr<record::Recorder> recorder;
    std::unique_ptr<operations::EndpointBackend> backend;
    std::shared_ptr<PmdRuntime> runtime;

    Harness()
        : directory{std::filesystem::temp_directory_path() / ("hm-port-setup-" + std::to_string(::getpid()))},
          recorder{record::Recorder::create(directory, clock)}, backend{make_dpdk_backend(options())},
          runtime{PmdRuntime::shared(options())}
    {
    }
    ~Harness()
    {
        recorder.reset();
        std::filesystem::remove_all(directory);
    }
};

Harness& harness()
{
    static Harness instance;
    return instance;
}

#define HAMMER_REQUIRE_ROOT()                                                                                         \
    if (::geteuid() != 0) {                                                                                           \
        GTEST_SKIP() << "needs root (network namespaces, tap and af_packet ports)";                                   \
    }

topology::InterfaceSettings settings_of(const nlohmann::json& document)
{
    Diagnostics diagnostics{"t.json"};
    auto settings = topology::read_interface_settings(document, "", diagnostics);
    diagnostics.throw_if_any();
    return settings;
}

topology::Endpoint dpdk_endpoint(const std::string& tp, const std::string& devargs, const std::string& ring,
                                 const std::string& netns, const nlohmann::json& start_up)
{
    topology::Endpoint endpoint;
    endpoint.node_id = "host";
    endpoint.tp.id = tp;
    endpoint.tp.dpdk = topology::DpdkAccess{devargs, ring, netns};
    endpoint.tp.start_up = settings_of(start_up);
    return endpoint;
}

/// A pair whose ports are closed again when it goes.
struct OpenPair {
    topology::Pair pair;

    OpenPair(std::string id, topology::Endpoint a, topology::Endpoint b)
        : pair{std::move(id), std::move(a), std::move(b), topology::PairOrigin::link, "l0"}
    {
    }
    OpenPair(const OpenPair&) = delete;
    OpenPair& operator=(const OpenPair&) = delete;
    ~OpenPair() { static_cast<void>(harness().runtime->release(pair.a)); }

    operations::Verdict configure(const topology::Endpoint& end) const
    {
        return harness().backend->configure(pair, end, end.tp.start_up, *harness().recorder);
    }

    /// From `from` to the other end's first address of `to`'s family.
    operations::Verdict reach(const topology::Endpoint& from, const topology::Endpoint& to, bool ipv6) const
    {
        operations::ReachPath path;
        path.from_ifname = from.tp.dpdk->device_name();
        path.to_ifname = to.tp.dpdk->device_name();
        for (const auto& prefix : from.tp.start_up.addresses) {
            if (prefix.address.ipv6 == ipv6) {
                path.source = prefix.address;
            }
        }
        for (const auto& prefix : to.tp.start_up.addresses) {
            if (prefix.address.ipv6 == ipv6) {
                path.address = prefix.address;
            }
        }
        return harness().backend->reach(pair, from, to, path, *harness().recorder);
    }
};

// Test fixtures may shell out to ip(8) to see what the kernel has; product code never does.
std::string output_of(const std::string& command)
{
    std::string text;
    if (FILE* pipe = ::popen((command + " 2>/dev/null").c_str(), "r")) {
        std::array<char, 512> buffer{};
        while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) {
            text += buffer.data();
        }
        ::pclose(pipe);
    }
    return text;
}

/// The commands command-history holds so far, one per line.
std::string commands_so_far()
{
    std::string lines;
    harness().recorder->sync();
    for (const auto& event : hammer::testing::journal_events(harness().recorder->journal_path(), "command")) {
        lines += event.value("command", "") + " -> " + std::to_string(event.value("return-code", -1)) + " " +
                 event.value("response", "") + "\n";
    }
    return lines;
}

const nlohmann::json ring_a_start_up = {{"addresses", {"192.0.2.1/24", "2001:db8::1/64"}}};
const nlohmann::json ring_b_start_up = {{"addresses", {"192.0.2.2/24", "2001:db8::2/64"}}};

TEST(DpdkReach, RingPortsAnswerArpAndNeighbourSolicitationBothWays)
{
    OpenPair ends{"ps_ring", dpdk_endpoint("ps-ring-a", "", "ps_ring_a", "", ring_a_start_up),
                  dpdk_endpoint("ps-ring-b", "", "ps_ring_b", "", ring_b_start_up)};
    const auto& [a, b] = std::tie(ends.pair.a, ends.pair.b);
    const auto configured = ends.configure(a);
    EXPECT_EQ(configured.outcome, Outcome::pass) << configured.message;
    EXPECT_THAT(configured.message, HasSubstr("addresses kept for the reachability check"));
    for (const bool ipv6 : {false, true}) {
        for (const auto& [from, to] : {std::pair{&a, &b}, std::pair{&b, &a}}) {
            const auto reached = ends.reach(*from, *to, ipv6);
            EXPECT_EQ(reached.outcome, Outcome::pass) << reached.message;
            EXPECT_THAT(reached.message, HasSubstr(ipv6 ? "by neighbour discovery" : "by ARP"));
        }
    }
    Port* port_b = harness().runtime->find_port(b);
    ASSERT_NE(port_b, nullptr);
    const std::string mac_b = port_b->info()->mac;
    const std::string history = commands_so_far();
    EXPECT_THAT(history, HasSubstr("ARP request from port " + std::to_string(harness().runtime->find_port(a)->id()) +
                                   " (192.0.2.1) for 192.0.2.2"));
    EXPECT_THAT(history, HasSubstr("192.0.2.2 is at " + mac_b));
    EXPECT_THAT(history, HasSubstr("2001:db8::2 is at " + mac_b));
}

TEST(DpdkReach, AfPacketPortsReachOverAVethAndNotOnceItIsCut)
{
    HAMMER_REQUIRE_ROOT();
    std::string error;
    auto netns = testing::TestNetns::create(1500, error);
    ASSERT_TRUE(netns) << error;
    OpenPair ends{"ps_afp",
                  dpdk_endpoint("ps-afp-a", "net_af_packet60,iface=" + netns->veth_a(), "", netns->name(),
                                ring_a_start_up),
                  dpdk_endpoint("ps-afp-b", "net_af_packet61,iface=" + netns->veth_b(), "", netns->name(),
                                ring_b_start_up)};
    const auto& [a, b] = std::tie(ends.pair.a, ends.pair.b);
    ASSERT_EQ(ends.configure(a).outcome, Outcome::pass);
    const auto reached = ends.reach(a, b, false);
    EXPECT_EQ(reached.outcome, Outcome::pass) << reached.message;

    // The wire cut: b's veth down, nothing a sends arrives.
    ASSERT_TRUE(netns->ip("link set dev " + netns->veth_b() + " down"));
    const auto cut = ends.reach(a, b, false);
    EXPECT_EQ(cut.outcome, Outcome::error) << cut.message;
    EXPECT_THAT(cut.message, HasSubstr("received none of the"));
    EXPECT_THAT(cut.message, HasSubstr("(errno 110)")) << "ETIMEDOUT";
}

TEST(DpdkStartUp, TapChangesReadBackInTheKernelAndTheRestorePutsThemBack)
{
    HAMMER_REQUIRE_ROOT();
    std::string error;
    auto netns = testing::TestNetns::create(1500, error);
    ASSERT_TRUE(netns) << error;
    const nlohmann::json start_up = {{"mtu", 1400},
                                     {"promiscuous", false},
                                     {"all-multicast", true},
                                     {"multicast-groups", {"239.1.1.1", "ff0e::1:1"}},
                                     {"features", {{"rx-gro", false}}}};
    OpenPair ends{"ps_tap", dpdk_endpoint("ps-tap-a", "net_tap60,iface=hmps0", "", netns->name(), start_up),
                  dpdk_endpoint("ps-tap-b", "net_tap61,iface=hmps1", "", netns->name(), nlohmann::json::object())};
    const auto& a = ends.pair.a;
    const auto snapshot = harness().backend->snapshot(a);
    EXPECT_EQ(snapshot["promiscuous"], true);

    const auto configured = ends.configure(a);
    EXPECT_EQ(configured.outcome, Outcome::pass) << configured.message;
    EXPECT_THAT(configured.message, HasSubstr("features (ethtool features are a kernel netdev's)"));
    const auto link = [&] { return output_of("ip -n " + netns->name() + " -o link show dev hmps0"); };
    EXPECT_THAT(link(), HasSubstr(" mtu 1400 "));
    EXPECT_THAT(link(), HasSubstr("ALLMULTI"));
    EXPECT_THAT(link(), Not(HasSubstr("PROMISC")));
    // The tap PMD takes a multicast list and filters nothing (every frame
    // reaches it): the kernel's list stays as it is, command-history has the change.
    const std::string id = std::to_string(harness().runtime->find_port(a)->id());
    const std::string history = commands_so_far();
    EXPECT_THAT(history, HasSubstr("port config mtu " + id + " 1400 -> 0"));
    EXPECT_THAT(history, HasSubstr("set promisc " + id + " off -> 0"));
    EXPECT_THAT(history, HasSubstr("set allmulti " + id + " on -> 0"));
    EXPECT_THAT(history, HasSubstr("mcast_addr add " + id + " 01:00:5e:01:01:01\nmcast_addr add " + id +
                                   " 33:33:00:01:00:01 -> 0"));
    EXPECT_THAT(history, HasSubstr("show port info " + id + " -> 0 mtu 1400, promiscuous off, all-multicast on"));

    const auto restored = harness().backend->restore(a, snapshot);
    EXPECT_EQ(restored.outcome, Outcome::pass) << restored.message;
    EXPECT_THAT(link(), HasSubstr(" mtu 1500 "));
    EXPECT_THAT(link(), HasSubstr("PROMISC"));
    EXPECT_THAT(link(), Not(HasSubstr("ALLMULTI")));
    EXPECT_TRUE(harness().runtime->find_port(a)->multicast_macs().empty());
}

TEST(DpdkStartUp, APortWithAKernelInterfaceIsLeftToTheKernelBackend)
{
    auto endpoint = dpdk_endpoint("ps-k", "net_af_packet62,iface=hmnone", "", "", {{"mtu", 1400}});
    endpoint.tp.kernel = topology::KernelAccess{"hmnone", ""};
    const topology::Pair pair{"ps_kernel", endpoint, endpoint, topology::PairOrigin::link, "l0"};
    const auto verdict = harness().backend->configure(pair, endpoint, endpoint.tp.start_up, *harness().recorder);
    EXPECT_EQ(verdict.outcome, Outcome::skip);
    EXPECT_THAT(verdict.message, HasSubstr("through its kernel interface"));
}

TEST(MulticastMac, GroupsMapToTheirEthernetAddresses)
{
    const auto mac = [](bool ipv6, const char* text) { return multicast_mac({ipv6, text}); };
    EXPECT_EQ(mac(false, "239.129.1.2"), (MacAddress{0x01, 0x00, 0x5e, 0x01, 0x01, 0x02})) << "23 bits only";
    EXPECT_EQ(mac(true, "ff02::1:ff00:2"), (MacAddress{0x33, 0x33, 0xff, 0x00, 0x00, 0x02}));
    EXPECT_FALSE(mac(false, "192.0.2.1").has_value());
    EXPECT_FALSE(mac(true, "2001:db8::1").has_value());
}

} // namespace
} // namespace hammer::pmd_ops
