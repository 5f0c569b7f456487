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

std::vector<InterfaceAddress> interface_addresses(const std::vector<topology::IpPrefix>& prefixes)
{
    std::vector<InterfaceAddress> addresses;
    for (const auto& prefix : prefixes) {
        addresses.push_back({prefix.address.ipv6, prefix.address.text, prefix.prefix_length, false, false});
    }
    return addresses;
}

/// One configuration applied to one interface: each member's change, then
/// its read-back, every command logged; what the kernel refused and what it
/// does not support are kept apart.
class InterfaceSetup {
public:
    InterfaceSetup(Netlink& netlink, InterfaceRef where, const CommandLog& log)
        : netlink_{netlink}, where_{std::move(where)}, log_{log}
    {
    }

    /// Makes the PF have `count` VFs, and reads back how many it has and their interfaces.
    void set_vf_count(unsigned count, const std::filesystem::path& sysfs_root)
    {
        const SriovDevice pf = find_sriov_device(netlink_, where_.ifname, sysfs_root);
        if (!pf.capable()) {
            unsupported_.push_back("sriov-numvfs: " + where_.ifname + " has no SR-IOV (no sriov_numvfs in sysfs)");
            return;
        }
        if (auto total = pf.read_totalvfs(); total && count > total.value()) {
            problems_.push_back("sriov-numvfs " + std::to_string(count) + ": " + where_.ifname + " offers " +
                                std::to_string(total.value()) + " (sriov_totalvfs)");
            return;
        }
        std::vector<std::string> written;
        auto done = pf.write_numvfs(count, written);
        for (std::size_t i = 0; i < written.size(); ++i) {
            log_outcome(log_, written[i], i + 1 == written.size() && !done ? &done.error() : nullptr);
        }
        if (!done) {
            problems_.push_back(done.error().describe());
            return;
        }
        auto now = pf.read_numvfs();
        if (!now || now.value() != count) {
            problems_.push_back(now ? "sriov_numvfs " + std::to_string(now.value()) + ", asked " +
                                          std::to_string(count)
                                    : now.error().describe());
            return;
        }
        log_outcome(log_, pf.read_command(), nullptr,
                    std::to_string(count) + " VFs: " + joined(pf.vf_interfaces(), ", "));
    }

    /// Sets through the PF `pf` what it has for the VF this interface is,
    /// found among the PF's virtfn*/net/, and reads it back.
    void set_vf(const topology::VfSettings& vf, std::string_view pf, const std::filesystem::path& sysfs_root)
    {
        const auto number = find_sriov_device(netlink_, pf, sysfs_root).vf_number(where_.ifname);
        if (!number) {
            problems_.push_back("vf: " + where_.ifname + " is not a VF of " + std::string{pf} +
                                " (no virtfn*/net/" + where_.ifname + " in its sysfs device)");
            return;
        }
        const InterfaceRef pf_ref{std::string{pf}, where_.netns};
        if (!change(set_vf_command(pf_ref, *number, vf), netlink_.set_vf(pf, *number, vf))) {
            return;
        }
        auto vfs = netlink_.read_vfs(pf);
        if (!vfs) {
            log_outcome(log_, show_link_command(pf_ref), &vfs.error());
            problems_.push_back(vfs.error().describe());
            return;
        }
        const auto found = vfs.value().find(*number);
        const auto now = found != vfs.value().end() ? found->second : topology::VfSettings{};
        log_outcome(log_, show_link_command(pf_ref), nullptr, "vf " + std::to_string(*number) + " " + now.to_json().dump());
        const auto differs = [](const auto& wanted, const auto& seen) { return wanted && wanted != seen; };
        if (differs(vf.mac, now.mac) || differs(vf.vlan, now.vlan) || differs(vf.trust, now.trust) ||
            differs(vf.spoof_check, now.spoof_check)) {
            problems_.push_back("VF " + std::to_string(*number) + " of " + std::string{pf} + " reads back " +
                                now.to_json().dump() + ", asked " + vf.to_json().dump());
        }
    }

    void set_link(const topology::InterfaceSettings& settings)
    {
        const auto& ifname = where_.ifname;
        if (settings.mtu) {
            change(set_mtu_command(where_, *settings.mtu), netlink_.set_mtu(ifname, *settings.mtu));
        }
        if (settings.promiscuous) {
            change(set_flag_command(where_, "promisc", *settings.promiscuous),
                   netlink_.set_promiscuous(ifname, *settings.promiscuous));
        }
        if (settings.all_multicast) {
            change(set_flag_command(where_, "allmulticast", *settings.all_multicast),
                   netlink_.set_all_multicast(ifname, *settings.all_multicast));
        }
    }

