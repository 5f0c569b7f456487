// Snapshot documents and their comparison, without devices.
#include "kernel_ops/snapshot.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace hammer::kernel_ops {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

InterfaceSnapshot veth()
{
    InterfaceSnapshot snapshot;
    snapshot.ifname = "hm0a";
    snapshot.netns = "hm-test";
    snapshot.admin_up = true;
    snapshot.promiscuous = false;
    snapshot.mtu = 1500;
    snapshot.channels = {ChannelCounts{8, 8, {}, {}}, {}};
    snapshot.rings = {std::nullopt, "read rings of hm0a: EOPNOTSUPP (Operation not supported)"};
    snapshot.link_modes = {LinkModes{10000, Duplex::full, false, {}, "tp"}, {}};
    return snapshot;
}

TEST(Snapshot, JsonKeepsValuesAndReasons)
{
    const nlohmann::json json = to_json(veth());
    EXPECT_EQ(json["channels"], (nlohmann::json{{"rx", 8}, {"tx", 8}}));
    EXPECT_EQ(json["rings"]["unreadable"], "read rings of hm0a: EOPNOTSUPP (Operation not supported)");
    EXPECT_EQ(json["link_modes"]["speed"], 10000);

    const InterfaceSnapshot back = snapshot_from_json(json);
    EXPECT_EQ(back.ifname, "hm0a");
    EXPECT_EQ(back.netns, "hm-test");
    EXPECT_EQ(back.promiscuous, false);
    EXPECT_EQ(back.channels, veth().channels);
    EXPECT_EQ(back.rings, veth().rings);
    EXPECT_EQ(back.link_modes, veth().link_modes);
    EXPECT_THAT(differences(veth(), back), IsEmpty());
}

TEST(Snapshot, UnknownSpeedSurvivesTheRoundTrip)
{
    InterfaceSnapshot snapshot = veth();
    snapshot.link_modes.value->speed_mbps.reset();
    const InterfaceSnapshot back = snapshot_from_json(to_json(snapshot));
    EXPECT_EQ(back.link_modes.value->speed_mbps, std::nullopt);
}

TEST(Snapshot, AdvertisedModesSurviveTheRoundTrip)
{
    InterfaceSnapshot snapshot = veth();
    snapshot.link_modes.value->autoneg = true;
    snapshot.link_modes.value->modes = LinkModeBits{92, {0x1020, 0, 0x4}, {0xffff, 0, 0xf}};
    const InterfaceSnapshot back = snapshot_from_json(to_json(snapshot));
    EXPECT_EQ(back.link_modes.value->modes, snapshot.link_modes.value->modes);
}

TEST(LinkModeSettings, AutonegOnComparesAdvertisedModesOnly)
{
    LinkModes wanted{25000, Duplex::full, true, LinkModeBits{92, {0x1020, 0, 0}, {0xffff, 0, 0}}, "fibre"};
    LinkModes now = wanted;
    now.speed_mbps = 10000; // negotiated lower: a result, not a setting
    EXPECT_TRUE(same_settings(wanted, now));
    now.modes.advertised = {0x20, 0, 0};
    EXPECT_FALSE(same_settings(wanted, now));
}

TEST(LinkModeSettings, AutonegOffComparesSpeedAndDuplex)
{
    const LinkModes wanted{1000, Duplex::full, false, {}, ""};
    LinkModes now = wanted;
    EXPECT_TRUE(same_settings(wanted, now));
    now.duplex = Duplex::half;
    EXPECT_FALSE(same_settings(wanted, now));
    now = wanted;
    now.autoneg = true;
    EXPECT_FALSE(same_settings(wanted, now));
}

TEST(LinkModeSettings, RestoringAutonegOnAdvertisesInsteadOfForcingASpeed)
{
    const LinkModeBits bits{92, {0x1020, 0, 0}, {0xffff, 0, 0}};
    const LinkModesRequest on = restore_request(LinkModes{25000, Duplex::full, true, bits, ""});
    EXPECT_EQ(on.autoneg, true);
    EXPECT_EQ(on.speed_mbps, std::nullopt);
    EXPECT_EQ(on.duplex, std::nullopt);
    EXPECT_EQ(on.advertise, bits);

    const LinkModesRequest off = restore_request(LinkModes{100, Duplex::half, false, bits, ""});
    EXPECT_EQ(off.autoneg, false);
    EXPECT_EQ(off.speed_mbps, 100U);
    EXPECT_EQ(off.duplex, Duplex::half);
    EXPECT_EQ(off.advertise, std::nullopt);
}

TEST(Snapshot, PromiscuousModeIsComparedOnlyWhenTheSnapshotHasIt)
{
    InterfaceSnapshot changed = veth();
    changed.promiscuous = true; // a DPDK af_packet port turned it on
    EXPECT_THAT(differences(veth(), changed), ElementsAre("promisc on, expected off"));

    // Journaled before hammer kept the flag: restore leaves it alone.
    nlohmann::json older = to_json(veth());
    older.erase("promiscuous");
    const InterfaceSnapshot back = snapshot_from_json(older);
    EXPECT_EQ(back.promiscuous, std::nullopt);
    EXPECT_THAT(differences(back, changed), IsEmpty());
}

TEST(Snapshot, AMalformedDocumentThrows)
{
    EXPECT_THROW(static_cast<void>(snapshot_from_json(nlohmann::json{{"ifname", "hm0a"}})), nlohmann::json::exception);
}

TEST(Snapshot, DifferencesNameEachChange)
{
    InterfaceSnapshot changed = veth();
    changed.admin_up = false;
    changed.mtu = 9000;
    changed.channels.value->rx = 2;
    changed.link_modes.value->speed_mbps = 100;
    changed.link_modes.value->port = "fibre"; // not settable: not a difference
    EXPECT_THAT(differences(veth(), changed),
                ElementsAre("admin down, expected up", "mtu 9000, expected 1500",
                            R"(channels {"rx":2,"tx":8}, expected {"rx":8,"tx":8})",
                            R"(link modes {"autoneg":false,"duplex":"full","port":"fibre","speed":100}, expected {"autoneg":false,"duplex":"full","port":"tp","speed":10000})"));
}

TEST(Snapshot, APartThatBecameUnreadableIsADifference)
{
    InterfaceSnapshot changed = veth();
    changed.channels = {std::nullopt, "gone"};
    EXPECT_EQ(differences(veth(), changed).size(), 1U);
}

} // namespace
} // namespace hammer::kernel_ops
