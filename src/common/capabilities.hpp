#pragma once

#include <string>

namespace hammer {

/// A Linux capability (capabilities(7)) and the name people know it by.
struct Capability {
    int number = 0;   ///< CAP_NET_ADMIN is 12
    const char* name; ///< "CAP_NET_ADMIN"
};

inline constexpr Capability cap_net_admin{12, "CAP_NET_ADMIN"};
inline constexpr Capability cap_net_raw{13, "CAP_NET_RAW"};
inline constexpr Capability cap_sys_admin{21, "CAP_SYS_ADMIN"};

/// Whether this process has `capability` in its effective set (the CapEff
/// line of /proc/self/status; root without it, as setpriv can make, has not).
[[nodiscard]] bool has_capability(const Capability& capability);

} // namespace hammer
