// The "kernel" endpoint backend against real devices: snapshot contents,
// restore after deliberate changes, re-initialisation, the default-route rule.
#include "tests/kernel_ops/operation_fixture.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>

namespace hammer::kernel_ops {
namespace {

using operations::Outcome;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::OperationTest;

class BackendTest : public OperationTest {
protected:
    topology::Endpoint endpoint(const std::string& ifname) const { return pair_of(ifname, ifname).a; }

    std::unique_ptr<operations::EndpointBackend> backend_ = make_kernel_backend({});
};

TEST_F(BackendTest, ManagesEndpointsWithAKernelInterface)
{
    EXPECT_EQ(backend_->name(), "kernel");
    auto with = endpoint("hm0a");
    EXPECT_TRUE(backend_->manages(with));
    with.tp.kernel.reset();
    EXPECT_FALSE(backend_->manages(with));
}

TEST_F(BackendTest, SnapshotsWhatRestorePutsBackAndWhatIsUnreadable)
{
    const auto snapshot = backend_->snapshot(endpoint("hm0a"));
    EXPECT_EQ(snapshot["ifname"], "hm0a");
    EXPECT_EQ(snapshot["netns"], netns_);
    EXPECT_EQ(snapshot["admin_up"], true);
    EXPECT_EQ(snapshot["mtu"], 1500);
    EXPECT_EQ(snapshot["channels"], (nlohmann::json{{"rx", 8}, {"tx", 8}}));
    EXPECT_THAT(snapshot["rings"]["unreadable"].get<std::string>(), HasSubstr("EOPNOTSUPP"));
    EXPECT_EQ(snapshot["link_modes"]["speed"], 10000);
    EXPECT_EQ(snapshot["link_modes"]["duplex"], "full");
    EXPECT_EQ(snapshot["link_modes"]["autoneg"], false);
}

TEST_F(BackendTest, SnapshotOfAMissingInterfaceThrowsWithENODEV)
{
    try {
        static_cast<void>(backend_->snapshot(endpoint("hm9a")));
        FAIL() << "no exception";
    } catch (const std::runtime_error& failure) {
        EXPECT_THAT(failure.what(), HasSubstr("ENODEV"));
    }
}

TEST_F(BackendTest, IdentifiesTheDriverOfAVethAndATunInTheirNamespace)
{
    const auto veth = backend_->identity(endpoint("hm0a"));
    ASSERT_TRUE(veth.has_value());
    EXPECT_EQ(veth->driver, "veth");
    EXPECT_FALSE(veth->driver_version.empty()); // "1.0"
    EXPECT_EQ(veth->bus_info, "");
    EXPECT_EQ(veth->pci_id, "");

    const auto tun = backend_->identity(endpoint("hmt0"));
    ASSERT_TRUE(tun.has_value());
    EXPECT_EQ(tun->driver, "tun");
    EXPECT_EQ(tun->bus_info, "tun"); // a tun device; "tap" for a tap
    EXPECT_EQ(tun->pci_id, "");
}

TEST_F(BackendTest, IdentityOfAMissingInterfaceThrowsWithENODEV)
{
    try {
        static_cast<void>(backend_->identity(endpoint("hm9a")));
        FAIL() << "no exception";
    } catch (const std::runtime_error& failure) {
        EXPECT_THAT(failure.what(), HasSubstr("ENODEV"));
    }
}

TEST_F(BackendTest, RestoresAVethAfterDeliberateChanges)
{
    const InterfaceSnapshot before = snapshot_of("hm0a");
    const auto snapshot = backend_->snapshot(endpoint("hm0a"));
    ip("link set dev hm0a mtu 9000");
    ASSERT_EQ(ethtool("-L hm0a rx 2 tx 3"), 0);
    ip("link set dev hm0a down");
    ASSERT_THAT(differences(before, snapshot_of("hm0a")), ::testing::SizeIs(3));

    const auto restored = backend_->restore(endpoint("hm0a"), snapshot);
    EXPECT_EQ(restored.outcome, Outcome::pass) << restored.message;
    EXPECT_THAT(differences(before, snapshot_of("hm0a")), IsEmpty());
}

TEST_F(BackendTest, RestoresPromiscuousModeThatAPacketSocketLeftOn)
{
    const InterfaceSnapshot before = snapshot_of("hm0a");
    ASSERT_EQ(before.promiscuous, false);
    const auto snapshot = backend_->snapshot(endpoint("hm0a"));
    ip("link set dev hm0a promisc on"); // what DPDK's af_packet does, and does not undo
    ASSERT_THAT(differences(before, snapshot_of("hm0a")), ElementsAre("promisc on, expected off"));

    const auto restored = backend_->restore(endpoint("hm0a"), snapshot);
    EXPECT_EQ(restored.outcome, Outcome::pass) << restored.message;
    EXPECT_THAT(differences(before, snapshot_of("hm0a")), IsEmpty());
}

TEST_F(BackendTest, RestoresTunLinkModes)
{
    const InterfaceSnapshot before = snapshot_of("hmt0");
    const auto snapshot = backend_->snapshot(endpoint("hmt0"));
    ASSERT_EQ(ethtool("-s hmt0 speed 100 duplex half autoneg off"), 0);
    ASSERT_THAT(differences(before, snapshot_of("hmt0")), ::testing::SizeIs(1));
    const auto restored = backend_->restore(endpoint("hmt0"), snapshot);
    EXPECT_EQ(restored.outcome, Outcome::pass) << restored.message;
    EXPECT_THAT(differences(before, snapshot_of("hmt0")), IsEmpty());
}

TEST_F(BackendTest, RestoreOfAnUnchangedInterfaceChangesNothing)
{
    const auto snapshot = backend_->snapshot(endpoint("hm0b"));
    EXPECT_TRUE(backend_->restore(endpoint("hm0b"), snapshot).passed());
}

TEST_F(BackendTest, RestoreOfAVanishedInterfaceIsAnErrorWithENODEV)
{
    const auto snapshot = backend_->snapshot(endpoint("hm1a"));
    ip("link del hm1a");
    const auto restored = backend_->restore(endpoint("hm1a"), snapshot);
    EXPECT_EQ(restored.outcome, Outcome::error);
    EXPECT_THAT(restored.message, HasSubstr("ENODEV"));
}

TEST_F(BackendTest, AnUnreadableSnapshotIsAnError)
{
    const auto restored = backend_->restore(endpoint("hm0a"), nlohmann::json{{"ifname", "hm0a"}});
    EXPECT_EQ(restored.outcome, Outcome::error);
}

TEST_F(BackendTest, ReinitialiseBringsTheEndpointUpWithCarrier)
{
    const auto snapshot = backend_->snapshot(endpoint("hm0a"));
    ip("link set dev hm0a mtu 4000");
    ip("link set dev hm0a down");
    const auto verdict = backend_->reinitialise(endpoint("hm0a"), snapshot, std::chrono::seconds{5});
    EXPECT_EQ(verdict.outcome, Outcome::pass) << verdict.message;
    const InterfaceSnapshot after = snapshot_of("hm0a");
    EXPECT_TRUE(after.admin_up);
    EXPECT_EQ(after.mtu, 1500U);
}

TEST_F(BackendTest, ReinitialiseWithoutCarrierIsAnError)
{
    const auto snapshot = backend_->snapshot(endpoint("hm0a"));
    ip("link set dev hm0b down"); // the peer: hm0a cannot get carrier
    const auto verdict = backend_->reinitialise(endpoint("hm0a"), snapshot, std::chrono::milliseconds{200});
    EXPECT_EQ(verdict.outcome, Outcome::error);
    EXPECT_THAT(verdict.message, HasSubstr("ETIMEDOUT"));
}

TEST_F(BackendTest, LeavesTheDefaultRouteInterfaceAloneUnlessAllowed)
{
    const auto snapshot = backend_->snapshot(endpoint("hm0a"));
    ip("addr add 192.0.2.1/24 dev hm0a");
    ip("route add default via 192.0.2.254 dev hm0a");
    ip("link set dev hm0a mtu 2000");
    const auto refused = backend_->restore(endpoint("hm0a"), snapshot);
    EXPECT_EQ(refused.outcome, Outcome::skip);
    EXPECT_THAT(refused.message, HasSubstr("default route"));
    EXPECT_EQ(snapshot_of("hm0a").mtu, 2000U);

    const auto allowed = make_kernel_backend(KernelOptions{true})->restore(endpoint("hm0a"), snapshot);
    EXPECT_EQ(allowed.outcome, Outcome::pass) << allowed.message;
    EXPECT_EQ(snapshot_of("hm0a").mtu, 1500U);
}

} // namespace
} // namespace hammer::kernel_ops
