// The ethdev backend of the port-control interface on the virtual PMDs here:
// every change read back through ethdev, and through the kernel where the
// port has a netdev (net_tap), then put back to what was found and read
// again. What a driver refuses is asserted as refused, with its errno.
//
// pmd_ops starts EAL itself here, through the runtime the opener shares
// (one EAL per process): a binary of its own.

#include "pmd_ops/ethdev_port.hpp"
#include "pmd_ops/mempool.hpp"
#include "pmd_ops/pmd_ops.hpp"
#include "pmd_ops/runtime.hpp"
#include "src/control/port_control.hpp"
#include "src/operations/operation.hpp"
#include "src/record/recorder.hpp"
#include "src/run/clock.hpp"
#include "tests/pmd_ops/test_netns.hpp"

#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <regex>
#include <string>
#include <thread>
#include <unistd.h>

namespace hammer::pmd_ops {
namespace {

using namespace std::chrono_literals;
using control::PortControl;
using operations::Outcome;

PmdOptions options()
{
    PmdOptions options;
    // virtio-user hands its memory to vhost-user as one region per file, at
    // most 8 (VHOST_MEMORY_MAX_NREGIONS): one file per hugepage, as
    // --in-memory has them otherwise, fails ("Too many memory regions").
    options.eal_arguments = {"--no-pci", "--single-file-segments"};
    const char* no_huge = std::getenv("HAMMER_TEST_NO_HUGE");
    options.use_hugepages = no_huge == nullptr || std::string{no_huge} != "1";
    options.pairs = 4;
    return options;
}

/// The opener, the runtime it shares, and what an OperationContext needs,
/// once for the binary (one EAL per process).
struct Harness {
    run::SteadyClock clock;
    std::filesystem::path directory;
    std::unique_ptr<record::Recorder> recorder;
    std::shared_ptr<control::PortOpener> opener;
    std::shared_ptr<PmdRuntime> runtime;
    nlohmann::json params = nlohmann::json::object();

    Harness()
        : directory{std::filesystem::temp_directory_path() / ("hm-ethdev-" + std::to_string(::getpid()))},
          recorder{record::Recorder::create(directory, clock)}, opener{make_ethdev_port_opener(options())},
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

bool is_root()
{
    return ::geteuid() == 0;
}

topology::Endpoint dpdk_endpoint(const std::string& tp, const std::string& devargs, const std::string& ring = {})
{
    topology::Endpoint endpoint;
    endpoint.node_id = "host";
    endpoint.tp.id = tp;
    endpoint.tp.dpdk = topology::DpdkAccess{devargs, ring, ""};
    endpoint.tp.control = topology::ControlPath::dpdk;
    return endpoint;
}

topology::Pair make_pair(const std::string& id, topology::Endpoint a, topology::Endpoint b)
{
    topology::Pair pair;
    pair.id = id;
    pair.a = std::move(a);
    pair.b = std::move(b);
    return pair;
}

control::OpenedPort open_end(const topology::Pair& pair, const topology::Endpoint& endpoint)
{
    operations::OperationContext context{pair, "ethdev_port_test", harness().params, 0, 1, harness().clock,
                                         *harness().recorder};
    return harness().opener->open(context, endpoint);
}

/// Both ends of `pair` opened, the pair's ports closed again when it goes
/// (before a namespace or socket directory declared earlier goes).
class OpenedPair {
public:
    explicit OpenedPair(const topology::Pair& pair) : pair_{pair}
    {
        auto opened_a = open_end(pair_, pair_.a);
        EXPECT_EQ(opened_a.verdict.outcome, Outcome::pass) << opened_a.verdict.message;
        a = std::move(opened_a.port);
        auto opened_b = open_end(pair_, pair_.b);
        EXPECT_EQ(opened_b.verdict.outcome, Outcome::pass) << opened_b.verdict.message;
        b = std::move(opened_b.port);
    }
    OpenedPair(const OpenedPair&) = delete;
    OpenedPair& operator=(const OpenedPair&) = delete;
    ~OpenedPair()
    {
        a.reset();
        b.reset();
        EXPECT_TRUE(harness().runtime->release(pair_.a).has_value()) << pair_.id;
    }

    [[nodiscard]] bool ok() const noexcept { return a != nullptr && b != nullptr; }
    [[nodiscard]] Port& port_a() const { return *harness().runtime->find_port(pair_.a); }
    [[nodiscard]] Port& port_b() const { return *harness().runtime->find_port(pair_.b); }
    [[nodiscard]] PairPorts& ports() const
    {
        PairPorts* ports = nullptr;
        static_cast<void>(harness().runtime->find_port(pair_.a, &ports));
        return *ports;
    }

