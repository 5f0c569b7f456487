#pragma once

#include <string>
#include <string_view>

namespace hammer::record {

/// The SHA-256 digest of `data` (FIPS 180-4) as 64 lowercase hex digits,
/// computed by OpenSSL's libcrypto: the hash chain of the results rests on
/// it, so it comes from the implementation that is validated and maintained
/// by people whose job that is. Throws std::runtime_error in the unlikely
/// case libcrypto cannot compute it (e.g. a FIPS provider that refuses).
[[nodiscard]] std::string sha256_hex(std::string_view data);

} // namespace hammer::record
