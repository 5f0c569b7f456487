#include "src/cli/ops_command.hpp"

#include "src/cli/exit_codes.hpp"
#include "src/common/text.hpp"
#include "src/operations/catalog.hpp"

#include <iostream>
#include <memory>

namespace hammer::cli {
namespace {

using operations::Need;
using operations::ParamKind;
using operations::ParamSpec;

std::string_view kind_name(ParamKind kind)
{
    switch (kind) {
    case ParamKind::integer: return "integer";
    case ParamKind::number: return "number";
    case ParamKind::boolean: return "boolean";
    case ParamKind::choice: return "choice";
    case ParamKind::integer_list: return "integer list";
    case ParamKind::size_mix: return "size mix";
    }
    return "unknown";
}

std::vector<std::string_view> needs_of(unsigned needs)
{
    std::vector<std::string_view> names;
    for (const auto need : {Need::kernel_interface, Need::dpdk_port, Need::port_control}) {
        if ((needs & static_cast<unsigned>(need)) != 0) {
            names.push_back(operations::describe(need));
        }
    }
    return names;
}

std::string range_of(const ParamSpec& param)
{
    if (param.kind == ParamKind::choice) {
        return joined(param.choices, "|");
    }
    if (param.minimum == param.maximum) {
        return "";
    }
    const bool whole = param.kind == ParamKind::integer || param.kind == ParamKind::integer_list ||
                       param.kind == ParamKind::size_mix;
    const auto number = [whole](double value) {
        return whole ? std::to_string(static_cast<long long>(value)) : nlohmann::json(value).dump();
    };
    return number(param.minimum) + ".." + number(param.maximum);
}

nlohmann::json to_json(const operations::OperationSpec& spec, const operations::OperationRegistry::Entry* entry)
{
    auto params = nlohmann::json::array();
    for (const auto& param : spec.params) {
        nlohmann::json described{{"name", param.name},
                                 {"kind", kind_name(param.kind)},
                                 {"default", param.default_value},
                                 {"description", param.description}};
        if (param.kind == ParamKind::choice) {
            described["choices"] = param.choices;
        } else if (param.minimum != param.maximum) {
            described["minimum"] = param.minimum;
            described["maximum"] = param.maximum;
        }
        params.push_back(std::move(described));
    }
    return {{"name", spec.name},
            {"summary", spec.summary},
            {"needs", needs_of(spec.needs)},
            {"implemented_by", entry != nullptr ? nlohmann::json(entry->backend) : nlohmann::json()},
            {"params", std::move(params)}};
}

void print_text(const operations::OperationSpec& spec, const operations::OperationRegistry::Entry* entry,
                std::ostream& out)
{
    out << spec.name << "  needs " << joined(needs_of(spec.needs), " and ") << " on both ends; "
        << (entry != nullptr ? "implemented by " + std::string{entry->backend} : std::string{"not in this build"})
        << "\n  " << spec.summary << "\n";
    for (const auto& param : spec.params) {
        out << "    " << param.name << " (" << kind_name(param.kind) << ", default " << param.default_value.dump();
        if (const auto range = range_of(param); !range.empty()) {
            out << ", " << range;
        }
        out << "): " << param.description << "\n";
    }
}

} // namespace

int run_ops(bool json, const run::ToolkitFactory& make_toolkit, std::ostream& out)
{
    const config::RunConfig defaults;
    const auto toolkit = make_toolkit({defaults, {}});
    auto listed = nlohmann::json::array();
    for (const auto& spec : operations::catalog()) {
        const auto* entry = toolkit->operations.find(spec.name);
        if (json) {
            listed.push_back(to_json(spec, entry));
        } else {
            print_text(spec, entry, out);
        }
    }
    if (json) {
        out << listed.dump(2) << "\n";
    }
    return exit_pass;
}

Command add_ops_command(CLI::App& app, const run::ToolkitFactory& make_toolkit)
{
    auto json = std::make_shared<bool>(false);
    auto* sub = app.add_subcommand("ops", "List every operation, what it needs and takes, and what implements it");
    sub->add_flag("--json", *json, "Machine-readable output");
    return Command{sub, [json, make_toolkit] { return run_ops(*json, make_toolkit, std::cout); }};
}

} // namespace hammer::cli
