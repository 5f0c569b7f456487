#include "src/config/operation_params.hpp"

#include "src/common/json_check.hpp"
#include "src/common/text.hpp"
#include "src/operations/catalog.hpp"

#include <algorithm>

namespace hammer::config {
namespace {

using operations::ParamKind;
using operations::ParamSpec;

std::string format_number(double value)
{
    nlohmann::json json = value;
    if (value == static_cast<double>(static_cast<long long>(value))) {
        json = static_cast<long long>(value);
    }
    return json.dump();
}

bool in_range(const ParamSpec& spec, double value)
{
    return spec.minimum == spec.maximum || (value >= spec.minimum && value <= spec.maximum);
}

std::string range_of(const ParamSpec& spec)
{
    return format_number(spec.minimum) + " to " + format_number(spec.maximum);
}

/// Checks one number (a value, or an element of a list) against its spec.
bool check_number(const ParamSpec& spec, const nlohmann::json& value, JsonKind kind, const std::string& pointer,
                  Diagnostics& diagnostics)
{
    if (!expect_kind(value, kind, pointer, diagnostics)) {
        return false;
    }
    if (!in_range(spec, value.get<double>())) {
        diagnostics.error(pointer, std::string{spec.name} + " must be " + range_of(spec) + ", found " + value.dump());
        return false;
    }
    return true;
}

/// `true`, `false`, or {"sizes": [...], "weights": [...]}: sizes in the
/// spec's range, weights 1 to 1000, as many weights as sizes.
bool check_size_mix(const ParamSpec& spec, const nlohmann::json& value, const std::string& pointer,
                    Diagnostics& diagnostics)
{
    if (value.is_boolean()) {
        return true;
    }
    if (!value.is_object()) {
        diagnostics.error(pointer, std::string{spec.name} + " must be true, false or an object with \"sizes\" and "
                                                            "\"weights\", found " +
                                       value.dump());
        return false;
    }
    bool valid = true;
    for (const auto& [key, member] : value.items()) {
        if (key != "sizes" && key != "weights") {
            diagnostics.error(pointer_child(pointer, key),
                              std::string{spec.name} + " has no member \"" + key + "\" (it takes: sizes, weights)");
            valid = false;
        }
    }
    const ParamSpec weight{"weight", ParamKind::integer, 1, "", 1, 1000};
    std::size_t counts[2] = {0, 0};
    const char* names[2] = {"sizes", "weights"};
    for (std::size_t m = 0; m < 2; ++m) {
        const auto member_pointer = pointer_child(pointer, names[m]);
        if (!value.contains(names[m])) {
            diagnostics.error(member_pointer, std::string{spec.name} + " needs \"" + names[m] + "\"");
            valid = false;
            continue;
        }
        const auto& list = value.at(names[m]);
        if (!expect_kind(list, JsonKind::array, member_pointer, diagnostics)) {
            valid = false;
            continue;
        }
        if (list.empty()) {
            diagnostics.error(member_pointer, std::string{names[m]} + " must list at least one value");
            valid = false;
        }
        counts[m] = list.size();
        for (std::size_t i = 0; i < list.size(); ++i) {
            valid = check_number(m == 0 ? spec : weight, list[i], JsonKind::integer, pointer_child(member_pointer, i),
                                 diagnostics) &&
                    valid;
        }
    }
    if (valid && counts[0] != counts[1]) {
        diagnostics.error(pointer_child(pointer, "weights"), "weights must list one weight per size: " +
                                                                 std::to_string(counts[0]) + " sizes, " +
                                                                 std::to_string(counts[1]) + " weights");
        valid = false;
    }
    return valid;
}

bool check_param(const ParamSpec& spec, const nlohmann::json& value, const std::string& pointer,
                 Diagnostics& diagnostics)
{
    switch (spec.kind) {
    case ParamKind::integer: {
        if (!check_number(spec, value, JsonKind::integer, pointer, diagnostics)) {
            return false;
        }
        const auto number = value.get<double>();
        if (spec.values.empty() || std::find(spec.values.begin(), spec.values.end(), number) != spec.values.end()) {
            return true;
        }
        diagnostics.error(pointer, std::string{spec.name} + " must be one of " +
                                       joined(spec.values, ", ", [](int v) { return std::to_string(v); }) +
                                       ", found " + value.dump());
        return false;
    }
    case ParamKind::number: return check_number(spec, value, JsonKind::number, pointer, diagnostics);
    case ParamKind::boolean: return expect_kind(value, JsonKind::boolean, pointer, diagnostics);
    case ParamKind::choice: {
        if (!expect_kind(value, JsonKind::string, pointer, diagnostics)) {
            return false;
        }
        const auto text = value.get<std::string>();
        if (std::find(spec.choices.begin(), spec.choices.end(), text) != spec.choices.end()) {
            return true;
        }
        diagnostics.error(pointer, "unknown " + std::string{spec.name} + " " + in_quotes(text) + " (expected one of: " +
                                       joined(spec.choices, ", ", in_quotes) + ")");
        return false;
    }
    case ParamKind::integer_list: {
        if (!expect_kind(value, JsonKind::array, pointer, diagnostics)) {
            return false;
        }
        if (value.empty()) {
            diagnostics.error(pointer, std::string{spec.name} + " must list at least one value");
            return false;
        }
        if (spec.length != 0 && value.size() != spec.length) {
            diagnostics.error(pointer, std::string{spec.name} + " must list exactly " + std::to_string(spec.length) +
                                           " values, found " + std::to_string(value.size()));
            return false;
        }
        bool valid = true;
        for (std::size_t i = 0; i < value.size(); ++i) {
            valid = check_number(spec, value[i], JsonKind::integer, pointer_child(pointer, i), diagnostics) && valid;
        }
        return valid;
    }
    case ParamKind::size_mix: return check_size_mix(spec, value, pointer, diagnostics);
    }
    return false;
}

/// Whole numbers written as 3.0 are stored as integers, so an operation reads
/// what the catalog promises.
nlohmann::json normalised(const ParamSpec& spec, const nlohmann::json& value)
{
    if (spec.kind == ParamKind::integer) {
        return static_cast<std::int64_t>(value.get<double>());
    }
    if (spec.kind == ParamKind::integer_list) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& element : value) {
            list.push_back(static_cast<std::int64_t>(element.get<double>()));
        }
        return list;
    }
    return value;
}

