#include "src/cli/inputs.hpp"

#include "src/cli/replay.hpp"
#include "src/common/diagnostics.hpp"
#include "src/common/json_file.hpp"
#include "src/topology/loader.hpp"

namespace hammer::cli {
namespace {

/// The problems of a document read from inside a result document, named by
/// the result file and the pointer there: `prefix` + the pointer in the
/// part; the topology's "/version" is the result's `version_pointer`.
[[noreturn]] void rethrow_inside(const InputError& error, const std::string& file, const std::string& prefix,
                                 const std::string& version_pointer)
{
    auto diagnostics = error.diagnostics();
    for (auto& diagnostic : diagnostics) {
        diagnostic.file = file;
        const bool version = !version_pointer.empty() &&
                             (diagnostic.location == "/version" || diagnostic.location.rfind("/version/", 0) == 0);
        diagnostic.location = version ? version_pointer + diagnostic.location.substr(std::string{"/version"}.size())
                                      : prefix + diagnostic.location;
    }
    throw InputError{std::move(diagnostics)};
}

/// A topology file, or a result document whose topology part is taken
/// (docs/uti.md: the UTI is a configuration when used as an input).
topology::Model load_topology_input(const std::string& path)
{
    const auto document = read_json_file(path);
    const auto topology = topology_of_result(document);
    if (!topology) {
        return topology::load_topology(document, path);
    }
    try {
        return topology::load_topology(*topology, path);
    } catch (const InputError& error) {
        rethrow_inside(error, path, "", topology_version_pointer(document));
    }
}

Inputs with_pairs(topology::Model model, std::optional<config::RunConfig> run_config, config::SeedChoice seed,
                  const std::string& topology_file)
{
    auto pairing = topology::derive_pairs(model, seed.value);
    if (pairing.pairs.empty()) {
        throw InputError{{Diagnostic{topology_file, "/network",
                                     "no interface pairs: link two termination points, pair them with "
                                     "attr.pair-with, or plug them into a switch"}}};
    }
    return Inputs{std::move(model), std::move(run_config), seed, std::move(pairing), nullptr};
}

} // namespace

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
    auto model = load_topology_input(topology_path);
    std::optional<config::RunConfig> run_config;
    if (config_path) {
        run_config = config::load_run_config(*config_path);
    }
    const auto seed = config::choose_seed(seed_flag, run_config ? run_config->seed : std::nullopt);
    return with_pairs(std::move(model), std::move(run_config), seed, topology_path);
}

Inputs load_replay_inputs(const std::string& result_path, std::optional<std::uint64_t> seed_flag)
{
    const auto replay = read_replay(result_path);
    // The parts keep the names the run knew them by, so that the replay's
    // result names the same topology and config files and test id.
    auto model = [&] {
        try {
            return topology::load_topology(replay.topology, replay.topology_file);
        } catch (const InputError& error) {
            rethrow_inside(error, replay.file, "", replay.version_pointer);
        }
    }();
    auto run_config = [&] {
        try {
            return config::load_run_config(replay.config, replay.config_file);
        } catch (const InputError& error) {
            rethrow_inside(error, replay.file, "/test/metadata/hammer/config", "");
        }
    }();
    auto seed = config::choose_seed(seed_flag.value_or(replay.seed), std::nullopt);
    if (!seed_flag) {
        seed.source = replay_flag;
    }
    auto inputs = with_pairs(std::move(model), std::move(run_config), seed, replay.file);
    inputs.replay_of = replay.origin;
    return inputs;
}

} // namespace hammer::cli
