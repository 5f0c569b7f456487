#pragma once

// The pieces every rtnetlink and ethtool message builder and parser of
// kernel_ops uses (messages.cpp, address_messages.cpp); defined in messages.cpp.

#include "kernel_ops/nl_socket.hpp"

#include <netlink/attr.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hammer::kernel_ops {

/// nlmsg_alloc_simple: a message of `type` with `flags`, or null.
[[nodiscard]] NlMsg message(int type, int flags);
/// An RTM_*LINK message naming the device by IFLA_IFNAME (ifi_index 0).
[[nodiscard]] NlMsg link_message(int type, std::string_view ifname, unsigned flags, unsigned change);
[[nodiscard]] std::optional<std::uint32_t> read_u32(const nlattr* attribute);
[[nodiscard]] std::optional<std::uint8_t> read_u8(const nlattr* attribute);
/// libnl's parsers only read, but take mutable pointers.
[[nodiscard]] nlmsghdr* mutable_header(const nlmsghdr& reply);
/// A link-layer address attribute as "02:00:00:00:00:01"; empty when absent.
[[nodiscard]] std::string mac_text(const nlattr* attribute);

/// Room for attributes 0..max, as nlmsg_parse and nla_parse_nested fill it.
template <int max>
using Attributes = std::array<nlattr*, max + 1>;

} // namespace hammer::kernel_ops
