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

bool check_param(const ParamSpec& spec, const nlohmann::json& value, const std::string& pointer,
                 Diagnostics& diagnostics)
{
    switch (spec.kind) {
    case ParamKind::integer: return check_number(spec, value, JsonKind::integer, pointer, diagnostics);
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
        bool valid = true;
        for (std::size_t i = 0; i < value.size(); ++i) {
            valid = check_number(spec, value[i], JsonKind::integer, pointer_child(pointer, i), diagnostics) && valid;
        }
        return valid;
    }
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
        if (check_param(*spec, value, pointer, diagnostics)) {
            resolved[key] = normalised(*spec, value);
        }
    }
    check_orders(*operation, resolved, params, params_pointer, diagnostics);
    return resolved;
}

} // namespace hammer::config
