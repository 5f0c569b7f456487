#pragma once

#include "src/common/diagnostics.hpp"

#include <string_view>

namespace hammer::fuzz {

/// The name the fuzzed document goes by in diagnostics.
inline constexpr std::string_view input_name = "fuzz-input.json";

/// What a bad-input report must be: at least one diagnostic, each naming the
/// file, located by a JSON pointer, a line and column, or nothing (the whole
/// file), with a message. Aborts, which libFuzzer reports as a crash, otherwise.
void check_input_error(const InputError& error);

} // namespace hammer::fuzz
