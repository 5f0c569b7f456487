// Several queues per port and several lcores per job: every queue owned by
// one lcore, flows spread over the queues, every flow checked wherever it
// lands, per-queue counters adding up to the direction's totals.
#include "pmd_ops/engine.hpp"
#include "pmd_ops/pair_stop.hpp"
#include "pmd_ops/mempool.hpp"
#include "pmd_ops/port.hpp"
#include "tests/pmd_ops/dpdk_environment.hpp"
#include "tests/pmd_ops/test_netns.hpp"

#include <rte_memory.h>

#include <gtest/gtest.h>

#include <set>
#include <thread>
#include <unistd.h>

namespace hammer::pmd_ops {
namespace {

using namespace std::chrono_literals;

struct QueuedPorts {
    Mempool pool;
    Port a;
    Port b;
    std::uint16_t queues = 1;
};

void bring_up(Port& port, Mempool& pool, std::uint16_t queues)
{
    ASSERT_TRUE(port.configure({queues, queues, 1024, 1024, 0})) << port.name();
    ASSERT_TRUE(port.setup_queues(pool.get())) << port.name();
    ASSERT_TRUE(port.start()) << port.name();
}

/// A ring pair with `rings` rings each way, configured for `queues` of them.
std::optional<QueuedPorts> ring_ports(const std::string& name, std::uint16_t queues, std::uint16_t rings)
{
    auto pool = Mempool::create(name, 16384, 256, Mempool::standard_data_room, SOCKET_ID_ANY);
    EXPECT_TRUE(pool) << pool.error().to_string();
    auto pair = Port::ring_pair(name + "a", name + "b", 1024, rings);
    EXPECT_TRUE(pair) << pair.error().to_string();
    if (!pool || !pair) {
        return std::nullopt;
    }
    QueuedPorts ports{std::move(pool).value(), std::move(pair->first), std::move(pair->second), queues};
    bring_up(ports.a, ports.pool, queues);
    bring_up(ports.b, ports.pool, queues);
    return ports;
}

/// A memif server (a) and client (b) in this process, `queues` each, connected.
std::optional<QueuedPorts> memif_ports(const std::string& name, unsigned first_id, std::uint16_t queues)
{
    const std::string socket = "/tmp/hm-" + name + "-" + std::to_string(::getpid()) + ".sock";
    auto pool = Mempool::create(name, 16384, 256, Mempool::standard_data_room, SOCKET_ID_ANY);
    EXPECT_TRUE(pool) << pool.error().to_string();
    auto server = Port::probe("net_memif" + std::to_string(first_id) + ",role=server,id=0,socket=" + socket);
    EXPECT_TRUE(server) << server.error().to_string();
    auto client = Port::probe("net_memif" + std::to_string(first_id + 1) + ",role=client,id=0,socket=" + socket);
    EXPECT_TRUE(client) << client.error().to_string();
    if (!pool || !server || !client) {
        return std::nullopt;
    }
    QueuedPorts ports{std::move(pool).value(), std::move(server).value(), std::move(client).value(), queues};
    bring_up(ports.a, ports.pool, queues);
    bring_up(ports.b, ports.pool, queues);
    EXPECT_TRUE(ports.b.wait_link_up(5s)->up) << "memif client connected";
    EXPECT_TRUE(ports.a.wait_link_up(5s)->up) << "memif server connected";
    return ports;
}

/// af_packet ports on the two veth ends of `netns`, `queues` packet sockets
/// each (qpairs), in the kernel's fanout group.
std::optional<QueuedPorts> af_packet_ports(const testing::TestNetns& netns, const std::string& name,
                                           unsigned first_id, std::uint16_t queues)
{
    auto pool = Mempool::create(name, 16384, 256, Mempool::standard_data_room, SOCKET_ID_ANY);
    EXPECT_TRUE(pool) << pool.error().to_string();
    const std::string qpairs = ",qpairs=" + std::to_string(queues);
    auto a = Port::probe("net_af_packet" + std::to_string(first_id) + ",iface=" + netns.veth_a() + qpairs,
                         netns.name());
    EXPECT_TRUE(a) << a.error().to_string();
    auto b = Port::probe("net_af_packet" + std::to_string(first_id + 1) + ",iface=" + netns.veth_b() + qpairs,
                         netns.name());
    EXPECT_TRUE(b) << b.error().to_string();
    if (!pool || !a || !b) {
        return std::nullopt;
    }
    QueuedPorts ports{std::move(pool).value(), std::move(a).value(), std::move(b).value(), queues};
    bring_up(ports.a, ports.pool, queues);
    bring_up(ports.b, ports.pool, queues);
    return ports;
}

TrafficProfile both_ways(const QueuedPorts& ports, std::uint64_t rate_pps, std::uint16_t size = 64)
{
    TrafficProfile profile;
    profile.rate_pps = rate_pps;
    profile.verify_payload = true;
    profile.directions.push_back({ports.a.id(), ports.b.id(), ports.pool.get(), {{FrameClass::unicast, size}}, {}});
    profile.directions.push_back({ports.b.id(), ports.a.id(), ports.pool.get(), {{FrameClass::unicast, size}}, {}});
    for (auto& direction : profile.directions) {
        direction.queues = ports.queues;
    }
    return profile;
}

std::unique_ptr<Engine> launch_engine()
{
    auto engine = Engine::launch(testing::DpdkEnvironment::eal()->worker_lcores(),
                                 testing::DpdkEnvironment::eal()->tsc_hz());
    EXPECT_TRUE(engine) << engine.error().to_string();
    return engine ? std::move(engine).value() : nullptr;
}

/// No loss, nothing altered, and each queue's counters adding up to the direction's.
void expect_lossless_per_queue(const TrafficReport& report, std::uint16_t queues)
{
    EXPECT_TRUE(report.settled);
    for (const auto& direction : report.directions) {
        EXPECT_GT(direction.tx_packets, 0U);
        EXPECT_EQ(direction.rx_packets, direction.tx_packets);
        EXPECT_EQ(direction.lost, 0U);
        EXPECT_EQ(direction.duplicates, 0U);
        EXPECT_EQ(direction.rx_payload_errors, 0U);
        ASSERT_EQ(direction.queues.size(), queues);
        std::uint64_t tx = 0;
        std::uint64_t rx = 0;
        std::uint64_t tx_bytes = 0;
        for (const QueueReport& queue : direction.queues) {
            EXPECT_GT(queue.tx_packets, 0U) << "TX queue " << queue.tx_queue;
            EXPECT_GT(queue.rx_packets, 0U) << "RX queue " << queue.rx_queue;
            tx += queue.tx_packets;
            rx += queue.rx_packets;
            tx_bytes += queue.tx_bytes;
        }
        EXPECT_EQ(tx, direction.tx_packets);
        EXPECT_EQ(rx, direction.rx_packets);
        EXPECT_EQ(tx_bytes, direction.tx_bytes);
    }
}

std::set<unsigned> lcores_of(const TrafficReport& report)
{
    std::set<unsigned> lcores;
    for (const auto& direction : report.directions) {
        for (const QueueReport& queue : direction.queues) {
            lcores.insert(queue.tx_lcore);
            lcores.insert(queue.rx_lcore);
        }
    }
    return lcores;
}

TEST(EngineQueues, FourQueuesOnTwoDedicatedLcoresLossless)
{
    HAMMER_REQUIRE_EAL();
    auto ports = ring_ports("eq_four", 4, 4);
    ASSERT_TRUE(ports);
    auto engine = launch_engine();
    ASSERT_TRUE(engine);
    ASSERT_GE(engine->lcore_count(), 2U);
    auto profile = both_ways(*ports, 200000);
    profile.lcores = {engine->lcores()[0], engine->lcores()[1]};
    const auto report = engine->run(profile, 300ms, {});
    ASSERT_TRUE(report) << report.error().to_string();
    expect_lossless_per_queue(report.value(), 4);
    EXPECT_EQ(lcores_of(report.value()), std::set<unsigned>(profile.lcores.begin(), profile.lcores.end()));
    for (const auto& direction : report->directions) {
        EXPECT_EQ(direction.flows, 64U) << "16 flows a queue by default";
        for (const QueueReport& queue : direction.queues) {
            // A ring carries queue q to queue q: each flow stays on the queue it left by.
            EXPECT_EQ(queue.tx_queue, queue.rx_queue);
            EXPECT_EQ(queue.tx_packets, queue.rx_packets);
            // No more lcores than queues: a queue's TX and RX stay together, queue q on lcore q mod 2.
            EXPECT_EQ(queue.tx_lcore, queue.rx_lcore);
            EXPECT_EQ(queue.tx_lcore, profile.lcores[queue.tx_queue % 2]);
        }
    }
    EXPECT_EQ(ports->pool.available(), ports->pool.size()) << "every mbuf back in the pool";
}

TEST(EngineQueues, MoreLcoresThanQueuesSplitTransmitAndReceive)
{
    HAMMER_REQUIRE_EAL();
    auto ports = ring_ports("eq_split", 1, 1);
    ASSERT_TRUE(ports);
    auto engine = launch_engine();
    ASSERT_TRUE(engine);
    ASSERT_GE(engine->lcore_count(), 2U);
    auto profile = both_ways(*ports, 100000);
    profile.lcores = {engine->lcores()[0], engine->lcores()[1]};
    const auto report = engine->run(profile, 300ms, {});
    ASSERT_TRUE(report) << report.error().to_string();
    expect_lossless_per_queue(report.value(), 1);
    for (const auto& direction : report->directions) {
        // Tasks dealt in turn: both directions send on the first lcore and
        // receive on the second, side by side.
        EXPECT_EQ(direction.queues[0].tx_lcore, profile.lcores[0]);
        EXPECT_EQ(direction.queues[0].rx_lcore, profile.lcores[1]);
    }
}

TEST(EngineQueues, SharedPlacementTakesOneLeastBusyLcorePerQueue)
{
    HAMMER_REQUIRE_EAL();
    auto ports = ring_ports("eq_shared", 2, 2);
    ASSERT_TRUE(ports);
    auto engine = launch_engine();
    ASSERT_TRUE(engine);
    ASSERT_GE(engine->lcore_count(), 2U);
    const auto report = engine->run(both_ways(*ports, 100000), 300ms, {});
    ASSERT_TRUE(report) << report.error().to_string();
    expect_lossless_per_queue(report.value(), 2);
    EXPECT_EQ(lcores_of(report.value()).size(), 2U) << "two queues on two idle lcores";
}

TEST(EngineQueues, ManyFlowsEachChecked)
{
    HAMMER_REQUIRE_EAL();
    auto ports = ring_ports("eq_flows", 2, 2);
    ASSERT_TRUE(ports);
    auto engine = launch_engine();
    ASSERT_TRUE(engine);
    auto profile = both_ways(*ports, 200000);
    for (auto& direction : profile.directions) {
        direction.flow_count = 65536;
    }
    const auto report = engine->run(profile, 500ms, {});
    ASSERT_TRUE(report) << report.error().to_string();
    expect_lossless_per_queue(report.value(), 2);
    EXPECT_EQ(report->directions[0].flows, 65536U);
    auto too_many = both_ways(*ports, 1000);
    too_many.directions[0].flow_count = 65537;
    EXPECT_THROW(static_cast<void>(engine->start(too_many)), std::invalid_argument);
}

TEST(EngineQueues, FewerFlowsThanQueuesKeepTheRate)
{
    HAMMER_REQUIRE_EAL();
    auto ports = ring_ports("eq_few", 4, 4);
    ASSERT_TRUE(ports);
    auto engine = launch_engine();
    ASSERT_TRUE(engine);
    auto profile = both_ways(*ports, 100000);
    for (auto& direction : profile.directions) {
        direction.flow_count = 2;
    }
    const auto report = engine->run(profile, 500ms, {});
    ASSERT_TRUE(report) << report.error().to_string();
    EXPECT_TRUE(report->settled);
    const double seconds = std::chrono::duration<double>(report->duration).count();
    for (const auto& direction : report->directions) {
        EXPECT_EQ(direction.lost, 0U);
        EXPECT_NEAR(static_cast<double>(direction.tx_packets) / seconds, 100000, 10000)
            << "the rate goes to the two queues that have flows";
        ASSERT_EQ(direction.queues.size(), 4U);
        EXPECT_GT(direction.queues[1].tx_packets, 0U);
        EXPECT_EQ(direction.queues[2].tx_packets, 0U) << "flow i leaves by queue i mod 4";
        EXPECT_EQ(direction.queues[3].tx_packets, 0U);
    }
}

/// Steps both ports through `counts` while a job built for `most` queues
/// runs on two lcores, as queue_change_traffic does: hold, stop both (b,
/// the memif client, first), change both, start a then b, wait for the
/// link, poll the new queues, resume. Traffic must flow after every change.
TrafficReport change_queues_under_traffic(Engine& engine, QueuedPorts& ports, std::uint16_t most,
                                          const std::vector<std::uint16_t>& counts, std::uint64_t rate_pps)
{
    auto profile = both_ways(ports, rate_pps);
    for (auto& direction : profile.directions) {
        direction.queues = most;
    }
    profile.active_queues = ports.queues;
    profile.lcores = {engine.lcores()[0], engine.lcores()[1]};
    auto traffic = engine.start(profile);
    EXPECT_TRUE(traffic) << traffic.error().to_string();
    if (!traffic) {
        return {};
    }
    std::uint64_t before = 0;
    for (const std::uint16_t count : counts) {
        std::this_thread::sleep_for(60ms);
        EXPECT_TRUE(traffic->hold());
        // As the operations do (pair_stop.hpp): b then a, with the waits memif needs.
        const StoppedPair stopped = stop_pair(ports.a, ports.b);
        EXPECT_FALSE(stopped.failure);
        for (Port* port : {&ports.a, &ports.b}) {
            const auto changed = port->change_queues(count, count);
            EXPECT_TRUE(changed) << port->name() << ": " << changed.error().to_string();
        }
        EXPECT_TRUE(start_pair(ports.a, ports.b, stopped, 10s));
        const auto link = ports.b.wait_link_up(10s);
        EXPECT_TRUE(link && link->up) << "link up again on " << count << " queues";
        EXPECT_TRUE(traffic->activate(count));
        traffic->resume();
        std::this_thread::sleep_for(60ms);
        const auto sample = traffic->sample();
        EXPECT_GT(sample[0].rx_packets, before) << "traffic resumed on " << count << " queues";
        before = sample[0].rx_packets;
    }
    return traffic->finish();
}

TEST(EngineQueues, QueueCountChangesUnderTrafficOnMemif)
{
    HAMMER_REQUIRE_EAL();
    auto memif = memif_ports("eq_memif_change", 40, 2);
    ASSERT_TRUE(memif);
    QueuedPorts& ports = *memif;
    auto engine = launch_engine();
    ASSERT_TRUE(engine);
    // Counts of two and more: through one queue and back, DPDK 22.11's memif
    // crashed (SIGSEGV after "EAL: Error: Invalid memory") in about 1 run of
    // 6 (docs/pmd-ops.md, Limits); 2 to 3 to 2 ran 20 of 20.
    const TrafficReport report = change_queues_under_traffic(*engine, ports, 3, {3, 2}, 100000);
    for (const auto& direction : report.directions) {
        EXPECT_EQ(direction.duplicates, 0U);
        EXPECT_EQ(direction.rx_payload_errors, 0U);
        // What was in the memif rings at each stop may be gone; nothing else.
        EXPECT_LE(direction.lost, 3U * 3 * 1024) << "tx " << direction.tx_packets;
        ASSERT_EQ(direction.queues.size(), 3U);
        EXPECT_GT(direction.queues[2].rx_packets, 0U) << "the third queue carried traffic while there were three";
    }
    EXPECT_TRUE(ports.b.close());
    EXPECT_TRUE(ports.a.close());
}

TEST(EngineQueues, QueueCountChangesUnderTrafficOnAfPacket)
{
    HAMMER_REQUIRE_EAL();
    std::string error;
    auto netns = testing::TestNetns::create(1500, error);
    ASSERT_TRUE(netns) << error;
    auto afp = af_packet_ports(*netns, "eq_afp_change", 30, 2);
    ASSERT_TRUE(afp);
    QueuedPorts& ports = *afp;
    auto engine = launch_engine();
    ASSERT_TRUE(engine);
    // Down to one queue and back: the kernel keeps hashing half the flows to
    // the second socket while its queue is gone (docs/pmd-ops.md, Limits),
    // and they come out once it is set up again, late but not lost.
    const TrafficReport report = change_queues_under_traffic(*engine, ports, 2, {1, 2}, 2000);
    for (const auto& direction : report.directions) {
        EXPECT_EQ(direction.duplicates, 0U);
        EXPECT_EQ(direction.rx_payload_errors, 0U);
        EXPECT_LE(direction.lost, direction.tx_packets / 100) << "tx " << direction.tx_packets;
        ASSERT_EQ(direction.queues.size(), 2U);
        EXPECT_GT(direction.queues[1].rx_packets, 0U);
    }
}

TEST(EngineQueues, QueueCountChangesUnderTrafficOnTap)
{
    HAMMER_REQUIRE_EAL();
    std::string error;
    auto netns = testing::TestNetns::create(1500, error);
    ASSERT_TRUE(netns) << error;
    auto pool = Mempool::create("eq_tap_change", 16384, 256, Mempool::standard_data_room, SOCKET_ID_ANY);
    ASSERT_TRUE(pool) << pool.error().to_string();
    // The tap PMD makes its interfaces in the namespace it is probed in.
    auto a = Port::probe("net_tap20,iface=hmqtap0", netns->name());
    ASSERT_TRUE(a) << a.error().to_string();
    auto b = Port::probe("net_tap21,iface=hmqtap1", netns->name());
    ASSERT_TRUE(b) << b.error().to_string();
    QueuedPorts ports{std::move(pool).value(), std::move(a).value(), std::move(b).value(), 2};
    bring_up(ports.a, ports.pool, 2);
    bring_up(ports.b, ports.pool, 2);
    EXPECT_TRUE(ports.a.rss()) << "tap hashes IP and UDP";
    // Frames loop back only through the kernel: a bridge joins the two taps.
    ASSERT_TRUE(netns->ip("link add hmqbr type bridge"));
    ASSERT_TRUE(netns->ip("link set hmqtap0 master hmqbr"));
    ASSERT_TRUE(netns->ip("link set hmqtap1 master hmqbr"));
    ASSERT_TRUE(netns->ip("link set hmqbr up"));
    ASSERT_TRUE(ports.a.wait_link_up(5s)->up);
    auto engine = launch_engine();
    ASSERT_TRUE(engine);
    const TrafficReport report = change_queues_under_traffic(*engine, ports, 3, {3, 2}, 20000);
    for (const auto& direction : report.directions) {
        EXPECT_EQ(direction.duplicates, 0U);
        EXPECT_EQ(direction.rx_payload_errors, 0U);
        // A stopped tap drops what the kernel hands it meanwhile.
        EXPECT_LE(direction.lost, direction.tx_packets / 100) << "tx " << direction.tx_packets;
        ASSERT_EQ(direction.queues.size(), 3U);
        for (const QueueReport& queue : direction.queues) {
            // The kernel's flow hash picks the queue: every one of them got flows.
            EXPECT_GT(queue.rx_packets, 0U) << "RX queue " << queue.rx_queue;
        }
    }
    EXPECT_TRUE(ports.a.close());
    EXPECT_TRUE(ports.b.close());
}

TEST(EngineQueues, QueueCountChangesUnderTrafficOnRingPair)
{
    HAMMER_REQUIRE_EAL();
    auto ports = ring_ports("eq_change", 2, 4);
    ASSERT_TRUE(ports);
    auto engine = launch_engine();
    ASSERT_TRUE(engine);
    {
        auto profile = both_ways(*ports, 1000);
        for (auto& direction : profile.directions) {
            direction.queues = 4;
        }
        profile.active_queues = 2;
        auto traffic = engine->start(profile);
        ASSERT_TRUE(traffic) << traffic.error().to_string();
        EXPECT_FALSE(traffic->activate(4)) << "only while held";
        ASSERT_TRUE(traffic->hold());
        EXPECT_FALSE(traffic->activate(5)) << "beyond the queues the job was built for";
        traffic->resume();
        static_cast<void>(traffic->finish());
    }
    const TrafficReport report = change_queues_under_traffic(*engine, *ports, 4, {4, 1, 3}, 100000);
    for (const auto& direction : report.directions) {
        EXPECT_EQ(direction.duplicates, 0U);
        EXPECT_EQ(direction.rx_payload_errors, 0U);
        // What was in the rings the changes took away may be gone; nothing else.
        EXPECT_LE(direction.lost, 3U * 1024) << "tx " << direction.tx_packets;
        ASSERT_EQ(direction.queues.size(), 4U);
        EXPECT_GT(direction.queues[3].tx_packets, 0U) << "the fourth queue carried traffic while there were four";
    }
}

TEST(EngineQueues, MemifTwoQueuesTwoLcoresLossless)
{
    HAMMER_REQUIRE_EAL();
    auto memif = memif_ports("eq_memif", 30, 2);
    ASSERT_TRUE(memif);
    QueuedPorts& ports = *memif;
    auto engine = launch_engine();
    ASSERT_TRUE(engine);
    auto profile = both_ways(ports, 100000);
    profile.lcores = {engine->lcores()[0], engine->lcores()[1]};
    const auto report = engine->run(profile, 300ms, {});
    ASSERT_TRUE(report) << report.error().to_string();
    expect_lossless_per_queue(report.value(), 2);
    // Traffic has stopped: the client may go first (see MACHINE-NOTES).
    EXPECT_TRUE(ports.b.close());
    EXPECT_TRUE(ports.a.close());
}

TEST(EngineQueues, AfPacketFanoutSpreadsFlowsOverQueues)
{
    HAMMER_REQUIRE_EAL();
    std::string error;
    auto netns = testing::TestNetns::create(1500, error);
    ASSERT_TRUE(netns) << error;
    auto afp = af_packet_ports(*netns, "eq_afp", 20, 2);
    ASSERT_TRUE(afp);
    QueuedPorts& ports = *afp;
    auto engine = launch_engine();
    ASSERT_TRUE(engine);
    auto profile = both_ways(ports, 20000);
    profile.lcores = {engine->lcores()[0], engine->lcores()[1]};
    const auto report = engine->run(profile, 300ms, {});
    ASSERT_TRUE(report) << report.error().to_string();
    // The kernel's fanout hash picks the socket (RX queue) per flow: every
    // queue gets some of the 32 flows, each checked where it lands.
    expect_lossless_per_queue(report.value(), 2);
}

} // namespace
} // namespace hammer::pmd_ops
