#include "tests/fuzz/fuzz_checks.hpp"

#include <cstdio>
#include <cstdlib>

namespace hammer::fuzz {
namespace {

[[noreturn]] void reject(const Diagnostic& diagnostic, const char* why)
{
    std::fprintf(stderr, "bad diagnostic (%s): %s\n", why, diagnostic.to_string().c_str());
    std::abort();
}

} // namespace

void check_input_error(const InputError& error)
{
    if (error.diagnostics().empty()) {
        std::fprintf(stderr, "InputError without a diagnostic: %s\n", error.what());
        std::abort();
    }
    for (const auto& diagnostic : error.diagnostics()) {
        if (diagnostic.file != input_name) {
            reject(diagnostic, "does not name the file");
        }
        if (diagnostic.message.empty()) {
            reject(diagnostic, "no message");
        }
        const auto& location = diagnostic.location;
        if (!location.empty() && location.front() != '/' && !location.starts_with("line ")) {
            reject(diagnostic, "location is neither a JSON pointer nor a line");
        }
    }
}

} // namespace hammer::fuzz
