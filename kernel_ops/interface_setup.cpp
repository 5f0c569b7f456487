#include "kernel_ops/interface_setup.hpp"

#include "kernel_ops/errors.hpp"
#include "kernel_ops/sriov.hpp"
#include "src/common/text.hpp"
#include "src/control/responses.hpp"

#include <algorithm>
#include <cerrno>
#include <set>

namespace hammer::kernel_ops {
namespace {

InterfaceAddress interface_address(const topology::IpPrefix& prefix)
{
    return {prefix.address.ipv6, prefix.address.text, prefix.prefix_length, false, false};
}

/// Runs the changes and keeps what was refused.
class Setup {
public:
    Setup(Netlink& netlink, const CommandLog& log) : netlink_{netlink}, log_{log} {}

    /// Logs `command` with how it went; EEXIST counts as done when
    /// `exists_ok`. False when it was not done.
    bool change(const std::string& command, const Result<void>& done, bool exists_ok = false)
    {
        log_outcome(log_, command, done ? nullptr : &done.error());
        if (done || (exists_ok && done.error().error_number == EEXIST)) {
            return true;
        }
        // What the kernel or driver has no support for is a skip, with its
        // reason, not a failure (a kernel built without CONFIG_VLAN_8021Q
        // answers a VLAN with EOPNOTSUPP, "Unknown device type").
        if (classify(done.error().error_number) == ErrorKind::unsupported) {
            unsupported_.push_back(done.error().describe());
        } else {
            problems_.push_back(done.error().describe());
        }
        return false;
    }

    void add_addresses(const InterfaceRef& where, const std::vector<InterfaceAddress>& addresses)
    {
        for (const auto& address : addresses) {
            change(add_address_command(where, address), netlink_.add_address(where.ifname, address), true);
        }
    }

    /// Reads `where`'s addresses back: each of `wanted` must be there.
    void check_addresses(const InterfaceRef& where, const std::vector<InterfaceAddress>& wanted)
    {
        if (wanted.empty()) {
            return;
        }
        auto read = netlink_.read_addresses(where.ifname);
        if (!read) {
            log_outcome(log_, show_addresses_command(where), &read.error());
            problems_.push_back(read.error().describe());
            return;
        }
        std::vector<std::string> listed;
        for (const auto& have : read.value()) {
            listed.push_back(have.prefix() + (have.autojoin ? " autojoin" : ""));
        }
        log_outcome(log_, show_addresses_command(where), nullptr, joined(listed, ", "));
        for (const auto& address : wanted) {
            const bool found = std::any_of(read.value().begin(), read.value().end(), [&](const auto& have) {
                return have.address == address.address && have.prefix_length == address.prefix_length;
            });
            if (!found) {
                problems_.push_back(address.prefix() + " is not on " + where.ifname);
            }
        }
    }

