#pragma once

#include <optional>
#include <string>

namespace hammer::pmd_ops::testing {

/// A network namespace of the test's own ("hm-pmd-<pid>-<n>") with one veth
/// pair inside, IPv6 off (neighbour discovery would add stray frames), both
/// ends up. Removed by the destructor, which also runs when a test fails.
class TestNetns {
public:
    /// Empty when the namespace could not be made; `error` says why.
    /// `queues` > 1 gives both veth ends that many RX and TX queues
    /// (`numtxqueues N numrxqueues N`), which is also their ethtool channel
    /// count (af_xdp binds one XSK socket per queue).
    [[nodiscard]] static std::optional<TestNetns> create(unsigned mtu, std::string& error, unsigned queues = 1);

    TestNetns(TestNetns&& other) noexcept;
    TestNetns& operator=(TestNetns&&) = delete;
    TestNetns(const TestNetns&) = delete;
    TestNetns& operator=(const TestNetns&) = delete;
    ~TestNetns();

    [[nodiscard]] const std::string& name() const noexcept { return name_; }
    [[nodiscard]] const std::string& veth_a() const noexcept { return veth_a_; }
    [[nodiscard]] const std::string& veth_b() const noexcept { return veth_b_; }

    /// Runs `ip -n <ns> <arguments>`; true on success.
    bool ip(const std::string& arguments) const;

private:
    explicit TestNetns(std::string name);

    std::string name_;
    std::string veth_a_ = "hma";
    std::string veth_b_ = "hmb";
};

} // namespace hammer::pmd_ops::testing