    void set_admin(bool up) { change(set_admin_command(where_, up), netlink_.set_admin(where_.ifname, up)); }

    /// Features the kernel does not know ("bit name not found": names differ
    /// between kernel versions) are refused as EOPNOTSUPP, and take the whole
    /// request with them: then each feature goes on its own.
    void set_features(const std::map<std::string, bool>& features)
    {
        auto all = netlink_.set_features(where_.ifname, features);
        if (all || features.size() == 1 || classify(all.error().error_number) != ErrorKind::unsupported) {
            if (!change(set_features_command(where_, features), all)) {
                refused_features_.insert(features.begin()->first);
            }
            return;
        }
        log_outcome(log_, set_features_command(where_, features), &all.error());
        for (const auto& feature : features) {
            const std::map<std::string, bool> one{feature};
            if (!change(set_features_command(where_, one), netlink_.set_features(where_.ifname, one))) {
                refused_features_.insert(feature.first);
            }
        }
    }

    void add_addresses(const InterfaceRef& where, const std::vector<InterfaceAddress>& addresses)
    {
        for (const auto& address : addresses) {
            change(add_address_command(where, address), netlink_.add_address(where.ifname, address), true);
        }
    }

    /// Makes the VLAN interface, up, and gives it its addresses; false when it was not made.
    bool add_vlan(const topology::VlanInterface& vlan)
    {
        if (!change(add_vlan_command(where_, vlan.ifname, vlan.id),
                    netlink_.add_vlan(where_.ifname, vlan.ifname, vlan.id), true)) {
            return false;
        }
        add_addresses({vlan.ifname, where_.netns}, interface_addresses(vlan.addresses));
        return true;
    }

    void join_groups(const std::vector<topology::IpAddress>& groups, std::vector<GroupMembership>& memberships)
    {
        auto link = netlink_.read_link(where_.ifname);
        for (const auto& group : groups) {
            auto membership = link ? GroupMembership::join(where_.netns, link.value().ifindex, group)
                                   : Result<GroupMembership>{link.error()};
            if (change(join_group_command(where_, group.text, group.ipv6),
                       membership ? Result<void>{} : Result<void>{membership.error()})) {
                memberships.push_back(std::move(membership).value());
            }
        }
    }

    // ---- read-backs ----

    void check_link(const topology::InterfaceSettings& settings)
    {
        auto link = netlink_.read_link(where_.ifname);
        if (!link) {
            log_outcome(log_, show_link_command(where_), &link.error());
            problems_.push_back(link.error().describe());
            return;
        }
        const auto& state = link.value();
        log_outcome(log_, show_link_command(where_), nullptr,
                    control::link_response(state) + (state.promiscuous ? ", promisc" : "") +
                        (state.all_multicast ? ", allmulticast" : ""));
        const auto on_off = [](bool on) { return on ? "on" : "off"; };
        if (settings.mtu && state.mtu != *settings.mtu) {
            problems_.push_back("mtu " + std::to_string(state.mtu) + ", asked " + std::to_string(*settings.mtu));
        }
        if (settings.promiscuous && state.promiscuous != *settings.promiscuous) {
            problems_.push_back(std::string{"promisc "} + on_off(state.promiscuous));
        }
        if (settings.all_multicast && state.all_multicast != *settings.all_multicast) {
            problems_.push_back(std::string{"allmulticast "} + on_off(state.all_multicast));
        }
        if (settings.admin_up && state.admin_up != *settings.admin_up) {
            problems_.push_back(std::string{"admin "} + (state.admin_up ? "up" : "down"));
        }
    }

    /// Each feature must be active as asked; one the device cannot change
    /// is what it is: not supported here.
    void check_features(const std::map<std::string, bool>& wanted)
    {
        auto features = netlink_.read_features(where_.ifname);
        if (!features) {
            change(show_features_command(where_), Result<void>{features.error()});
            return;
        }
        std::vector<std::string> listed;
        for (const auto& [name, on] : wanted) {
            if (refused_features_.contains(name)) {
                continue; // named once, where it was refused
            }
            const auto active = features.value().active.find(name);
            const bool now = active != features.value().active.end() && active->second;
            listed.push_back(name + (now ? ": on" : ": off"));
            if (now == on) {
                continue;
            }
            if (features.value().changeable.contains(name)) {
                problems_.push_back("feature " + name + (now ? " on" : " off") + ", asked " + (on ? "on" : "off"));
            } else {
                unsupported_.push_back("feature " + name + (now ? " on" : " off") + " [fixed]");
            }
        }
        log_outcome(log_, show_features_command(where_), nullptr, joined(listed, ", "));
    }

