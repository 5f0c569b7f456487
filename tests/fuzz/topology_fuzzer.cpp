// libFuzzer target: arbitrary bytes through what `hammer validate TOPOLOGY`
// does with them: parse, expand references, load, pair. Every input must give
// pairs or an InputError that names the file and the pointer; any other
// exception, crash or sanitizer report is a bug.
#include "src/common/json_file.hpp"
#include "src/topology/loader.hpp"
#include "src/topology/pairing.hpp"
#include "tests/fuzz/fuzz_checks.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    const std::string file{hammer::fuzz::input_name};
    try {
        const auto model = hammer::topology::load_topology(hammer::parse_json_text(text, file), file);
        // A fixed seed: the shuffle behind switches is deterministic, so a
        // crash found here replays from its input alone.
        static_cast<void>(hammer::topology::derive_pairs(model, 1));
    } catch (const hammer::InputError& error) {
        hammer::fuzz::check_input_error(error);
    }
    return 0;
}
