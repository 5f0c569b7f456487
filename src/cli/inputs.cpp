#include "src/cli/inputs.hpp"

#include "src/common/diagnostics.hpp"
#include "src/topology/loader.hpp"

namespace hammer::cli {

std::vector<std::string> Inputs::pair_ids() const
{
    std::vector<std::string> ids;
    for (const auto& pair : pairing.pairs) {
        ids.push_back(pair.id);
    }
    return ids;
}

Inputs load_inputs(const std::string& topology_path, const std::optional<std::string>& config_path,
                   std::optional<std::uint64_t> seed_flag)
{
    auto model = topology::load_topology(topology_path);
    std::optional<config::RunConfig> run_config;
    if (config_path) {
        run_config = config::load_run_config(*config_path);
    }
    const auto seed = config::choose_seed(seed_flag, run_config ? run_config->seed : std::nullopt);
    auto pairing = topology::derive_pairs(model, seed.value);
    if (pairing.pairs.empty()) {
        throw InputError{{Diagnostic{topology_path, "/network",
                                     "no interface pairs: link two termination points, pair them with "
                                     "attr.pair-with, or plug them into a switch"}}};
    }
    return Inputs{std::move(model), std::move(run_config), seed, std::move(pairing)};
}

} // namespace hammer::cli
