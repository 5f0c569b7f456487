#include "src/cli/plan_command.hpp"

#include "src/cli/exit_codes.hpp"
#include "src/cli/inputs.hpp"
#include "src/cli/replay.hpp"
#include "src/cli/seed_option.hpp"
#include "src/schedule/plan_render.hpp"

#include <iostream>
#include <memory>

namespace hammer::cli {

int run_plan(const PlanOptions& options, std::ostream& out)
{
    const auto inputs = options.replay ? load_replay_inputs(*options.replay, options.seed)
                                       : load_inputs(options.topology, options.config, options.seed);
    const auto schedule = schedule::make_schedule(*inputs.config, inputs.pair_ids(), inputs.seed.value);
    if (options.json) {
        auto document = schedule::plan_to_json(schedule, *inputs.config, inputs.pairing.pairs);
        document["seed_source"] = inputs.seed.source;
        out << document.dump(2) << "\n";
    } else {
        out << "plan for " << (options.replay ? "the run of " + *options.replay : options.topology + " with " +
                                                                             options.config)
            << " (seed from " << inputs.seed.source << ")\n";
        schedule::render_plan_text(schedule, *inputs.config, inputs.pairing.pairs, out);
    }
    return exit_pass;
}

Command add_plan_command(CLI::App& app)
{
    auto options = std::make_shared<PlanOptions>();
    auto* sub = app.add_subcommand("plan", "Print what every pair will do when, without touching anything");
    sub->add_option("topology", options->topology, "SUT specification (topology JSON)");
    sub->add_option("config", options->config, "Run config JSON");
    add_replay_option(*sub, options->replay);
    add_seed_option(*sub, options->seed, "Seed (overrides the config's)");
    sub->add_flag("--json", options->json, "Machine-readable output");
    return Command{sub, [sub, options] {
                       require_inputs_or_replay(*sub, options->replay);
                       return run_plan(*options, std::cout);
                   }};
}

} // namespace hammer::cli
