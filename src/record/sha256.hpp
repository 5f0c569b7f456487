#pragma once

#include <string>
#include <string_view>

namespace hammer::record {

/// The SHA-256 digest of `data` (FIPS 180-4 §6.2) as 64 lowercase hex digits.
/// Our own implementation: the result hash chain needs nothing more, and a
/// crypto library would be a dependency for one function.
[[nodiscard]] std::string sha256_hex(std::string_view data);

} // namespace hammer::record
