#include "src/cli/validate_command.hpp"

#include "src/cli/exit_codes.hpp"
#include "src/cli/inputs.hpp"
#include "src/cli/seed_option.hpp"
#include "src/schedule/schedule.hpp"

#include <iostream>
#include <memory>

namespace hammer::cli {
namespace {

std::string describe_access(const topology::TerminationPoint& tp)
{
    std::string text;
    if (tp.kernel) {
        text += "kernel " + tp.kernel->ifname;
        if (!tp.kernel->netns.empty()) {
            text += " (netns " + tp.kernel->netns + ")";
        }
    }
    if (tp.dpdk) {
        text += text.empty() ? "" : ", ";
        text += tp.dpdk->ring.empty() ? "dpdk " + tp.dpdk->devargs : "dpdk ring " + tp.dpdk->ring;
        if (!tp.dpdk->netns.empty()) {
            text += " (netns " + tp.dpdk->netns + ")";
        }
    }
    switch (tp.control) {
    case topology::ControlPath::kernel: text += "; controlled through the kernel"; break;
    case topology::ControlPath::dpdk: text += "; controlled through ethdev"; break;
    case topology::ControlPath::automatic: break;
    }
    return text;
}

std::string counted(std::size_t count, const std::string& noun)
{
    return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

void print_pairing(const topology::Pairing& pairing, std::ostream& out)
{
    out << counted(pairing.pairs.size(), "pair") << ":\n";
    for (const auto& pair : pairing.pairs) {
        out << "  " << pair.id << "  " << pair.a.name() << " <-> " << pair.b.name() << "  ["
            << to_string(pair.origin) << (pair.via.empty() ? "" : " " + pair.via) << "]\n"
            << "         a: " << describe_access(pair.a.tp) << "\n"
            << "         b: " << describe_access(pair.b.tp) << "\n";
    }
    for (const auto& unpaired : pairing.unpaired) {
        out << "  unpaired " << unpaired.endpoint.name() << ": " << unpaired.reason << "\n";
    }
}

} // namespace

int run_validate(const ValidateOptions& options, std::ostream& out)
{
    const auto inputs = load_inputs(options.topology, options.config, options.seed);
    const auto& model = inputs.model;
    std::size_t tps = 0;
    for (const auto& node : model.nodes) {
        tps += node.termination_points.size();
    }
    out << options.topology << ": valid (version " << model.version.to_string() << ", network \""
        << model.network_id << "\", " << counted(model.nodes.size(), "node") << ", "
        << counted(tps, "termination point") << ", " << counted(model.links.size(), "link") << ")\n";
    print_pairing(inputs.pairing, out);
    if (inputs.config) {
        // Building the schedule proves the duration holds every operation on every pair.
        const auto& config = *inputs.config;
        const auto schedule = schedule::make_schedule(config, inputs.pair_ids(), inputs.seed.value);
        out << *options.config << ": valid (" << counted(config.operations.size(), "operation") << ", "
            << to_string(config.mode) << ", " << schedule.loops << (schedule.loops == 1 ? " loop" : " loops")
            << " in " << config.duration.count() / 1000.0 << " s)\n";
    }
    out << "seed " << inputs.seed.value << " (" << inputs.seed.source << ")\n";
    return exit_pass;
}

Command add_validate_command(CLI::App& app)
{
    auto options = std::make_shared<ValidateOptions>();
    auto* sub = app.add_subcommand("validate", "Check a topology and print the interface pairs it gives");
    sub->add_option("topology", options->topology, "SUT specification (topology JSON)")->required();
    sub->add_option("config", options->config, "Run config JSON");
    add_seed_option(*sub, options->seed, "Seed for dynamic pairing through switches (overrides the config's)");
    return Command{sub, [options] { return run_validate(*options, std::cout); }};
}

} // namespace hammer::cli
