#pragma once

// A PF's settings for its VFs over rtnetlink (linux/if_link.h IFLA_VF_*), as
// `ip link set PF vf N mac M vlan V trust on spoofchk off` sends them and
// `ip link show PF` reads them: nested IFLA_VFINFO_LIST ▸ IFLA_VF_INFO, the
// same layout both ways.

#include "kernel_ops/nl_socket.hpp"
#include "src/topology/interface_settings.hpp"

#include <map>
#include <string_view>

namespace hammer::kernel_ops {

/// RTM_SETLINK on the PF setting what `vf` (VF number `index`) has of MAC,
/// VLAN, trust and spoof-check.
[[nodiscard]] NlMsg set_vf_message(std::string_view pf_ifname, unsigned index, const topology::VfSettings& vf);
/// RTM_GETLINK of the PF asking for its VFs (IFLA_EXT_MASK RTEXT_FILTER_VF).
[[nodiscard]] NlMsg get_vfs_message(std::string_view pf_ifname);
/// What an RTM_NEWLINK reply (or an RTM_SETLINK request) says of each VF,
/// by VF number: every member the kernel sent. Empty for a device without VFs.
[[nodiscard]] std::map<unsigned, topology::VfSettings> parse_vfs(const nlmsghdr& message);

} // namespace hammer::kernel_ops
