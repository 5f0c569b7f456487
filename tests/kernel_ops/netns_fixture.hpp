#pragma once

#include <gtest/gtest.h>

#include <string>

namespace hammer::kernel_ops::testing {

/// Runs a shell command line (tests only: product code never shells out).
/// Returns its exit status; output goes to the test log.
int run_shell(const std::string& command);

/// A network namespace of the test's own, "hm-kops-<pid>-<n>", holding:
///   hm0a <-> hm0b and hm1a <-> hm1b: veth pairs, 8 tx and 8 rx queues, up;
///   hmt0, hmt1: tun devices, up (no reader, so no carrier).
/// IPv6 is off inside it. SetUp skips (with the reason) when not root;
/// TearDown deletes the namespace and everything in it, whatever happened.
class NetnsTest : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;

    /// `ip -n NS ARGS`, failing the test when it fails.
    void ip(const std::string& arguments);
    /// `ip netns exec NS ethtool ARGS`; its exit status.
    int ethtool(const std::string& arguments);
    /// Sends `count` broadcast Ethernet frames of 64 bytes out of `ifname`
    /// (a packet socket opened inside the namespace), so counters move.
    void send_frames(const std::string& ifname, int count);

    std::string netns_;
};

} // namespace hammer::kernel_ops::testing
