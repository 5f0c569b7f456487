#include "pmd_ops/port_setup.hpp"

#include "pmd_ops/testpmd_commands.hpp"
#include "src/common/text.hpp"
#include "src/control/responses.hpp"

#include <arpa/inet.h>

#include <cerrno>
#include <set>
#include <string>
#include <vector>

namespace hammer::pmd_ops {
namespace {

using operations::Verdict;

std::string on_off(bool on)
{
    return on ? "on" : "off";
}

/// One application of settings to one port: what was refused, what the
/// driver lacks, and command-history as it goes.
class PortSetup {
public:
    PortSetup(EthdevPort& port, const record::CommandLog& log) : port_{port}, log_{log} {}

    void apply(const topology::InterfaceSettings& settings)
    {
        name_inapplicable(settings);
        // Each change first, then its command: the MTU's says whether the
        // driver needed the ports stopped for it.
        if (settings.mtu) {
            const auto done = port_.set_mtu(*settings.mtu);
            change(port_.set_mtu_command(*settings.mtu), "mtu", done);
        }
        Port& port = port_.port();
        if (settings.promiscuous) {
            const auto done = converted(port.set_promiscuous(*settings.promiscuous));
            change(testpmd::promiscuous(port, *settings.promiscuous), "promiscuous", done);
        }
        if (settings.all_multicast) {
            const auto done = converted(port.set_all_multicast(*settings.all_multicast));
            change(testpmd::all_multicast(port, *settings.all_multicast), "all-multicast", done);
        }
        if (!settings.multicast_groups.empty()) {
            std::vector<MacAddress> macs;
            for (const auto& group : settings.multicast_groups) {
                macs.push_back(multicast_mac(group).value()); // the loader took multicast groups only
            }
            if (macs != port.multicast_macs()) {
                const std::string command = testpmd::multicast_list(port, port.multicast_macs(), macs);
                change(command, "multicast-groups", converted(port.set_multicast_macs(macs)));
            }
        }
        if (settings.admin_up) {
            const auto done = port_.set_admin(*settings.admin_up);
            change(port_.set_admin_command(*settings.admin_up), "admin-up", done);
        }
        read_back(settings);
    }

    [[nodiscard]] Verdict verdict(const topology::InterfaceSettings& settings) const
    {
        if (!refused_.empty()) {
            return Verdict::error(port_.name() + ": " + joined(refused_, "; "));
        }
        std::string message = port_.name() + ": applied";
        if (!settings.addresses.empty()) {
            message += "; addresses kept for the reachability check (an ethdev port has no IP stack)";
        }
        if (!unsupported_.empty()) {
            message += "; not supported, left out: " + joined(unsupported_, ", ");
        }
        return Verdict::pass(std::move(message));
    }

private:
    static control::Result<void> converted(const Result<void>& done)
    {
        if (!done) {
            return to_failure(done.error());
        }
        return {};
    }

    void name_inapplicable(const topology::InterfaceSettings& settings)
    {
        if (!settings.vlans.empty()) {
            unsupported_.push_back("vlans (VLAN interfaces are a kernel's)");
        }
        if (!settings.features.empty()) {
            unsupported_.push_back("features (ethtool features are a kernel netdev's)");
        }
        if (settings.sriov_numvfs) {
            unsupported_.push_back("sriov-numvfs (VFs are made through the PF's kernel driver)");
        }
    }

    void change(const std::string& command, const char* member, const control::Result<void>& done)
    {
        if (done) {
            log_(command, 0, "");
            return;
        }
        const auto& failure = done.error();
        log_(command, failure.error_number, control::error_response(failure.error_number, failure.message));
        if (failure.error_number == EOPNOTSUPP) {
            unsupported_.push_back(std::string{member} + " (" + failure.message + ")");
            left_out_.insert(member);
        } else {
            refused_.push_back(std::string{member} + ": " + failure.describe());
        }
    }

    /// `show port info` as testpmd prints the parts asked for, compared with what was asked.
    void read_back(const topology::InterfaceSettings& settings)
    {
        Port& port = port_.port();
        std::vector<std::string> seen;
        std::vector<std::string> differences;
        const auto compare = [&](const char* member, const std::string& wanted, const std::string& found) {
            seen.push_back(std::string{member} + " " + found);
            if (wanted != found && !left_out_.contains(member)) {
                differences.push_back(std::string{member} + " is " + found + ", not " + wanted);
            }
        };
        if (settings.mtu) {
            const auto mtu = port.mtu();
            compare("mtu", std::to_string(*settings.mtu), mtu ? std::to_string(mtu.value()) : mtu.error().message);
        }
        if (settings.promiscuous) {
            const auto on = port.promiscuous();
            compare("promiscuous", on_off(*settings.promiscuous), on ? on_off(on.value()) : on.error().message);
        }
        if (settings.all_multicast) {
            const auto on = port.all_multicast();
            compare("all-multicast", on_off(*settings.all_multicast), on ? on_off(on.value()) : on.error().message);
        }
        if (settings.admin_up) {
            // ethdev has no administrative state to read: the link status
            // of a NIC comes up seconds later, when the peer has come up too.
            compare("admin-up", on_off(*settings.admin_up), on_off(!port.link_set_down()));
        }
        if (seen.empty()) {
            return;
        }
        log_("show port info " + std::to_string(port.id()), 0, joined(seen, ", "));
        for (auto& difference : differences) {
            refused_.push_back(std::move(difference));
        }
    }

    EthdevPort& port_;
    const record::CommandLog& log_;
    std::vector<std::string> refused_;
    std::vector<std::string> unsupported_;
    std::set<std::string, std::less<>> left_out_; ///< members the driver lacks: not read back
};

} // namespace

std::optional<MacAddress> multicast_mac(const topology::IpAddress& group)
{
    if (group.ipv6) {
        std::array<std::uint8_t, 16> bytes{};
        if (inet_pton(AF_INET6, group.text.c_str(), bytes.data()) != 1 || bytes[0] != 0xff) {
            return std::nullopt;
        }
        return MacAddress{0x33, 0x33, bytes[12], bytes[13], bytes[14], bytes[15]};
    }
    std::array<std::uint8_t, 4> bytes{};
    if (inet_pton(AF_INET, group.text.c_str(), bytes.data()) != 1 || (bytes[0] & 0xf0) != 0xe0) {
        return std::nullopt;
    }
    return MacAddress{0x01, 0x00, 0x5e, static_cast<std::uint8_t>(bytes[1] & 0x7f), bytes[2], bytes[3]};
}

Verdict apply_port_settings(EthdevPort& port, const topology::InterfaceSettings& settings,
                            const record::CommandLog& log)
{
    PortSetup setup{port, log};
    setup.apply(settings);
    return setup.verdict(settings);
}

} // namespace hammer::pmd_ops