    std::vector<std::string>& problems() { return problems_; }
    [[nodiscard]] const std::vector<std::string>& unsupported() const { return unsupported_; }
    void not_supported(std::string what) { unsupported_.push_back(std::move(what)); }

private:
    Netlink& netlink_;
    const CommandLog& log_;
    std::vector<std::string> problems_;
    std::vector<std::string> unsupported_;
};

/// Makes the PF have `count` VFs, and reads back how many it has and their interfaces.
void set_vf_count(Netlink& netlink, const InterfaceRef& where, unsigned count, const std::filesystem::path& sysfs_root,
                  Setup& setup, const CommandLog& log)
{
    auto info = netlink.read_driver_info(where.ifname);
    const SriovDevice pf{sysfs_root, where.ifname, info ? info.value().bus_info : std::string{}};
    if (!pf.capable()) {
        setup.not_supported("sriov-numvfs: " + where.ifname + " has no SR-IOV (no sriov_numvfs in sysfs)");
        return;
    }
    auto total = pf.read_totalvfs();
    if (total && count > total.value()) {
        setup.problems().push_back("sriov-numvfs " + std::to_string(count) + ": " + where.ifname + " offers " +
                                   std::to_string(total.value()) + " (sriov_totalvfs)");
        return;
    }
    std::vector<std::string> written;
    auto done = pf.write_numvfs(count, written);
    for (std::size_t i = 0; i < written.size(); ++i) {
        const bool last = i + 1 == written.size();
        log_outcome(log, written[i], last && !done ? &done.error() : nullptr);
    }
    if (!done) {
        setup.problems().push_back(done.error().describe());
        return;
    }
    auto now = pf.read_numvfs();
    if (!now || now.value() != count) {
        setup.problems().push_back(now ? "sriov_numvfs " + std::to_string(now.value()) + ", asked " +
                                             std::to_string(count)
                                       : now.error().describe());
        return;
    }
    log_outcome(log, pf.read_command(), nullptr, std::to_string(count) + " VFs: " + joined(pf.vf_interfaces(), ", "));
}

} // namespace

void log_outcome(const CommandLog& log, const std::string& command, const NlError* failure,
                 const std::string& response)
{
    if (failure == nullptr) {
        log(command, 0, response);
    } else {
        log(command, failure->error_number, control::error_response(failure->error_number, failure->kernel_message));
    }
}

operations::Verdict apply_settings(Netlink& netlink, const InterfaceRef& where,
                                   const topology::InterfaceSettings& settings, const CommandLog& log,
                                   std::vector<GroupMembership>& memberships,
                                   const std::filesystem::path& sysfs_root)
{
    Setup setup{netlink, log};
    const std::string& ifname = where.ifname;
    if (settings.sriov_numvfs) {
        set_vf_count(netlink, where, *settings.sriov_numvfs, sysfs_root, setup, log);
    }
    if (settings.mtu) {
        setup.change(set_mtu_command(where, *settings.mtu), netlink.set_mtu(ifname, *settings.mtu));
    }
    if (settings.promiscuous) {
        setup.change(set_flag_command(where, "promisc", *settings.promiscuous),
                     netlink.set_promiscuous(ifname, *settings.promiscuous));
    }
    if (settings.all_multicast) {
        setup.change(set_flag_command(where, "allmulticast", *settings.all_multicast),
                     netlink.set_all_multicast(ifname, *settings.all_multicast));
    }
    // Features the kernel does not know ("bit name not found": names differ
    // between kernel versions) are refused as EOPNOTSUPP, and take the whole
    // request with them: then each feature goes on its own.
    std::set<std::string> unknown_features;
    if (!settings.features.empty()) {
        auto all = netlink.set_features(ifname, settings.features);
        if (all || settings.features.size() == 1 || classify(all.error().error_number) != ErrorKind::unsupported) {
            setup.change(set_features_command(where, settings.features), all);
            if (!all) {
                unknown_features.insert(settings.features.begin()->first);
            }
        } else {
            log_outcome(log, set_features_command(where, settings.features), &all.error());
            for (const auto& feature : settings.features) {
                const std::map<std::string, bool> one{feature};
                if (!setup.change(set_features_command(where, one), netlink.set_features(ifname, one))) {
                    unknown_features.insert(feature.first);
                }
            }
        }
    }
    if (settings.admin_up) {
        setup.change(set_admin_command(where, *settings.admin_up), netlink.set_admin(ifname, *settings.admin_up));
    }
    std::vector<InterfaceAddress> addresses;
    std::transform(settings.addresses.begin(), settings.addresses.end(), std::back_inserter(addresses),
                   interface_address);
    setup.add_addresses(where, addresses);
    std::vector<const topology::VlanInterface*> vlans;
    for (const auto& vlan : settings.vlans) {
        if (setup.change(add_vlan_command(where, vlan.ifname, vlan.id),
                         netlink.add_vlan(ifname, vlan.ifname, vlan.id), true)) {
            vlans.push_back(&vlan);
            std::vector<InterfaceAddress> vlan_addresses;
            std::transform(vlan.addresses.begin(), vlan.addresses.end(), std::back_inserter(vlan_addresses),
                           interface_address);
            setup.add_addresses({vlan.ifname, where.netns}, vlan_addresses);
        }
    }
    if (!settings.multicast_groups.empty()) {
        auto link = netlink.read_link(ifname);
        for (const auto& group : settings.multicast_groups) {
            auto membership = link ? GroupMembership::join(where.netns, link.value().ifindex, group)
                                   : Result<GroupMembership>{link.error()};
            if (setup.change(join_group_command(where, group.text, group.ipv6),
                             membership ? Result<void>{} : Result<void>{membership.error()})) {
                memberships.push_back(std::move(membership).value());
            }
        }
    }

    // Read back what was asked for.
    if (settings.mtu || settings.promiscuous || settings.all_multicast || settings.admin_up) {
        auto link = netlink.read_link(ifname);
        if (!link) {
            log_outcome(log, show_link_command(where), &link.error());
            setup.problems().push_back(link.error().describe());
        } else {
            const auto& state = link.value();
            log_outcome(log, show_link_command(where), nullptr,
                        control::link_response(state) + (state.promiscuous ? ", promisc" : "") +
                            (state.all_multicast ? ", allmulticast" : ""));
            if (settings.mtu && state.mtu != *settings.mtu) {
                setup.problems().push_back("mtu " + std::to_string(state.mtu) + ", asked " +
                                           std::to_string(*settings.mtu));
            }
            if (settings.promiscuous && state.promiscuous != *settings.promiscuous) {
                setup.problems().push_back(std::string{"promisc "} + (state.promiscuous ? "on" : "off"));
            }
            if (settings.all_multicast && state.all_multicast != *settings.all_multicast) {
                setup.problems().push_back(std::string{"allmulticast "} + (state.all_multicast ? "on" : "off"));
            }
            if (settings.admin_up && state.admin_up != *settings.admin_up) {
                setup.problems().push_back(std::string{"admin "} + (state.admin_up ? "up" : "down"));
            }
        }
    }
    if (!settings.features.empty()) {
        auto features = netlink.read_features(ifname);
        if (!features) {
            setup.change(show_features_command(where), Result<void>{features.error()});
        } else {
            std::vector<std::string> listed;
            for (const auto& [name, on] : settings.features) {
                if (unknown_features.contains(name)) {
                    continue; // named once, where it was refused
                }
                const auto active = features.value().active.find(name);
                const bool now = active != features.value().active.end() && active->second;
                listed.push_back(name + (now ? ": on" : ": off"));
                if (now == on) {
                    continue;
                }
                // A feature the device cannot change is what it is: not supported here.
                if (features.value().changeable.contains(name)) {
                    setup.problems().push_back("feature " + name + (now ? " on" : " off") + ", asked " +
                                               (on ? "on" : "off"));
                } else {
                    setup.not_supported("feature " + name + (now ? " on" : " off") + " [fixed]");
                }
            }
            log_outcome(log, show_features_command(where), nullptr, joined(listed, ", "));
        }
    }
    setup.check_addresses(where, addresses);
    for (const auto* vlan_entry : vlans) {
        const auto& vlan = *vlan_entry;
        std::vector<InterfaceAddress> vlan_addresses;
        std::transform(vlan.addresses.begin(), vlan.addresses.end(), std::back_inserter(vlan_addresses),
                       interface_address);
        auto link = netlink.read_link(vlan.ifname);
        if (!link) {
            log_outcome(log, show_link_command({vlan.ifname, where.netns}), &link.error());
            setup.problems().push_back(link.error().describe());
        } else {
            log_outcome(log, show_link_command({vlan.ifname, where.netns}), nullptr,
                        control::link_response(link.value()));
            setup.check_addresses({vlan.ifname, where.netns}, vlan_addresses);
        }
    }
    if (!settings.multicast_groups.empty()) {
        auto joined_groups = netlink.read_multicast_groups(ifname);
        if (!joined_groups) {
            log_outcome(log, show_multicast_command(where), &joined_groups.error());
            setup.problems().push_back(joined_groups.error().describe());
        } else {
            log_outcome(log, show_multicast_command(where), nullptr, joined(joined_groups.value(), ", "));
            for (const auto& group : settings.multicast_groups) {
                if (std::find(joined_groups.value().begin(), joined_groups.value().end(), group.text) ==
                    joined_groups.value().end()) {
                    setup.problems().push_back(ifname + " is not a member of " + group.text);
                }
            }
        }
    }
    if (!setup.problems().empty()) {
        return operations::Verdict::error(ifname + ": configuration not applied: " + joined(setup.problems(), "; "));
    }
    if (!setup.unsupported().empty()) {
        return operations::Verdict::pass(ifname + ": configured but for what is not supported here: " +
                                         joined(setup.unsupported(), "; "));
    }
    return operations::Verdict::pass(ifname + ": configured");
}

} // namespace hammer::kernel_ops