    /// Reads `where`'s addresses back: each of `wanted` must be there.
    void check_addresses(const InterfaceRef& where, const std::vector<InterfaceAddress>& wanted)
    {
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

    void check_vlan(const topology::VlanInterface& vlan)
    {
        const InterfaceRef where{vlan.ifname, where_.netns};
        auto link = netlink_.read_link(vlan.ifname);
        if (!link) {
            log_outcome(log_, show_link_command(where), &link.error());
            problems_.push_back(link.error().describe());
            return;
        }
        log_outcome(log_, show_link_command(where), nullptr, control::link_response(link.value()));
        if (!vlan.addresses.empty()) {
            check_addresses(where, interface_addresses(vlan.addresses));
        }
    }

    void check_groups(const std::vector<topology::IpAddress>& groups)
    {
        auto joined_groups = netlink_.read_multicast_groups(where_.ifname);
        if (!joined_groups) {
            log_outcome(log_, show_multicast_command(where_), &joined_groups.error());
            problems_.push_back(joined_groups.error().describe());
            return;
        }
        const auto& members = joined_groups.value();
        log_outcome(log_, show_multicast_command(where_), nullptr, joined(members, ", "));
        for (const auto& group : groups) {
            if (std::find(members.begin(), members.end(), group.text) == members.end()) {
                problems_.push_back(where_.ifname + " is not a member of " + group.text);
            }
        }
    }

    [[nodiscard]] operations::Verdict verdict() const
    {
        const auto& ifname = where_.ifname;
        if (!problems_.empty()) {
            return operations::Verdict::error(ifname + ": configuration not applied: " + joined(problems_, "; "));
        }
        if (!unsupported_.empty()) {
            return operations::Verdict::pass(ifname + ": configured but for what is not supported here: " +
                                             joined(unsupported_, "; "));
        }
        return operations::Verdict::pass(ifname + ": configured");
    }

private:
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
        auto& list = classify(done.error().error_number) == ErrorKind::unsupported ? unsupported_ : problems_;
        list.push_back(done.error().describe());
        return false;
    }

    Netlink& netlink_;
    InterfaceRef where_;
    const CommandLog& log_;
    std::vector<std::string> problems_;
    std::vector<std::string> unsupported_;
    std::set<std::string> refused_features_;
};

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
                                   std::vector<GroupMembership>& memberships, std::string_view pf,
                                   const std::filesystem::path& sysfs_root)
{
    InterfaceSetup setup{netlink, where, log};
    if (settings.sriov_numvfs) {
        setup.set_vf_count(*settings.sriov_numvfs, sysfs_root);
    }
    if (settings.vf) {
        setup.set_vf(*settings.vf, pf, sysfs_root);
    }
    setup.set_link(settings);
    if (!settings.features.empty()) {
        setup.set_features(settings.features);
    }
    if (settings.admin_up) {
        setup.set_admin(*settings.admin_up);
    }
    const auto addresses = interface_addresses(settings.addresses);
    setup.add_addresses(where, addresses);
    std::vector<const topology::VlanInterface*> made;
    for (const auto& vlan : settings.vlans) {
        if (setup.add_vlan(vlan)) {
            made.push_back(&vlan);
        }
    }
    if (!settings.multicast_groups.empty()) {
        setup.join_groups(settings.multicast_groups, memberships);
    }

    if (settings.mtu || settings.promiscuous || settings.all_multicast || settings.admin_up) {
        setup.check_link(settings);
    }
    if (!settings.features.empty()) {
        setup.check_features(settings.features);
    }
    if (!addresses.empty()) {
        setup.check_addresses(where, addresses);
    }
    for (const auto* vlan : made) {
        setup.check_vlan(*vlan);
    }
    if (!settings.multicast_groups.empty()) {
        setup.check_groups(settings.multicast_groups);
    }
    return setup.verdict();
}

} // namespace hammer::kernel_ops
