#include "pmd_ops/engine.hpp"
#include "pmd_ops/frame_mix.hpp"
#include "pmd_ops/pair_stop.hpp"
#include "pmd_ops/mempool.hpp"
#include "pmd_ops/port.hpp"
#include "pmd_ops/tsan_handoff.hpp"
#include "tests/pmd_ops/dpdk_environment.hpp"
#include "tests/pmd_ops/test_netns.hpp"

#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include <gtest/gtest.h>

#include <thread>
#include <unistd.h>

namespace hammer::pmd_ops {
namespace {

using namespace std::chrono_literals;

/// Two started ports and the pool they share.
struct Bench {
    Mempool pool;
    Port a;
    Port b;
};

void bring_up(Port& port, Mempool& pool)
{
    ASSERT_TRUE(port.configure({})) << port.name();
    ASSERT_TRUE(port.setup_queues(pool.get())) << port.name();
    ASSERT_TRUE(port.start()) << port.name();
}

std::optional<Bench> ring_bench(const std::string& name, std::uint16_t data_room = Mempool::standard_data_room)
{
    auto pool = Mempool::create(name, 8192, 256, data_room, SOCKET_ID_ANY);
    EXPECT_TRUE(pool) << pool.error().to_string();
    auto pair = Port::ring_pair(name + "a", name + "b", 1024);
    EXPECT_TRUE(pair) << pair.error().to_string();
    if (!pool || !pair) {
        return std::nullopt;
    }
    Bench bench{std::move(pool).value(), std::move(pair->first), std::move(pair->second)};
    bring_up(bench.a, bench.pool);
    bring_up(bench.b, bench.pool);
    return bench;
}

/// A memif server (net_memif<first>) and its client (net_memif<first + 1>)
/// on a socket of this process, started, the link up.
std::optional<Bench> memif_bench(const std::string& name, unsigned first, std::uint16_t data_room)
{
    const std::string socket = "/tmp/hm-pmd-" + name + "-" + std::to_string(::getpid()) + ".sock";
    auto pool = Mempool::create(name, 8192, 256, data_room, SOCKET_ID_ANY);
    EXPECT_TRUE(pool) << pool.error().to_string();
    auto server = Port::probe("net_memif" + std::to_string(first) + ",role=server,id=0,socket=" + socket);
    EXPECT_TRUE(server) << server.error().to_string();
    auto client = Port::probe("net_memif" + std::to_string(first + 1) + ",role=client,id=0,socket=" + socket);
    EXPECT_TRUE(client) << client.error().to_string();
    if (!pool || !server || !client) {
        return std::nullopt;
    }
    Bench bench{std::move(pool).value(), std::move(server).value(), std::move(client).value()};
    bring_up(bench.a, bench.pool);
    bring_up(bench.b, bench.pool);
    const auto b_up = bench.b.wait_link_up(5s);
    const auto a_up = bench.a.wait_link_up(5s);
    EXPECT_TRUE(b_up && b_up->up && a_up && a_up->up) << "memif connected";
    return bench;
}

/// af_packet ports net_af_packet<first> and <first + 1> on the two ends of
/// `netns`'s veth, with `devargs` after the interface, started.
std::optional<Bench> af_packet_bench(const testing::TestNetns& netns, const std::string& name, unsigned first,
                                     const std::string& devargs, std::uint16_t data_room)
{
    auto pool = Mempool::create(name, 8192, 256, data_room, SOCKET_ID_ANY);
    EXPECT_TRUE(pool) << pool.error().to_string();
    auto a = Port::probe("net_af_packet" + std::to_string(first) + ",iface=" + netns.veth_a() + devargs, netns.name());
    EXPECT_TRUE(a) << a.error().to_string();
    auto b =
        Port::probe("net_af_packet" + std::to_string(first + 1) + ",iface=" + netns.veth_b() + devargs, netns.name());
    EXPECT_TRUE(b) << b.error().to_string();
    if (!pool || !a || !b) {
        return std::nullopt;
    }
    Bench bench{std::move(pool).value(), std::move(a).value(), std::move(b).value()};
    bring_up(bench.a, bench.pool);
    bring_up(bench.b, bench.pool);
    return bench;
}

TrafficProfile both_ways(const Bench& bench, std::vector<FrameSpec> flows, std::uint64_t rate_pps = 0)
{
    TrafficProfile profile;
    profile.rate_pps = rate_pps;
    profile.directions.push_back({bench.a.id(), bench.b.id(), bench.pool.get(), flows, {}});
    profile.directions.push_back({bench.b.id(), bench.a.id(), bench.pool.get(), flows, {}});
    return profile;
}

std::unique_ptr<Engine> launch_engine()
{
    auto engine = Engine::launch(testing::DpdkEnvironment::eal()->worker_lcores(),
                                 testing::DpdkEnvironment::eal()->tsc_hz());
    EXPECT_TRUE(engine) << engine.error().to_string();
    return engine ? std::move(engine).value() : nullptr;
}

void expect_lossless(const TrafficReport& report)
{
    EXPECT_TRUE(report.settled);
    for (const auto& direction : report.directions) {
        EXPECT_GT(direction.tx_packets, 0U);
        EXPECT_EQ(direction.rx_packets, direction.tx_packets);
        EXPECT_EQ(direction.lost, 0U);
        EXPECT_EQ(direction.reordered, 0U);
        EXPECT_EQ(direction.duplicates, 0U);
        EXPECT_EQ(direction.rx_payload_errors, 0U);
        EXPECT_EQ(direction.latency.count, direction.rx_packets);
    }
}

TEST(Engine, RingPairBothWaysUnpacedIsLossless)
{
    HAMMER_REQUIRE_EAL();
    auto bench = ring_bench("eg_unpaced");
    ASSERT_TRUE(bench);
    auto engine = launch_engine();
    ASSERT_TRUE(engine);
    auto profile = both_ways(*bench, {{FrameClass::unicast, 64}});
    profile.verify_payload = true;
    const auto report = engine->run(profile, 300ms, {});
    ASSERT_TRUE(report) << report.error().to_string();
    expect_lossless(report.value());
    const auto& forward = report->directions[0];
    EXPECT_GT(forward.tx_packets, 10000U) << "an unpaced ring pair moves millions of frames per second";
    EXPECT_EQ(forward.tx_bytes, forward.tx_packets * 64);
    EXPECT_LE(forward.latency.min_ns, forward.latency.p50_ns);
    EXPECT_LE(forward.latency.p50_ns, forward.latency.p99_ns);
    EXPECT_LE(forward.latency.p99_ns, forward.latency.max_ns);
    EXPECT_EQ(bench->pool.available(), bench->pool.size()) << "every mbuf back in the pool";
}

TEST(Engine, PacedRateIsKept)
{
    HAMMER_REQUIRE_EAL();
    auto bench = ring_bench("eg_paced");
    ASSERT_TRUE(bench);
    auto engine = launch_engine();
    ASSERT_TRUE(engine);
    const auto report = engine->run(both_ways(*bench, {{FrameClass::unicast, 128}}, 100000), 500ms, {});
    ASSERT_TRUE(report) << report.error().to_string();
    expect_lossless(report.value());
    const double seconds = std::chrono::duration<double>(report->duration).count();
    const double pps = static_cast<double>(report->directions[0].tx_packets) / seconds;
    EXPECT_NEAR(pps, 100000, 10000);
}

TEST(Engine, ClassMixIsSentAndCountedPerClass)
{
    HAMMER_REQUIRE_EAL();
    auto bench = ring_bench("eg_mix");
    ASSERT_TRUE(bench);
    auto engine = launch_engine();
    ASSERT_TRUE(engine);
    TrafficProfile profile = both_ways(
        *bench, {{FrameClass::unicast, 64}, {FrameClass::multicast, 64}, {FrameClass::broadcast, 64}}, 200000);
    for (auto& direction : profile.directions) {
        direction.mix = {0, 0, 0, 0, 0, 0, 0, 0, 1, 2}; // 8:1:1
    }
    const auto report = engine->run(profile, 300ms, {});
    ASSERT_TRUE(report) << report.error().to_string();
    expect_lossless(report.value());
    for (const auto& direction : report->directions) {
        EXPECT_EQ(direction.tx_by_class, direction.rx_by_class);
        const auto unicast = direction.tx_by_class[0];
        const auto multicast = direction.tx_by_class[1];
        EXPECT_NEAR(static_cast<double>(unicast), 8.0 * static_cast<double>(multicast), 8.0);
        EXPECT_NEAR(static_cast<double>(direction.tx_by_class[2]), static_cast<double>(multicast), 1.0);
    }
}

/// A wire with faults, driven by a test thread: frames sent into `from`'s
/// peer are taken off at `from` and sent on through `to` to its peer, where
/// the job expects them. Every `every`-th frame is dropped, duplicated,
/// swapped with the next one, or has one payload bit flipped.
class FaultyWire {
public:
    enum class Fault { drop, duplicate, swap, corrupt };