/// Checks the orders the operation's parameters must keep, on the resolved
/// values; a violation is reported at the parameter the config gave (the
/// larger one when it gave both).
void check_orders(const operations::OperationSpec& operation, const nlohmann::json& resolved,
                  const nlohmann::json* params, const std::string& params_pointer, Diagnostics& diagnostics)
{
    for (const auto& order : operation.orders) {
        const std::string smaller{order.smaller};
        const std::string larger{order.larger};
        const double low = resolved.at(smaller).get<double>();
        const double high = resolved.at(larger).get<double>();
        if ((order.zero_is_unset && high == 0) || (order.strict ? high > low : high >= low)) {
            continue;
        }
        const bool gave_larger = params != nullptr && params->contains(larger);
        const auto pointer = pointer_child(params_pointer, gave_larger ? larger : smaller);
        diagnostics.error(pointer, larger + " (" + format_number(high) + ") must be " +
                                       (order.strict ? "above " : "at least ") + smaller + " (" + format_number(low) +
                                       ")");
    }
}

const nlohmann::json& default_of(const operations::OperationSpec& operation, std::string_view name)
{
    for (const auto& spec : operation.params) {
        if (spec.name == name) {
            return spec.default_value;
        }
    }
    static const nlohmann::json none;
    return none;
}

} // namespace

std::optional<nlohmann::json> resolve_params(const std::string& name, const std::string& name_pointer,
                                             const nlohmann::json* params, const std::string& params_pointer,
                                             Diagnostics& diagnostics)
{
    const auto* operation = operations::find_operation(name);
    if (operation == nullptr) {
        diagnostics.error(name_pointer, "unknown operation " + in_quotes(name) + " (known: " +
                                            joined(operations::catalog(), ", ", &operations::OperationSpec::name) +
                                            ")");
        return std::nullopt;
    }
    nlohmann::json resolved = nlohmann::json::object();
    for (const auto& spec : operation->params) {
        resolved[std::string{spec.name}] = spec.default_value;
    }
    if (params == nullptr) {
        return resolved;
    }
    for (const auto& [key, value] : params->items()) {
        const auto pointer = pointer_child(params_pointer, key);
        const auto spec = std::find_if(operation->params.begin(), operation->params.end(),
                                       [&wanted = key](const ParamSpec& candidate) { return candidate.name == wanted; });
        if (spec == operation->params.end()) {
            const auto known = joined(operation->params, ", ", &ParamSpec::name);
            diagnostics.error(pointer, "operation " + name + " has no parameter \"" + key + "\" (it takes: " +
                                           (known.empty() ? "none" : known) + ")");
            continue;
        }
        // A default written out is accepted as it is: null ("not given",
        // the topology decides) and an empty frame_sizes would fail the checks.
        if (value == spec->default_value) {
            resolved[key] = value;
        } else if (check_param(*spec, value, pointer, diagnostics)) {
            resolved[key] = normalised(*spec, value);
        }
    }
    check_orders(*operation, resolved, params, params_pointer, diagnostics);
    for (const auto& exclusion : operation->exclusions) {
        const std::string first{exclusion.first};
        const std::string second{exclusion.second};
        const auto given = [&](const std::string& key) {
            return params->contains(key) && params->at(key) != default_of(*operation, key);
        };
        if (given(first) && given(second)) {
            diagnostics.error(pointer_child(params_pointer, second), second + " and " + first + " exclude each other");
        }
    }
    return resolved;
}

} // namespace hammer::config
