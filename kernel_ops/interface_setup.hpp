#pragma once

// Applies a termination point's configuration.start-up (and each run-time
// entry) to its kernel interface. The snapshot taken before (snapshot.hpp)
// holds everything this changes, so the restore undoes it.

#include "kernel_ops/commands.hpp"
#include "kernel_ops/group_membership.hpp"
#include "kernel_ops/netlink.hpp"
#include "src/operations/outcome.hpp"
#include "src/record/recorder.hpp"
#include "src/topology/interface_settings.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace hammer::kernel_ops {

using record::CommandLog;

/// Logs `command` as `done` ended: `response` when it succeeded, the kernel's
/// refusal (control::error_response) when not.
void log_outcome(const CommandLog& log, const std::string& command, const NlError* failure,
                 const std::string& response = {});

/// Applies `settings` to `where` in this order: a PF's VF count (sysfs under
/// `sysfs_root`), what the PF `pf` sets for this VF ("vf"), MTU, promiscuous and
/// all-multicast mode, admin state, addresses, VLAN interfaces (made up,
/// with their addresses), multicast groups (joined on sockets appended to
/// `memberships`, which the caller holds until the restore); then reads
/// everything back. An address or VLAN that is already there counts as
/// applied. PASS when all of it reads back (naming what the kernel does not
/// support, EOPNOTSUPP, which is left out); ERROR naming each refusal (the
/// kernel's text) or each difference otherwise.
[[nodiscard]] operations::Verdict apply_settings(Netlink& netlink, const InterfaceRef& where,
                                                 const topology::InterfaceSettings& settings, const CommandLog& log,
                                                 std::vector<GroupMembership>& memberships,
                                                 std::string_view pf = {},
                                                 const std::filesystem::path& sysfs_root = "/sys");

} // namespace hammer::kernel_ops
