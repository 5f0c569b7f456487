#include "pmd_ops/mempool.hpp"
#include "pmd_ops/port.hpp"
#include "tests/pmd_ops/dpdk_environment.hpp"
#include "tests/pmd_ops/test_netns.hpp"

#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstring>
#include <thread>
#include <unistd.h>

namespace hammer::pmd_ops {
namespace {

using namespace std::chrono_literals;

constexpr unsigned burst = 32;

/// Brings a port through configure → queues → start, failing the test on the way.
void bring_up(Port& port, Mempool& pool, PortConfig config = {})
{
    ASSERT_TRUE(port.configure(config)) << port.name();
    ASSERT_TRUE(port.setup_queues(pool.get())) << port.name();
    ASSERT_TRUE(port.start()) << port.name();
}

/// Sends `count` broadcast frames of `size` bytes; returns how many the port took.
unsigned send_frames(Port& port, Mempool& pool, unsigned count, std::uint16_t size)
{
    std::array<rte_mbuf*, burst> mbufs{};
    unsigned sent = 0;
    while (sent < count) {
        const unsigned n = std::min(burst, count - sent);
        if (rte_pktmbuf_alloc_bulk(pool.get(), mbufs.data(), n) != 0) {
            break;
        }
        for (unsigned i = 0; i < n; ++i) {
            char* data = rte_pktmbuf_append(mbufs[i], size);
            std::memset(data, 0xff, 12);          // broadcast destination, source
            data[12] = 0x08, data[13] = 0x00;     // IPv4 ethertype
            std::memset(data + 14, static_cast<int>(sent + i), size - 14U);
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

/// Receives until `count` frames came or `timeout` passed; frees them.
unsigned receive_frames(Port& port, unsigned count, std::chrono::milliseconds timeout)
{
    std::array<rte_mbuf*, burst> mbufs{};
    unsigned received = 0;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (received < count && std::chrono::steady_clock::now() < deadline) {
        const std::uint16_t n = rte_eth_rx_burst(port.id(), 0, mbufs.data(), burst);
        rte_pktmbuf_free_bulk(mbufs.data(), n);
        received += n;
        if (n == 0) {
            std::this_thread::sleep_for(100us);
        }
    }
    return received;
}

TEST(MempoolSizing, CoversDescriptorsBurstsAndCaches)
{
    const PoolDemand demand{2, 1, 1024, 512, 1, 32};
    // 2 queues × (1024 + 512) + 2 × 2 × 32 + 1 × 384
    EXPECT_EQ(pool_size(demand, 256), 2U * 1536 + 128 + 384);
}

TEST(RingPair, CarriesFramesBothWaysAndCounts)
{
    HAMMER_REQUIRE_EAL();
    auto pool = Mempool::create("pt_ring", 4096, 256, Mempool::standard_data_room, SOCKET_ID_ANY);
    ASSERT_TRUE(pool) << pool.error().to_string();
    auto pair = Port::ring_pair("pt_a", "pt_b", 1024);
    ASSERT_TRUE(pair) << pair.error().to_string();
    auto& [a, b] = pair.value();
    bring_up(a, pool.value());
    bring_up(b, pool.value());
    EXPECT_TRUE(a.link()->up);

    EXPECT_EQ(send_frames(a, pool.value(), 100, 60), 100U);
    EXPECT_EQ(receive_frames(b, 100, 1s), 100U);
    EXPECT_EQ(send_frames(b, pool.value(), 10, 60), 10U);
    EXPECT_EQ(receive_frames(a, 10, 1s), 10U);
    EXPECT_EQ(a.stats()->tx_packets, 100U);
    EXPECT_EQ(b.stats()->rx_packets, 100U);
    EXPECT_EQ(pool->available(), pool->size());
}

TEST(RingPair, ClosedNamesCanBeMadeAgain)
{
    HAMMER_REQUIRE_EAL();
    for (int round = 0; round < 2; ++round) {
        auto pair = Port::ring_pair("pt_again_a", "pt_again_b", 256);
        ASSERT_TRUE(pair) << "round " << round << ": " << pair.error().to_string();
        EXPECT_TRUE(pair->first.close());
        EXPECT_TRUE(pair->second.close());
    }
}

TEST(RingPair, StagesOutOfOrderAreRefused)
{
    HAMMER_REQUIRE_EAL();
    auto pool = Mempool::create("pt_stage", 1024, 0, Mempool::standard_data_room, SOCKET_ID_ANY);
    ASSERT_TRUE(pool) << pool.error().to_string();
    auto pair = Port::ring_pair("pt_stage_a", "pt_stage_b", 256);
    ASSERT_TRUE(pair) << pair.error().to_string();
    Port& a = pair->first;
    const auto early = a.setup_queues(pool->get());
    ASSERT_FALSE(early);
    EXPECT_EQ(early.error().code, EINVAL);
    EXPECT_FALSE(a.start());
    bring_up(a, pool.value());
    EXPECT_FALSE(a.configure({})) << "configure while started";
}

TEST(RingPair, DescriptorChangeRestartsThePort)
{
    HAMMER_REQUIRE_EAL();
    auto pool = Mempool::create("pt_desc", 4096, 0, Mempool::standard_data_room, SOCKET_ID_ANY);
    ASSERT_TRUE(pool) << pool.error().to_string();
    auto pair = Port::ring_pair("pt_desc_a", "pt_desc_b", 1024);
    ASSERT_TRUE(pair) << pair.error().to_string();
    auto& [a, b] = pair.value();
    bring_up(a, pool.value());
    bring_up(b, pool.value());
    const auto changed = a.change_descriptors(512, 256);
    ASSERT_TRUE(changed) << changed.error().to_string();
    EXPECT_TRUE(a.started());
    EXPECT_EQ(a.config().rx_descriptors, 512);
    EXPECT_EQ(a.config().tx_descriptors, 256);
    EXPECT_EQ(send_frames(a, pool.value(), 32, 60), 32U);
    EXPECT_EQ(receive_frames(b, 32, 1s), 32U);
}

TEST(Memif, ServerAndClientInOneProcessCarryJumboFrames)
{
    HAMMER_REQUIRE_EAL();
    const std::string socket = "/tmp/hm-pmd-" + std::to_string(::getpid()) + ".sock";
    auto pool = Mempool::create("pt_memif", 8192, 256, Mempool::jumbo_data_room, SOCKET_ID_ANY);
    ASSERT_TRUE(pool) << pool.error().to_string();
    auto server = Port::probe("net_memif0,role=server,id=0,socket=" + socket);
    ASSERT_TRUE(server) << server.error().to_string();
    auto client = Port::probe("net_memif1,role=client,id=0,socket=" + socket);
    ASSERT_TRUE(client) << client.error().to_string();
    // memif reports a 1518-byte maximum frame, so no MTU is asked for; it
    // still carries 9000-byte frames, split over its 2048-byte buffers.
    bring_up(server.value(), pool.value());
    bring_up(client.value(), pool.value());
    const auto link = client->wait_link_up(5s);
    ASSERT_TRUE(link) << link.error().to_string();
    ASSERT_TRUE(link->up) << "memif did not connect";
    ASSERT_TRUE(server->wait_link_up(5s)->up);
    // A memif sender can only fill slots its receiver has offered, and the
    // receiver offers them from rx_burst: poll both sides once first.
    EXPECT_EQ(receive_frames(client.value(), 1, 10ms), 0U);
    EXPECT_EQ(receive_frames(server.value(), 1, 10ms), 0U);

    EXPECT_EQ(send_frames(server.value(), pool.value(), 64, 60), 64U);
    EXPECT_EQ(receive_frames(client.value(), 64, 2s), 64U);
    EXPECT_EQ(send_frames(client.value(), pool.value(), 16, 9000), 16U);
    EXPECT_EQ(receive_frames(server.value(), 16, 2s), 16U);

    // Stop traffic before disconnecting (a memif server can crash when its
    // client goes away mid-traffic): closing the client first, then the server.
    EXPECT_TRUE(client->close());
    EXPECT_TRUE(server->close());
}

TEST(AfPacket, VethInOwnNamespaceCarriesFrames)
{
    HAMMER_REQUIRE_EAL();
    std::string error;
    auto netns = testing::TestNetns::create(9000, error);
    ASSERT_TRUE(netns) << error;
    auto pool = Mempool::create("pt_afp", 8192, 256, Mempool::jumbo_data_room, SOCKET_ID_ANY);
    ASSERT_TRUE(pool) << pool.error().to_string();
    // Jumbo frames need a TPACKET frame larger than 9000 (MACHINE-NOTES).
    const std::string jumbo = ",blocksz=20480,framesz=10240,framecnt=512";
    auto a = Port::probe("net_af_packet0,iface=" + netns->veth_a() + jumbo, netns->name());
    ASSERT_TRUE(a) << a.error().to_string();
    auto b = Port::probe("net_af_packet1,iface=" + netns->veth_b() + jumbo, netns->name());
    ASSERT_TRUE(b) << b.error().to_string();
    bring_up(a.value(), pool.value());
    bring_up(b.value(), pool.value());

    EXPECT_EQ(send_frames(a.value(), pool.value(), 64, 60), 64U);
    EXPECT_EQ(receive_frames(b.value(), 64, 2s), 64U);
    EXPECT_EQ(send_frames(b.value(), pool.value(), 8, 9000), 8U);
    EXPECT_EQ(receive_frames(a.value(), 8, 2s), 8U);

    const auto stats = a->stats();
    ASSERT_TRUE(stats) << stats.error().to_string();
    EXPECT_EQ(stats->tx_packets, 64U);
    const auto xstats = a->xstats();
    EXPECT_TRUE(xstats) << xstats.error().to_string();
    EXPECT_TRUE(a->close());
    EXPECT_TRUE(b->close());
}

TEST(AfPacket, ProbeOutsideTheNamespaceFails)
{
    HAMMER_REQUIRE_EAL();
    std::string error;
    auto netns = testing::TestNetns::create(1500, error);
    ASSERT_TRUE(netns) << error;
    // The veth exists only inside the namespace: probing from ours finds no such interface.
    auto port = Port::probe("net_af_packet2,iface=" + netns->veth_a());
    EXPECT_FALSE(port);
}

} // namespace
} // namespace hammer::pmd_ops