    FaultyWire(const Port& from, const Port& to, rte_mempool* pool, Fault fault, unsigned every)
        : thread_{[this, &from, &to, pool, fault, every](std::stop_token stop) {
              forward(from.id(), to.id(), pool, fault, every, stop);
          }}
    {
    }

    /// Stops forwarding; how many frames were faulted.
    std::uint64_t stop()
    {
        thread_.request_stop();
        thread_.join();
        return faults_;
    }

private:
    void forward(std::uint16_t from, std::uint16_t to, rte_mempool* pool, Fault fault, unsigned every,
                 std::stop_token stop)
    {
        std::array<rte_mbuf*, 64> frames{};
        std::uint64_t seen = 0;
        while (!stop.stop_requested()) {
            const std::uint16_t n = rte_eth_rx_burst(from, 0, frames.data(), 32);
            take_from_dpdk(frames.data(), n);
            std::uint16_t out = 0;
            std::array<rte_mbuf*, 64> send{};
            for (std::uint16_t i = 0; i < n; ++i) {
                rte_mbuf* frame = frames[i];
                const bool hit = ++seen % every == 0;
                if (hit && fault == Fault::drop) {
                    give_to_dpdk(&frame, 1);
                    rte_pktmbuf_free(frame);
                    ++faults_;
                    continue;
                }
                if (hit && fault == Fault::corrupt) {
                    rte_pktmbuf_mtod(frame, std::uint8_t*)[rte_pktmbuf_data_len(frame) - 1] ^= 0x10;
                    ++faults_;
                }
                send[out++] = frame;
                if (hit && fault == Fault::duplicate) {
                    send[out++] = rte_pktmbuf_copy(frame, pool, 0, UINT32_MAX);
                    take_from_dpdk(&send[out - 1], 1);
                    ++faults_;
                }
                if (hit && fault == Fault::swap && out >= 2) {
                    std::swap(send[out - 1], send[out - 2]);
                    ++faults_;
                }
            }
            give_to_dpdk(send.data(), out);
            std::uint16_t sent = 0;
            while (sent < out) {
                sent = static_cast<std::uint16_t>(sent + rte_eth_tx_burst(to, 0, send.data() + sent, out - sent));
            }
            if (n == 0) {
                std::this_thread::sleep_for(20us);
            }
        }
    }

