#include "tests/config/config_builder.hpp"

#include "src/common/json_file.hpp"

namespace hammer::config::test_support {

json minimal_config()
{
    return {{"duration", 60}, {"operations", json::array({"link_flap"})}};
}

json config_with_operations(json operations)
{
    auto config = minimal_config();
    config["operations"] = std::move(operations);
    return config;
}

json config_with_params(const std::string& name, json params)
{
    return config_with_operations(json::array({{{"name", name}, {"params", std::move(params)}}}));
}

RunConfig load(const json& document)
{
    return load_text(document.dump());
}

RunConfig load_text(std::string_view text)
{
    const std::string file{test_file};
    return load_run_config(parse_json_text(text, file), file);
}

std::vector<Diagnostic> load_errors(const json& document)
{
    try {
        (void)load(document);
    } catch (const InputError& error) {
        return error.diagnostics();
    }
    ADD_FAILURE() << "the config loaded, expected it to be refused:\n" << document.dump(2);
    return {};
}

} // namespace hammer::config::test_support