    std::unique_ptr<PortControl> a;
    std::unique_ptr<PortControl> b;

private:
    topology::Pair pair_;
};

/// Reads the link until it has carrier or 5 s pass; the last reading.
control::LinkStatus wait_carrier(PortControl& port)
{
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (true) {
        auto link = port.read_link();
        EXPECT_TRUE(link.has_value()) << link.error().describe();
        if (!link || link->carrier || std::chrono::steady_clock::now() >= deadline) {
            return link ? link.value() : control::LinkStatus{};
        }
        std::this_thread::sleep_for(10ms);
    }
}

/// The errno of a call that should have failed; 0 when it succeeded.
template <typename T>
int error_of(const control::Result<T>& result)
{
    return result.has_value() ? 0 : result.error().error_number;
}

std::string describe(const control::Result<void>& result)
{
    return result.has_value() ? std::string{"succeeded"} : result.error().describe();
}

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

/// What the kernel says of a netdev in a namespace: `ip -o link show`.
struct KernelLink {
    bool up = false;       ///< IFF_UP among the flags
    std::string state;     ///< operstate: "UP", "DOWN", "UNKNOWN"
    unsigned mtu = 0;
    unsigned rx_queues = 0; ///< /sys/class/net/IF/queues/rx-*: a tun queue per attached tap PMD queue
};

KernelLink kernel_link(const std::string& netns, const std::string& ifname)
{
    KernelLink link;
    const std::string line = output_of("ip -n " + netns + " -o link show dev " + ifname);
    std::smatch match;
    if (std::regex_search(line, match, std::regex{"<([^>]*)>"})) {
        link.up = std::regex_search(match[1].str(), std::regex{"(^|,)UP(,|$)"});
    }
    if (std::regex_search(line, match, std::regex{" mtu ([0-9]+)"})) {
        link.mtu = static_cast<unsigned>(std::stoul(match[1].str()));
    }
    if (std::regex_search(line, match, std::regex{" state ([A-Z]+)"})) {
        link.state = match[1].str();
    }
    const std::string queues =
        output_of("ip netns exec " + netns + " ls /sys/class/net/" + ifname + "/queues");
    for (std::size_t at = queues.find("rx-"); at != std::string::npos; at = queues.find("rx-", at + 1)) {
        ++link.rx_queues;
    }
    return link;
}

/// Sends `count` 64-byte frames on `port`'s queue 0, broadcast or to
/// 01:00:5e:00:00:01 (IPv4 multicast); how many it took.
unsigned send_frames(Port& port, rte_mempool* pool, unsigned count, bool multicast = false)
{
    std::array<rte_mbuf*, 32> mbufs{};
    unsigned sent = 0;
    while (sent < count) {
        const unsigned n = std::min<unsigned>(mbufs.size(), count - sent);
        if (rte_pktmbuf_alloc_bulk(pool, mbufs.data(), n) != 0) {
            break;
        }
        for (unsigned i = 0; i < n; ++i) {
            char* data = rte_pktmbuf_append(mbufs[i], 64);
            std::memset(data, 0xff, 12);
            if (multicast) {
                const unsigned char group[] = {0x01, 0x00, 0x5e, 0x00, 0x00, 0x01};
                std::memcpy(data, group, sizeof(group));
            }
            data[12] = 0x08, data[13] = 0x00;
            std::memset(data + 14, 0, 64 - 14);
        }
        const std::uint16_t taken = rte_eth_tx_burst(port.id(), 0, mbufs.data(), static_cast<std::uint16_t>(n));
        rte_pktmbuf_free_bulk(mbufs.data() + taken, n - taken);
        sent += taken;
        if (taken < n) {
            break;
        }
    }
    return sent;
}

unsigned receive_frames(Port& port, unsigned count)
{
    std::array<rte_mbuf*, 32> mbufs{};
    unsigned received = 0;
    const auto deadline = std::chrono::steady_clock::now() + 1s;
    while (received < count && std::chrono::steady_clock::now() < deadline) {
        const std::uint16_t n = rte_eth_rx_burst(port.id(), 0, mbufs.data(), mbufs.size());
        rte_pktmbuf_free_bulk(mbufs.data(), n);
        received += n;
    }
    return received;
}

/// TAP_MAX_QUEUES of DPDK 22.11's drivers/net/tap/meson.build (rte_eth_tap.h is not installed).
constexpr std::uint32_t tap_max_queues = 16;

#define HAMMER_REQUIRE_ROOT()                                                                                         \
    do {                                                                                                              \
        if (!is_root()) {                                                                                             \
            GTEST_SKIP() << "not root: DPDK devices and network namespaces need it";                                  \
        }                                                                                                             \
    } while (false)

// --- the opener ------------------------------------------------------------

TEST(EthdevOpener, SkipsAnEndpointWithoutDpdk)
{
    topology::Endpoint kernel_only;
    kernel_only.node_id = "host";
    kernel_only.tp.id = "veth";
    kernel_only.tp.kernel = topology::KernelAccess{"hm0a", ""};
    const auto pair = make_pair("eo_skip", kernel_only, dpdk_endpoint("eo_skip-b", "", "eo_skip_b"));
    const auto opened = open_end(pair, pair.a);
    EXPECT_EQ(opened.verdict.outcome, Outcome::skip) << opened.verdict.message;
    EXPECT_EQ(opened.port, nullptr);
}

TEST(EthdevOpener, ErrorWhenThePairsPortsCannotBeMade)
{
    HAMMER_REQUIRE_ROOT();
    const auto pair = make_pair("eo_gone", dpdk_endpoint("eo_gone-a", "net_nosuchdriver0"),
                                dpdk_endpoint("eo_gone-b", "net_nosuchdriver1"));
    const auto opened = open_end(pair, pair.a);
    EXPECT_EQ(opened.verdict.outcome, Outcome::error) << opened.verdict.message;
    EXPECT_NE(opened.verdict.message.find("net_nosuchdriver0"), std::string::npos) << opened.verdict.message;
    EXPECT_EQ(opened.port, nullptr);
}

TEST(EthdevOpener, PicksTheSideByEndpointName)
{
    HAMMER_REQUIRE_ROOT();
    const auto pair =
        make_pair("eo_side", dpdk_endpoint("eo_side-a", "", "eo_side_a"), dpdk_endpoint("eo_side-b", "", "eo_side_b"));
    OpenedPair ends{pair};
    ASSERT_TRUE(ends.ok());
    // A ring pair's ethdevs are named by rte_eth_from_rings: "net_ring_" and the ring name.
    EXPECT_EQ(ends.a->name(), "port " + std::to_string(ends.port_a().id()) + " (net_ring_eo_side_a)");
    EXPECT_EQ(ends.b->name(), "port " + std::to_string(ends.port_b().id()) + " (net_ring_eo_side_b)");
}

TEST(EthdevFailure, DpdkErrorsBecomeDriverFailures)
{
    const auto unsupported = to_failure(Error{"rte_eth_dev_set_mtu(port=0, 9000)", ENOTSUP, "Operation not supported"});
    EXPECT_EQ(unsupported.error_number, EOPNOTSUPP);
    EXPECT_EQ(unsupported.operation, "rte_eth_dev_set_mtu(port=0, 9000)");
    EXPECT_EQ(unsupported.message, "Operation not supported");
    EXPECT_EQ(unsupported.source, "driver");
    EXPECT_EQ(to_failure(Error{"x", -EINVAL, "Invalid argument"}).error_number, EINVAL);
}

// --- net_tap: a DPDK port with a kernel netdev -------------------------------

TEST(EthdevTap, EveryChangeReadsBackThroughEthdevAndTheKernel)
{
    HAMMER_REQUIRE_ROOT();
    std::string error;
    auto netns = pmd_ops::testing::TestNetns::create(1500, error);
    ASSERT_TRUE(netns) << error;
    auto tap = [&](const std::string& tp, const std::string& device, const std::string& ifname) {
        auto endpoint = dpdk_endpoint(tp, device + ",iface=" + ifname);
        endpoint.tp.kernel = topology::KernelAccess{ifname, netns->name()};
        return endpoint;
    };
    const auto pair = make_pair("et_tap", tap("et-a", "net_tap40", "hmet0"), tap("et-b", "net_tap41", "hmet1"));
    OpenedPair ends{pair};
    ASSERT_TRUE(ends.ok());
    PortControl& port = *ends.a;
    const std::string id = std::to_string(ends.port_a().id());
    const std::string peer = std::to_string(ends.port_b().id());
    EXPECT_EQ(port.name(), "port " + id + " (net_tap40)");

    // ---- link: admin state and carrier, as the kernel sees them too ----
    const auto found = port.read_link();
    ASSERT_TRUE(found) << found.error().describe();
    EXPECT_TRUE(found->admin_up);
    EXPECT_TRUE(found->carrier);
    EXPECT_EQ(found->oper_state, "up");
    EXPECT_EQ(found->mtu, 1500U);
    EXPECT_EQ(found->min_mtu, 46U) << "ethdev's default: a 64-byte frame less header and CRC";
    EXPECT_EQ(found->max_mtu, 1504U) << "tap's 1522-byte frame less Ethernet header and CRC";
    EXPECT_FALSE(found->mac.empty());
    EXPECT_TRUE(kernel_link(netns->name(), "hmet0").up);
    EXPECT_EQ(kernel_link(netns->name(), "hmet0").mtu, 1500U);

    ASSERT_TRUE(port.set_admin(false));
    const auto down = port.read_link();
    ASSERT_TRUE(down) << down.error().describe();
    EXPECT_FALSE(down->admin_up);
    EXPECT_FALSE(down->carrier);
    EXPECT_EQ(down->oper_state, "down");
    EXPECT_FALSE(kernel_link(netns->name(), "hmet0").up) << "the tap PMD sets its netdev down";
    EXPECT_EQ(kernel_link(netns->name(), "hmet0").state, "DOWN");
    ASSERT_TRUE(port.set_admin(true));
    const auto up = wait_carrier(port);
    EXPECT_TRUE(up.admin_up);
    EXPECT_TRUE(up.carrier);
    EXPECT_TRUE(kernel_link(netns->name(), "hmet0").up);

    // ---- MTU ----
    ASSERT_TRUE(port.set_mtu(1400));
    EXPECT_EQ(port.read_link()->mtu, 1400U);
    EXPECT_EQ(kernel_link(netns->name(), "hmet0").mtu, 1400U);
    const auto too_big = port.set_mtu(9000);
    EXPECT_EQ(error_of(too_big), EINVAL) << describe(too_big);
    if (!too_big) {
        EXPECT_NE(too_big.error().message.find("46 to 1504"), std::string::npos) << too_big.error().describe();
        EXPECT_EQ(too_big.error().source, "driver");
    }
    ASSERT_TRUE(port.set_mtu(found->mtu));
    EXPECT_EQ(port.read_link()->mtu, found->mtu);
    EXPECT_EQ(kernel_link(netns->name(), "hmet0").mtu, found->mtu);

    // ---- channels: RX and TX queues; the kernel sees a queue per tap queue ----
    const auto channels = port.read_channels();
    ASSERT_TRUE(channels) << channels.error().describe();
    EXPECT_EQ(channels->maximum.rx, tap_max_queues);
    EXPECT_EQ(channels->current.rx, 1U);
    EXPECT_EQ(channels->current.tx, 1U);
    EXPECT_FALSE(channels->current.combined.has_value());
    EXPECT_EQ(kernel_link(netns->name(), "hmet0").rx_queues, 1U);
    const auto two = port.set_channels({2, 2, {}, {}});
    ASSERT_TRUE(two) << describe(two);
    EXPECT_EQ(port.read_channels()->current.rx, 2U);
    EXPECT_EQ(port.read_channels()->current.tx, 2U);
    EXPECT_TRUE(ends.port_a().started());
    EXPECT_TRUE(ends.port_b().started()) << "the peer is started again";
    EXPECT_TRUE(wait_carrier(port).carrier);
    EXPECT_TRUE(wait_carrier(*ends.b).carrier);
    EXPECT_EQ(kernel_link(netns->name(), "hmet0").rx_queues, 2U) << "a tun queue per tap PMD queue";
    const auto too_many = port.set_channels({tap_max_queues + 1, {}, {}, {}});
    EXPECT_EQ(error_of(too_many), EINVAL) << describe(too_many);
    EXPECT_EQ(error_of(port.set_channels({{}, {}, {}, 1})), EOPNOTSUPP) << "no combined channels";
    ASSERT_TRUE(port.set_channels(channels->current));
    EXPECT_EQ(port.read_channels()->current, channels->current);
    EXPECT_EQ(kernel_link(netns->name(), "hmet0").rx_queues, 1U);

    // ---- rings: descriptors per queue ----
    const auto rings = port.read_rings();
    ASSERT_TRUE(rings) << rings.error().describe();
    EXPECT_EQ(rings->current.rx, 1024U) << "the runtime's default";
    const auto smaller = port.set_rings({512, {}, {}, 256});
    ASSERT_TRUE(smaller) << describe(smaller);
    EXPECT_EQ(port.read_rings()->current.rx, 512U);
    EXPECT_EQ(port.read_rings()->current.tx, 256U);
    EXPECT_EQ(error_of(port.set_rings({0, {}, {}, {}})), EINVAL);
    EXPECT_EQ(error_of(port.set_rings({{}, {}, 64, {}})), EOPNOTSUPP) << "no jumbo ring";
    ASSERT_TRUE(port.set_rings(rings->current));
    EXPECT_EQ(port.read_rings()->current, rings->current);
    EXPECT_TRUE(wait_carrier(port).carrier);
    EXPECT_TRUE(kernel_link(netns->name(), "hmet0").up);

    // ---- link modes: tap reports a fixed 10G full-duplex link whatever it is asked ----
    const auto modes = port.read_link_modes();
    ASSERT_TRUE(modes) << modes.error().describe();
    EXPECT_EQ(modes->speed_mbps, 10000U);
    EXPECT_EQ(modes->duplex, control::Duplex::full);
    EXPECT_FALSE(modes->autoneg);
    EXPECT_TRUE(modes->port.empty());
    const auto gigabit = port.set_link_modes({1000, control::Duplex::full, false, {}});
    ASSERT_TRUE(gigabit) << describe(gigabit);
    EXPECT_EQ(ends.port_a().config().link_speeds, RTE_ETH_LINK_SPEED_FIXED | RTE_ETH_LINK_SPEED_1G);
    EXPECT_EQ(port.read_link_modes()->speed_mbps, 10000U) << "tap takes link_speeds and ignores them (measured)";
    const auto too_fast = port.set_link_modes({100000, {}, false, {}});
    EXPECT_EQ(error_of(too_fast), EINVAL) << describe(too_fast);
    const auto half = port.set_link_modes({1000, control::Duplex::half, false, {}});
    EXPECT_EQ(error_of(half), EINVAL) << describe(half);
    const auto back = port.set_link_modes(control::restore_request(modes.value()));
    ASSERT_TRUE(back) << describe(back);
    EXPECT_TRUE(control::same_settings(modes.value(), port.read_link_modes().value()));
    // A later reconfiguration keeps the link speeds asked for.
    ASSERT_TRUE(port.set_channels({2, 2, {}, {}}));
    EXPECT_EQ(ends.port_a().config().link_speeds, RTE_ETH_LINK_SPEED_FIXED | RTE_ETH_LINK_SPEED_10G);
    ASSERT_TRUE(port.set_channels(channels->current));

    // ---- a reconfiguration keeps a link set down, down ----
    ASSERT_TRUE(port.set_admin(false));
    ASSERT_TRUE(port.set_rings({512, {}, {}, {}}));
    EXPECT_FALSE(port.read_link()->admin_up);
    EXPECT_FALSE(kernel_link(netns->name(), "hmet0").up);
    ASSERT_TRUE(port.set_rings(rings->current));
    ASSERT_TRUE(port.set_admin(true));
    EXPECT_TRUE(wait_carrier(port).carrier);

    // ---- counters and reset ----
    const auto stats = port.read_stats();
    ASSERT_TRUE(stats) << stats.error().describe();
    EXPECT_EQ(stats->tx_dropped, 0U);
    const auto reset = port.reset();
    EXPECT_EQ(error_of(reset), EOPNOTSUPP) << "tap has no dev_reset: " << describe(reset);
    EXPECT_TRUE(ends.port_a().started()) << "started again after the refused reset";
    EXPECT_TRUE(wait_carrier(port).carrier);
    EXPECT_TRUE(wait_carrier(*ends.b).carrier);

    // ---- what command-history shows: testpmd's own commands ----
    EXPECT_EQ(port.show_link_command(), "show port info " + id);
    EXPECT_EQ(port.show_stats_command(), "show port stats " + id);
    EXPECT_EQ(port.show_rings_command(), "show rxq info " + id + " 0\nshow txq info " + id + " 0");
    EXPECT_EQ(port.set_admin_command(false), "set link-down port " + id);
    EXPECT_EQ(port.set_admin_command(true), "set link-up port " + id);
    EXPECT_EQ(port.set_mtu_command(1400), "port config mtu " + id + " 1400");
    EXPECT_EQ(port.set_channels_command({2, {}, {}, {}}),
              "port stop " + peer + "\nport stop " + id + "\nport config all rxq 2\nport config all txq 1\nport start " +
                  id + "\nport start " + peer);
    EXPECT_EQ(port.set_rings_command({512, {}, {}, 256}),
              "port stop " + peer + "\nport stop " + id + "\nport config " + id + " rxq 0 ring_size 512\nport config " +
                  id + " txq 0 ring_size 256\nport start " + id + "\nport start " + peer);
    EXPECT_EQ(port.set_link_modes_command({1000, control::Duplex::full, false, {}}),
              "port stop " + peer + "\nport stop " + id + "\nport config " + id +
                  " speed 1000 duplex full\nport start " + id + "\nport start " + peer);
    EXPECT_EQ(port.set_link_modes_command({{}, {}, true, {}}),
              "port stop " + peer + "\nport stop " + id + "\nport config " + id + " speed auto duplex auto\nport start " +
                  id + "\nport start " + peer);
    EXPECT_EQ(port.reset_command(),
              "port stop " + peer + "\nport stop " + id + "\nport reset " + id + "\nport start " + id +
                  "\nport start " + peer);
}

// --- ring pair ---------------------------------------------------------------

TEST(EthdevRing, LinkFlapsQueuesChangeAndMtuIsUnsupported)
{
    HAMMER_REQUIRE_ROOT();
    const auto pair =
        make_pair("er_ring", dpdk_endpoint("er-a", "", "er_ring_a"), dpdk_endpoint("er-b", "", "er_ring_b"));
    OpenedPair ends{pair};
    ASSERT_TRUE(ends.ok());
    PortControl& port = *ends.a;

    const auto found = port.read_link();
    ASSERT_TRUE(found) << found.error().describe();
    EXPECT_TRUE(found->admin_up);
    EXPECT_TRUE(found->carrier);
    ASSERT_TRUE(port.set_admin(false));
    EXPECT_FALSE(port.read_link()->carrier);
    EXPECT_FALSE(port.read_link()->admin_up);
    ASSERT_TRUE(port.set_admin(true));
    EXPECT_TRUE(wait_carrier(port).carrier);
    EXPECT_TRUE(port.read_link()->admin_up);

    const auto mtu = port.set_mtu(9000);
    EXPECT_EQ(error_of(mtu), EOPNOTSUPP) << "the ring PMD has no mtu_set: " << describe(mtu);
    EXPECT_EQ(port.read_link()->mtu, found->mtu);

    // The pair's rings: 4 each way (PmdRuntime's ring_pair_queues).
    const auto channels = port.read_channels();
    ASSERT_TRUE(channels) << channels.error().describe();
    EXPECT_EQ(channels->maximum.rx, 4U);
    EXPECT_EQ(channels->maximum.tx, 4U);
    ASSERT_TRUE(port.set_channels({2, 3, {}, {}}));
    EXPECT_EQ(port.read_channels()->current, (control::ChannelCounts{2, 3, {}, {}}));
    EXPECT_EQ(error_of(port.set_channels({5, {}, {}, {}})), EINVAL);
    ASSERT_TRUE(port.set_channels(channels->current));
    EXPECT_EQ(port.read_channels()->current, channels->current);

    const auto rings = port.read_rings();
    ASSERT_TRUE(rings) << rings.error().describe();
    ASSERT_TRUE(port.set_rings({256, {}, {}, 128}));
    EXPECT_EQ(port.read_rings()->current, (control::RingSizes{256, {}, {}, 128}));
    ASSERT_TRUE(port.set_rings(rings->current));
    EXPECT_EQ(port.read_rings()->current, rings->current);

    const auto speed = port.set_link_modes({10000, control::Duplex::full, false, {}});
    EXPECT_EQ(error_of(speed), EOPNOTSUPP) << "the ring PMD reports speed_capa 0: " << describe(speed);
    EXPECT_EQ(error_of(port.reset()), EOPNOTSUPP);
    EXPECT_TRUE(wait_carrier(port).carrier);

    // A link set down stays down across a queue change, and the "dpdk"
    // backend puts it up again at restore.
    auto backend = make_dpdk_backend(options());
    const auto snapshot = backend->snapshot(pair.a);
    EXPECT_EQ(snapshot.value("link", ""), "up") << snapshot.dump();
    ASSERT_TRUE(port.set_admin(false));
    ASSERT_TRUE(port.set_channels({2, 2, {}, {}}));
    EXPECT_FALSE(port.read_link()->carrier) << "still down after the restart";
    EXPECT_FALSE(port.read_link()->admin_up);
    const auto restored = backend->restore(pair.a, snapshot);
    EXPECT_EQ(restored.outcome, Outcome::pass) << restored.message;
    EXPECT_FALSE(ends.port_a().link_set_down());
    EXPECT_TRUE(wait_carrier(port).carrier);
    EXPECT_EQ(port.read_channels()->current, (control::ChannelCounts{1, 1, {}, {}})) << "restore put the queues back";

    // Counters: frames a sends, b receives.
    const auto before_a = port.read_stats();
    const auto before_b = ends.b->read_stats();
    ASSERT_TRUE(before_a && before_b);
    ASSERT_EQ(send_frames(ends.port_a(), ends.ports().tx_pool(), 40), 40U);
    ASSERT_EQ(receive_frames(ends.port_b(), 40), 40U);
    EXPECT_EQ(port.read_stats()->tx_packets - before_a->tx_packets, 40U);
    EXPECT_EQ(ends.b->read_stats()->rx_packets - before_b->rx_packets, 40U);
    // The ring PMD counts packets only: its byte counters stay 0.
    EXPECT_EQ(ends.b->read_stats()->rx_bytes, 0U);
}

// --- memif pair --------------------------------------------------------------

TEST(EthdevMemif, QueueAndRingChangesReadBackTheRestIsUnsupported)
{
    HAMMER_REQUIRE_ROOT();
    const std::string socket = "/tmp/hm-ethdev-" + std::to_string(::getpid()) + ".sock";
    const auto pair = make_pair("em_memif", dpdk_endpoint("em-a", "net_memif40,role=server,id=0,socket=" + socket),
                                dpdk_endpoint("em-b", "net_memif41,role=client,id=0,socket=" + socket));
    OpenedPair ends{pair};
    ASSERT_TRUE(ends.ok());
    for (PortControl* port : {ends.a.get(), ends.b.get()}) {
        SCOPED_TRACE(port->name());
        const auto found = port->read_link();
        ASSERT_TRUE(found) << found.error().describe();
        EXPECT_TRUE(found->carrier);
        EXPECT_EQ(error_of(port->set_admin(false)), EOPNOTSUPP);
        EXPECT_EQ(error_of(port->set_mtu(1400)), EOPNOTSUPP);
        EXPECT_EQ(error_of(port->set_link_modes({10000, {}, false, {}})), EOPNOTSUPP);
        EXPECT_EQ(error_of(port->reset()), EOPNOTSUPP);
        EXPECT_TRUE(wait_carrier(*ends.a).carrier) << "connected again after the refused reset";
        EXPECT_TRUE(wait_carrier(*ends.b).carrier);
        EXPECT_TRUE(port->read_link()->admin_up);
    }

    // The server (a) first: memif's client may have fewer rings than its server.
    for (PortControl* port : {ends.a.get(), ends.b.get()}) {
        SCOPED_TRACE(port->name());
        const auto two = port->set_channels({2, 2, {}, {}});
        ASSERT_TRUE(two) << describe(two);
        EXPECT_EQ(port->read_channels()->current, (control::ChannelCounts{2, 2, {}, {}}));
        EXPECT_TRUE(wait_carrier(*ends.a).carrier);
        EXPECT_TRUE(wait_carrier(*ends.b).carrier);
    }
    for (PortControl* port : {ends.b.get(), ends.a.get()}) {
        SCOPED_TRACE(port->name());
        ASSERT_TRUE(port->set_channels({1, 1, {}, {}}));
        EXPECT_EQ(port->read_channels()->current, (control::ChannelCounts{1, 1, {}, {}}));
    }
    EXPECT_TRUE(wait_carrier(*ends.a).carrier);
    EXPECT_TRUE(wait_carrier(*ends.b).carrier);

    const auto rings = ends.a->read_rings();
    ASSERT_TRUE(rings) << rings.error().describe();
    const auto smaller = ends.a->set_rings({512, {}, {}, 512});
    ASSERT_TRUE(smaller) << describe(smaller);
    EXPECT_EQ(ends.a->read_rings()->current, (control::RingSizes{512, {}, {}, 512}));
    EXPECT_TRUE(wait_carrier(*ends.a).carrier);
    EXPECT_TRUE(wait_carrier(*ends.b).carrier);
    ASSERT_TRUE(ends.a->set_rings(rings->current));
    EXPECT_EQ(ends.a->read_rings()->current, rings->current);
    EXPECT_TRUE(wait_carrier(*ends.b).carrier);
}

// --- virtio-user against vhost-user, both in this process ------------------------

// Not through the opener: DPDK 22.11's vhost PMD makes its socket at
// configure (rte_eth_vhost.c vhost_driver_setup), and virtio-user connects
// at probe (or, as server, blocks in accept() at probe), while the runtime
// probes both ports of a pair before it configures either. The pair is made
// here as the runtime would make it, vhost configured before virtio-user is
// probed, and driven through EthdevPort.
TEST(EthdevVirtio, VirtioUserAgainstVhostUser)
{
    HAMMER_REQUIRE_ROOT();
    const auto engine = harness().runtime->engine(); // EAL, as the other tests have it
    ASSERT_TRUE(engine) << engine.error().to_string();
    const auto directory =
        std::filesystem::temp_directory_path() / ("hm-ethdev-vhost-" + std::to_string(::getpid()));
    std::filesystem::create_directories(directory);
    struct RemoveDirectory {
        std::filesystem::path path;
        ~RemoveDirectory() { std::filesystem::remove_all(path); }
    } remove_directory{directory};
    const std::string socket = (directory / "vhost.sock").string();

    auto pool = Mempool::create("ev_pool", 8192, 256, Mempool::standard_data_room, SOCKET_ID_ANY);
    ASSERT_TRUE(pool) << pool.error().to_string();
    auto vhost_port = Port::probe("net_vhost40,iface=" + socket + ",queues=2");
    ASSERT_TRUE(vhost_port) << vhost_port.error().to_string();
    ASSERT_TRUE(vhost_port->configure({})) << "makes the socket";
    auto virtio_port = Port::probe("net_virtio_user40,path=" + socket + ",queues=2");
    ASSERT_TRUE(virtio_port) << virtio_port.error().to_string();
    ASSERT_TRUE(virtio_port->configure({}));
    for (Port* port : {&vhost_port.value(), &virtio_port.value()}) {
        const auto queues = port->setup_queues(pool->get());
        ASSERT_TRUE(queues) << queues.error().to_string();
        const auto started = port->start();
        ASSERT_TRUE(started) << started.error().to_string();
    }
    // Closed in reverse: virtio-user (b) before vhost (a).
    auto ports = std::make_unique<PairPorts>(PairPorts{"ev_virtio", "host/ev-a", "host/ev-b", std::move(pool).value(),
                                                       std::nullopt, std::move(vhost_port).value(),
                                                       std::move(virtio_port).value(), 0, 0, nullptr, 1, {}, {}});
    EthdevPort vhost{harness().runtime, *ports, true};
    EthdevPort virtio{harness().runtime, *ports, false};
    EXPECT_EQ(virtio.name(), "port " + std::to_string(ports->b.id()) + " (net_virtio_user40)");

    const auto found = wait_carrier(virtio);
    EXPECT_TRUE(found.admin_up);
    EXPECT_TRUE(found.carrier);
    EXPECT_TRUE(wait_carrier(vhost).carrier);
    const auto down = virtio.set_admin(false);
    EXPECT_EQ(error_of(down), EOPNOTSUPP) << "virtio has no dev_set_link_down: " << describe(down);
    EXPECT_EQ(error_of(vhost.set_admin(false)), EOPNOTSUPP);

    const auto channels = virtio.read_channels();
    ASSERT_TRUE(channels) << channels.error().describe();
    EXPECT_EQ(channels->maximum.rx, 2U) << "queues=2";
    EXPECT_EQ(channels->current.rx, 1U);
    for (PortControl* port : {static_cast<PortControl*>(&vhost), static_cast<PortControl*>(&virtio)}) {
        SCOPED_TRACE(port->name());
        const auto two = port->set_channels({2, 2, {}, {}});
        ASSERT_TRUE(two) << describe(two);
        EXPECT_EQ(port->read_channels()->current, (control::ChannelCounts{2, 2, {}, {}}));
        EXPECT_TRUE(wait_carrier(virtio).carrier);
        EXPECT_TRUE(wait_carrier(vhost).carrier);
    }
    EXPECT_EQ(error_of(virtio.set_channels({3, 3, {}, {}})), EINVAL);
    for (PortControl* port : {static_cast<PortControl*>(&virtio), static_cast<PortControl*>(&vhost)}) {
        SCOPED_TRACE(port->name());
        ASSERT_TRUE(port->set_channels(channels->current));
        EXPECT_EQ(port->read_channels()->current, channels->current);
    }
    EXPECT_TRUE(wait_carrier(virtio).carrier);
    EXPECT_TRUE(wait_carrier(vhost).carrier);

    const auto mtu = virtio.set_mtu(1400);
    ASSERT_TRUE(mtu) << describe(mtu);
    EXPECT_EQ(virtio.read_link()->mtu, 1400U);
    ASSERT_TRUE(virtio.set_mtu(found.mtu));
    EXPECT_EQ(virtio.read_link()->mtu, found.mtu);
    EXPECT_EQ(error_of(vhost.set_mtu(1400)), EOPNOTSUPP) << "vhost has no mtu_set";

    const auto modes = virtio.read_link_modes();
    ASSERT_TRUE(modes) << modes.error().describe();
    EXPECT_EQ(error_of(virtio.reset()), EOPNOTSUPP);
    EXPECT_TRUE(wait_carrier(virtio).carrier);
    EXPECT_TRUE(wait_carrier(vhost).carrier);
    // virtio counts multicast per queue only (rx_q0_multicast_packets):
    // read_stats sums them.
    const auto before = virtio.read_stats();
    ASSERT_TRUE(before) << before.error().describe();
    ASSERT_EQ(send_frames(ports->a, ports->pool.get(), 10, true), 10U);
    ASSERT_EQ(send_frames(ports->a, ports->pool.get(), 5), 5U);
    EXPECT_EQ(receive_frames(ports->b, 15), 15U);
    const auto after = virtio.read_stats();
    ASSERT_TRUE(after) << after.error().describe();
    EXPECT_EQ(after->rx_packets - before->rx_packets, 15U);
    EXPECT_EQ(after->multicast - before->multicast, 10U) << "broadcast frames are not multicast here";
    EXPECT_EQ(vhost.read_stats()->tx_packets, 15U);
}

} // namespace
} // namespace hammer::pmd_ops
