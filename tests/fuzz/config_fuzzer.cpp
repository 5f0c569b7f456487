// libFuzzer target: arbitrary bytes through what `hammer plan TOPOLOGY CONFIG`
// does with a run config: parse, load, check every operation's parameters,
// build the schedule for three pairs and render the plan. Every input must
// give a plan or an InputError that names the file and the pointer; any other
// exception, crash or sanitizer report is a bug.
#include "src/common/json_file.hpp"
#include "src/config/run_config.hpp"
#include "src/schedule/plan_render.hpp"
#include "src/schedule/schedule.hpp"
#include "tests/fuzz/fuzz_checks.hpp"

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

namespace {

/// Three pairs, as a small topology gives them: enough for patterns to differ per pair.
std::vector<hammer::topology::Pair> three_pairs()
{
    std::vector<hammer::topology::Pair> pairs;
    for (const char* id : {"pair0", "pair1", "pair2"}) {
        hammer::topology::Pair pair;
        pair.id = id;
        pair.a.node_id = "a";
        pair.a.tp.id = id;
        pair.b.node_id = "b";
        pair.b.tp.id = id;
        pairs.push_back(pair);
    }
    return pairs;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const auto pairs = three_pairs();
    static const std::vector<std::string> pair_ids{"pair0", "pair1", "pair2"};
    const std::string text(reinterpret_cast<const char*>(data), size);
    const std::string file{hammer::fuzz::input_name};
    try {
        const auto config = hammer::config::load_run_config(hammer::parse_json_text(text, file), file);
        const auto schedule = hammer::schedule::make_schedule(config, pair_ids, config.seed.value_or(1));
        std::ostringstream plan;
        hammer::schedule::render_plan_text(schedule, config, pairs, plan);
        static_cast<void>(hammer::schedule::plan_to_json(schedule, config, pairs).dump());
    } catch (const hammer::InputError& error) {
        hammer::fuzz::check_input_error(error);
    }
    return 0;
}