    std::uint64_t faults_ = 0;
    std::jthread thread_;
};

/// Traffic a → (wire) → d over two ring pairs (a,b) and (c,d), the wire
/// carrying frames from b to c with `fault` every 97th frame.
DirectionReport through_faulty_wire(const std::string& name, FaultyWire::Fault fault, std::uint64_t& faults)
{
    auto first = ring_bench(name + "1");
    auto second = ring_bench(name + "2");
    EXPECT_TRUE(first && second);
    auto engine = launch_engine();
    if (!first || !second || !engine) {
        return {};
    }
    TrafficProfile profile;
    profile.rate_pps = 100000;
    profile.verify_payload = true;
    profile.directions.push_back({first->a.id(), second->b.id(), first->pool.get(),
                                  {{FrameClass::unicast, 128, 0, PayloadPattern::random, 5}}, {}});
    FaultyWire wire{first->b, second->a, first->pool.get(), fault, 97};
    auto report = engine->run(profile, 200ms, {});
    faults = wire.stop();
    EXPECT_TRUE(report) << report.error().to_string();
    return report ? report->directions[0] : DirectionReport{};
}

TEST(Engine, DroppedFramesAreCountedLost)
{
    HAMMER_REQUIRE_EAL();
    std::uint64_t dropped = 0;
    const auto direction = through_faulty_wire("eg_drop", FaultyWire::Fault::drop, dropped);
    ASSERT_GT(dropped, 0U);
    EXPECT_EQ(direction.lost, dropped);
    EXPECT_EQ(direction.rx_packets + dropped, direction.tx_packets);
    EXPECT_EQ(direction.duplicates, 0U);
    EXPECT_EQ(direction.rx_payload_errors, 0U);
}

TEST(Engine, DuplicatedFramesAreCountedOnce)
{
    HAMMER_REQUIRE_EAL();
    std::uint64_t duplicated = 0;
    const auto direction = through_faulty_wire("eg_dup", FaultyWire::Fault::duplicate, duplicated);
    ASSERT_GT(duplicated, 0U);
    EXPECT_EQ(direction.duplicates, duplicated);
    EXPECT_EQ(direction.lost, 0U);
    EXPECT_EQ(direction.rx_packets, direction.tx_packets + duplicated);
}

TEST(Engine, SwappedFramesAreCountedReordered)
{
    HAMMER_REQUIRE_EAL();
    std::uint64_t swapped = 0;
    const auto direction = through_faulty_wire("eg_swap", FaultyWire::Fault::swap, swapped);
    ASSERT_GT(swapped, 0U);
    EXPECT_EQ(direction.reordered, swapped);
    EXPECT_EQ(direction.lost, 0U);
    EXPECT_EQ(direction.duplicates, 0U);
}

TEST(Engine, AlteredPayloadIsCaught)
{
    HAMMER_REQUIRE_EAL();
    std::uint64_t corrupted = 0;
    const auto direction = through_faulty_wire("eg_bits", FaultyWire::Fault::corrupt, corrupted);
    ASSERT_GT(corrupted, 0U);
    EXPECT_EQ(direction.rx_payload_errors, corrupted);
    EXPECT_EQ(direction.lost, 0U);
}

TEST(Engine, DescriptorChangesUnderTrafficOnRingPair)
{
    HAMMER_REQUIRE_EAL();
    auto bench = ring_bench("eg_rings");
    ASSERT_TRUE(bench);
    auto engine = launch_engine();
    ASSERT_TRUE(engine);
    auto traffic = engine->start(both_ways(*bench, {{FrameClass::unicast, 64}}, 200000));
    ASSERT_TRUE(traffic) << traffic.error().to_string();
    std::uint64_t before = 0;
    for (const std::uint16_t size : {512, 1024, 2048}) {
        std::this_thread::sleep_for(30ms);
        ASSERT_TRUE(traffic->hold());
        for (Port* port : {&bench->a, &bench->b}) {
            const auto changed = port->change_descriptors(size, size);
            ASSERT_TRUE(changed) << changed.error().to_string();
        }
        traffic->resume();
        std::this_thread::sleep_for(30ms);
        const auto sample = traffic->sample();
        EXPECT_GT(sample[0].rx_packets, before) << "traffic resumed after the change to " << size;
        before = sample[0].rx_packets;
    }
    const TrafficReport report = traffic->finish();
    expect_lossless(report);
}

/// `mix` both ways over `bench`, every byte checked, for `duration`:
/// lossless, and the sizes add up to the totals.
TrafficReport run_mix(Bench& bench, const FrameMix& mix, std::uint64_t rate_pps, std::chrono::milliseconds duration)
{
    auto engine = launch_engine();
    EXPECT_TRUE(engine);
    if (!engine) {
        return {};
    }
    auto profile = both_ways(bench, mix.kinds, rate_pps);
    for (auto& direction : profile.directions) {
        direction.mix = mix.order;
    }
    profile.verify_payload = true;
    const auto report = engine->run(profile, duration, {});
    EXPECT_TRUE(report) << report.error().to_string();
    if (!report) {
        return {};
    }
    expect_lossless(report.value());
    for (const auto& direction : report->directions) {
        std::uint64_t tx = 0;
        std::uint64_t rx = 0;
        std::uint64_t rx_bytes = 0;
        for (const SizeCount& size : direction.by_size) {
            tx += size.tx_packets;
            rx += size.rx_packets;
            rx_bytes += size.rx_packets * size.size;
        }
        EXPECT_EQ(tx, direction.tx_packets) << "the sizes add up to the frames sent";
        EXPECT_EQ(rx, direction.rx_packets) << "the sizes add up to the frames received";
        EXPECT_EQ(rx_bytes, direction.rx_bytes);
    }
    return report.value();
}

/// Each size's share of the frames sent is its weight's within 1 %, over at least 100 000 frames.
void expect_shares(const TrafficReport& report, const std::vector<SizeShare>& sizes)
{
    double total_weight = 0;
    for (const SizeShare& share : sizes) {
        total_weight += share.weight;
    }
    for (const auto& direction : report.directions) {
        EXPECT_GE(direction.tx_packets, 100000U);
        ASSERT_EQ(direction.by_size.size(), sizes.size());
        for (std::size_t i = 0; i < sizes.size(); ++i) {
            EXPECT_EQ(direction.by_size[i].size, sizes[i].size);
            const double share =
                static_cast<double>(direction.by_size[i].tx_packets) / static_cast<double>(direction.tx_packets);
            EXPECT_NEAR(share, sizes[i].weight / total_weight, 0.01) << "size " << sizes[i].size;
        }
    }
}

TEST(Engine, ImixKeepsItsSharesByteExactOnRing)
{
    HAMMER_REQUIRE_EAL();
    auto bench = ring_bench("eg_imix");
    ASSERT_TRUE(bench);
    const auto report = run_mix(*bench, mix_sizes({FrameSpec{}}, {1}, csit_imix()), 400000, 400ms);
    expect_shares(report, csit_imix());
}

TEST(Engine, SizeSweepAndImixByteExactOnMemif)
{
    HAMMER_REQUIRE_EAL();
    auto memif = memif_bench("eg_memif_imix", 30, Mempool::standard_data_room);
    ASSERT_TRUE(memif);
    Bench& bench = *memif;
    const std::vector<SizeShare> rfc2544{{60, 1}, {124, 1}, {252, 1}, {508, 1}, {1020, 1}, {1276, 1}, {1514, 1}};
    FrameSpec random;
    random.pattern = PayloadPattern::random;
    random.seed = 11;
    run_mix(bench, mix_sizes({random}, {1}, rfc2544), 100000, 200ms);
    const auto imix = run_mix(bench, mix_sizes({FrameSpec{}}, {1}, csit_imix()), 300000, 400ms);
    expect_shares(imix, csit_imix());
    // Traffic has stopped: the client may go first (see MACHINE-NOTES).
    EXPECT_TRUE(bench.b.close());
    EXPECT_TRUE(bench.a.close());
}

/// The headers beyond untagged IPv4 that hammer sends, each at IMIX sizes
/// (60 raised to the shortest frame that holds the headers and the stamp).
std::vector<std::pair<std::string, FrameSpec>> header_shapes()
{
    FrameSpec vlan;
    vlan.vlan = 100;
    FrameSpec qinq = vlan;
    qinq.outer_vlan = 200;
    FrameSpec ipv6;
    ipv6.ip_version = IpVersion::v6;
    FrameSpec qinq_ipv6 = qinq;
    qinq_ipv6.ip_version = IpVersion::v6;
    qinq_ipv6.pattern = PayloadPattern::random;
    return {{"vlan", vlan}, {"qinq", qinq}, {"ipv6", ipv6}, {"qinq+ipv6", qinq_ipv6}};
}

TEST(Engine, HeaderShapesByteExactOnRingAndMemif)
{
    HAMMER_REQUIRE_EAL();
    auto ring = ring_bench("eg_shapes");
    ASSERT_TRUE(ring);
    auto memif = memif_bench("eg_memif_shapes", 40, Mempool::standard_data_room);
    ASSERT_TRUE(memif);
    for (Bench* bench : {&*ring, &*memif}) {
        for (const auto& [name, shape] : header_shapes()) {
            SCOPED_TRACE(name + " on " + bench->a.name());
            const auto report = run_mix(*bench, mix_sizes({shape}, {1}, csit_imix()), 100000, 150ms);
            ASSERT_FALSE(report.directions.empty());
            EXPECT_EQ(report.directions[0].by_size.front().size, frame_offsets(shape).min_size);
        }
    }
    EXPECT_TRUE(memif->b.close());
    EXPECT_TRUE(memif->a.close());
}

TEST(Engine, OneLcoreServesSeveralPairs)
{
    HAMMER_REQUIRE_EAL();
    std::vector<Bench> benches;
    for (int i = 0; i < 3; ++i) {
        auto bench = ring_bench("eg_many" + std::to_string(i));
        ASSERT_TRUE(bench);
        benches.push_back(std::move(*bench));
    }
    auto engine = launch_engine();
    ASSERT_TRUE(engine);
    std::vector<TrafficRun> runs;
    for (const auto& bench : benches) {
        auto profile = both_ways(bench, {{FrameClass::unicast, 64}}, 50000);
        profile.lcores = {engine->lcores().front()};
        auto traffic = engine->start(profile);
        ASSERT_TRUE(traffic) << traffic.error().to_string();
        runs.push_back(std::move(traffic).value());
    }
    std::this_thread::sleep_for(300ms);
    for (auto& traffic : runs) {
        EXPECT_EQ(traffic.lcores(), std::vector<unsigned>{engine->lcores().front()});
        const TrafficReport report = traffic.finish();
        expect_lossless(report);
        EXPECT_GT(report.directions[0].tx_packets, 10000U);
    }
}

TEST(Engine, StopTokenEndsARunEarly)
{
    HAMMER_REQUIRE_EAL();
    auto bench = ring_bench("eg_stop");
    ASSERT_TRUE(bench);
    auto engine = launch_engine();
    ASSERT_TRUE(engine);
    std::stop_source stop;
    std::jthread stopper{[&stop] {
        std::this_thread::sleep_for(100ms);
        stop.request_stop();
    }};
    const auto started = std::chrono::steady_clock::now();
    const auto report = engine->run(both_ways(*bench, {{FrameClass::unicast, 64}}, 100000), 10s, stop.get_token());
    ASSERT_TRUE(report) << report.error().to_string();
    EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
    expect_lossless(report.value());
}

TEST(Engine, MemifJumboBothWaysVerified)
{
    HAMMER_REQUIRE_EAL();
    auto memif = memif_bench("eg_memif", 10, Mempool::jumbo_data_room);
    ASSERT_TRUE(memif);
    Bench& bench = *memif;
    auto engine = launch_engine();
    ASSERT_TRUE(engine);
    auto profile = both_ways(bench, {{FrameClass::unicast, 9000, 0, PayloadPattern::random, 3}}, 20000);
    profile.verify_payload = true;
    const auto report = engine->run(profile, 300ms, {});
    ASSERT_TRUE(report) << report.error().to_string();
    expect_lossless(report.value());
    EXPECT_EQ(report->directions[0].rx_bytes, report->directions[0].tx_packets * 9000);
    // Traffic has stopped: the client may go first (see MACHINE-NOTES).
    EXPECT_TRUE(bench.b.close());
    EXPECT_TRUE(bench.a.close());
}

TEST(Engine, DescriptorChangesUnderTrafficOnMemif)
{
    HAMMER_REQUIRE_EAL();
    const std::string socket = "/tmp/hm-pmd-rings-" + std::to_string(::getpid()) + ".sock";
    auto pool = Mempool::create("eg_memif_rings", 16384, 256, Mempool::standard_data_room, SOCKET_ID_ANY);
    ASSERT_TRUE(pool) << pool.error().to_string();
    auto server = Port::probe("net_memif20,role=server,id=0,socket=" + socket);
    ASSERT_TRUE(server) << server.error().to_string();
    auto client = Port::probe("net_memif21,role=client,id=0,socket=" + socket);
    ASSERT_TRUE(client) << client.error().to_string();
    Bench bench{std::move(pool).value(), std::move(server).value(), std::move(client).value()};
    bring_up(bench.a, bench.pool);
    bring_up(bench.b, bench.pool);
    ASSERT_TRUE(bench.b.wait_link_up(5s)->up);
    auto engine = launch_engine();
    ASSERT_TRUE(engine);
    auto traffic = engine->start(both_ways(bench, {{FrameClass::unicast, 64}}, 100000));
    ASSERT_TRUE(traffic) << traffic.error().to_string();
    std::uint64_t before = 0;
    for (const std::uint16_t size : {512, 2048, 1024}) {
        std::this_thread::sleep_for(50ms);
        ASSERT_TRUE(traffic->hold());
        // memif disconnects on stop and connects on start, client to
        // server: stop both, change both, start the server first (pair_stop.hpp).
        const StoppedPair stopped = stop_pair(bench.a, bench.b);
        ASSERT_FALSE(stopped.failure);
        for (Port* port : {&bench.a, &bench.b}) {
            const auto changed = port->change_descriptors(size, size);
            ASSERT_TRUE(changed) << changed.error().to_string();
        }
        ASSERT_TRUE(start_pair(bench.a, bench.b, stopped, 10s));
        // As ring_change_traffic does: the lcore polls again only once the
        // client has reconnected, never while memif maps its regions.
        const auto link = bench.b.wait_link_up(10s);
        traffic->resume();
        ASSERT_TRUE(link && link->up) << "memif reconnected after the change to " << size;
        std::this_thread::sleep_for(50ms);
        const auto sample = traffic->sample();
        EXPECT_GT(sample[0].rx_packets, before) << "traffic resumed after the change to " << size;
        before = sample[0].rx_packets;
    }
    const TrafficReport report = traffic->finish();
    for (const auto& direction : report.directions) {
        EXPECT_EQ(direction.duplicates, 0U);
        EXPECT_EQ(direction.rx_payload_errors, 0U);
        // What was in the rings at each stop may be gone; nothing else.
        EXPECT_LE(direction.lost, 3U * 2 * 2048) << "tx " << direction.tx_packets;
    }
    EXPECT_TRUE(bench.b.close());
    EXPECT_TRUE(bench.a.close());
}

// The kernel takes the outer VLAN tag of every frame it receives into the
// skb's metadata (__netif_receive_skb_core: skb_vlan_untag) before packet
// sockets see it; DPDK 22.11's af_packet PMD puts it back into the frame
// (rte_vlan_insert) unless the port asked for VLAN_STRIP. rte_vlan_insert
// writes TPID 0x8100 whatever the tag had: a QinQ frame's S-tag (0x88a8)
// comes back as 0x8100. So 802.1Q frames arrive byte-exact, QinQ frames
// arrive all but those two bytes.
TEST(Engine, VlanAndIpv6ThroughAfPacketOnVeth)
{
    HAMMER_REQUIRE_EAL();
    std::string error;
    auto netns = testing::TestNetns::create(1500, error);
    ASSERT_TRUE(netns) << error;
    auto ports = af_packet_bench(*netns, "eg_afp_shapes", 20, "", Mempool::standard_data_room);
    ASSERT_TRUE(ports);
    Bench& bench = *ports;
    auto engine = launch_engine();
    ASSERT_TRUE(engine);
    for (const auto& [name, shape] : header_shapes()) {
        SCOPED_TRACE(name);
        const FrameMix mix = mix_sizes({shape}, {1}, csit_imix());
        auto profile = both_ways(bench, mix.kinds, 20000);
        for (auto& direction : profile.directions) {
            direction.mix = mix.order;
        }
        profile.verify_payload = true;
        const auto report = engine->run(profile, 200ms, {});
        ASSERT_TRUE(report) << report.error().to_string();
        for (const auto& direction : report->directions) {
            EXPECT_GT(direction.tx_packets, 0U);
            EXPECT_EQ(direction.lost, 0U);
            EXPECT_EQ(direction.rx_packets, direction.tx_packets) << "the receiver found every stamp";
            if (shape.outer_vlan != 0) {
                EXPECT_EQ(direction.rx_payload_errors, direction.rx_packets) << "the S-tag's TPID rewritten";
            } else {
                EXPECT_EQ(direction.rx_payload_errors, 0U);
            }
        }
    }
}

// A tap port's frames reach the other tap only through the kernel: a bridge
// joins them. The bridge takes each tag into the skb's metadata on receive
// and the tun driver writes it back, TPID and all, when the other tap's PMD
// reads the frame (tun_put_user): every shape arrives byte-exact.
TEST(Engine, HeaderShapesByteExactThroughTapsAndABridge)
{
    HAMMER_REQUIRE_EAL();
    std::string error;
    auto netns = testing::TestNetns::create(1500, error);
    ASSERT_TRUE(netns) << error;
    auto pool = Mempool::create("eg_tap_shapes", 8192, 256, Mempool::standard_data_room, SOCKET_ID_ANY);
    ASSERT_TRUE(pool) << pool.error().to_string();
    auto a = Port::probe("net_tap30,iface=hmstap0", netns->name());
    ASSERT_TRUE(a) << a.error().to_string();
    auto b = Port::probe("net_tap31,iface=hmstap1", netns->name());
    ASSERT_TRUE(b) << b.error().to_string();
    Bench bench{std::move(pool).value(), std::move(a).value(), std::move(b).value()};
    bring_up(bench.a, bench.pool);
    bring_up(bench.b, bench.pool);
    ASSERT_TRUE(netns->ip("link add hmsbr type bridge"));
    ASSERT_TRUE(netns->ip("link set hmstap0 master hmsbr"));
    ASSERT_TRUE(netns->ip("link set hmstap1 master hmsbr"));
    ASSERT_TRUE(netns->ip("link set hmsbr up"));
    ASSERT_TRUE(bench.a.wait_link_up(5s)->up);
    ASSERT_TRUE(bench.b.wait_link_up(5s)->up);
    for (const auto& [name, shape] : header_shapes()) {
        SCOPED_TRACE(name);
        // run_mix: every frame arrives, in order, byte-exact.
        const auto report = run_mix(bench, mix_sizes({shape}, {1}, csit_imix()), 5000, 300ms);
        ASSERT_FALSE(report.directions.empty());
        EXPECT_EQ(report.directions[0].by_size.size(), 3U) << "IMIX's three sizes";
    }
}

TEST(Engine, AfPacketOnVethInNamespaceVerified)
{
    HAMMER_REQUIRE_EAL();
    std::string error;
    auto netns = testing::TestNetns::create(9000, error);
    ASSERT_TRUE(netns) << error;
    auto ports = af_packet_bench(*netns, "eg_afp", 10, ",blocksz=20480,framesz=10240,framecnt=512",
                                 Mempool::jumbo_data_room);
    ASSERT_TRUE(ports);
    Bench& bench = *ports;
    auto engine = launch_engine();
    ASSERT_TRUE(engine);
    for (const std::uint16_t size : {64, 1500, 9000}) {
        auto profile = both_ways(bench, {{FrameClass::unicast, size, 0, PayloadPattern::incrementing}}, 20000);
        profile.verify_payload = true;
        const auto report = engine->run(profile, 200ms, {});
        ASSERT_TRUE(report) << report.error().to_string();
        SCOPED_TRACE("frame size " + std::to_string(size));
        expect_lossless(report.value());
    }
}

} // namespace
} // namespace hammer::pmd_ops
