#include "src/common/json_check.hpp"

#include "src/common/text.hpp"

#include <cmath>

namespace hammer {
namespace {

/// Long values are cut in messages: a message names the problem, it does not echo the file.
constexpr std::size_t max_echoed_value_chars = 40;

std::string abbreviated(std::string text)
{
    if (text.size() > max_echoed_value_chars) {
        text.resize(max_echoed_value_chars);
        text += "...";
    }
    return text;
}

} // namespace

std::string_view describe(JsonKind kind) noexcept
{
    switch (kind) {
    case JsonKind::object: return "an object";
    case JsonKind::array: return "an array";
    case JsonKind::string: return "a string";
    case JsonKind::integer: return "an integer";
    case JsonKind::number: return "a number";
    case JsonKind::boolean: return "a boolean";
    case JsonKind::any: return "a value";
    }
    return "a value";
}

std::string describe_value(const nlohmann::json& value)
{
    switch (value.type()) {
    case nlohmann::json::value_t::null: return "null";
    case nlohmann::json::value_t::object: return "an object";
    case nlohmann::json::value_t::array: return "an array";
    case nlohmann::json::value_t::string: return "a string (" + abbreviated(value.dump()) + ")";
    case nlohmann::json::value_t::boolean: return std::string{"a boolean ("} + (value.get<bool>() ? "true" : "false") + ")";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float: return "a number (" + abbreviated(value.dump()) + ")";
    case nlohmann::json::value_t::binary:
    case nlohmann::json::value_t::discarded: break;
    }
    return "an unsupported value";
}

bool is_kind(const nlohmann::json& value, JsonKind kind) noexcept
{
    switch (kind) {
    case JsonKind::object: return value.is_object();
    case JsonKind::array: return value.is_array();
    case JsonKind::string: return value.is_string();
    case JsonKind::boolean: return value.is_boolean();
    case JsonKind::number: return value.is_number();
    case JsonKind::any: return true;
    case JsonKind::integer:
        if (value.is_number_integer()) {
            return true;
        }
        // 3.0 is a whole number written with a fraction: accept it as people do.
        if (value.is_number_float()) {
            const double number = value.get<double>();
            return std::isfinite(number) && std::trunc(number) == number;
        }
        return false;
    }
    return false;
}

bool expect_kind(const nlohmann::json& value, JsonKind kind, const std::string& pointer,
                 Diagnostics& diagnostics)
{
    if (is_kind(value, kind)) {
        return true;
    }
    diagnostics.error(pointer, "expected " + std::string{describe(kind)} + ", found " + describe_value(value));
    return false;
}

ObjectReader::ObjectReader(const nlohmann::json& object, std::string pointer, Diagnostics& diagnostics)
    : object_{nullptr}, pointer_{std::move(pointer)}, diagnostics_{diagnostics}
{
    if (expect_kind(object, JsonKind::object, pointer_, diagnostics_)) {
        object_ = &object;
    }
}

bool ObjectReader::has(std::string_view key) const
{
    return object_ != nullptr && object_->contains(key);
}

const nlohmann::json* ObjectReader::member(std::string_view key, JsonKind kind, bool required)
{
    known_.emplace(key);
    if (object_ == nullptr) {
        return nullptr;
    }
    const auto found = object_->find(key);
    if (found == object_->end()) {
        if (required) {
            diagnostics_.error(pointer_to(key), "required member is missing");
        }
        return nullptr;
    }
    return expect_kind(*found, kind, pointer_to(key), diagnostics_) ? &*found : nullptr;
}

const nlohmann::json* ObjectReader::required(std::string_view key, JsonKind kind)
{
    return member(key, kind, true);
}

const nlohmann::json* ObjectReader::optional(std::string_view key, JsonKind kind)
{
    return member(key, kind, false);
}

std::optional<std::string> ObjectReader::required_string(std::string_view key)
{
    const auto* value = required(key, JsonKind::string);
    return value ? std::optional{value->get<std::string>()} : std::nullopt;
}

std::optional<std::string> ObjectReader::optional_string(std::string_view key)
{
    const auto* value = optional(key, JsonKind::string);
    return value ? std::optional{value->get<std::string>()} : std::nullopt;
}

void ObjectReader::allow(std::initializer_list<std::string_view> keys)
{
    for (auto key : keys) {
        known_.emplace(key);
    }
}

void ObjectReader::reject_unknown_members()
{
    if (object_ == nullptr) {
        return;
    }
    for (const auto& [key, value] : object_->items()) {
        if (known_.contains(key)) {
            continue;
        }
        diagnostics_.error(pointer_to(key),
                           "unknown member " + in_quotes(key) + " (expected one of: " + joined(known_) + ")");
    }
}

} // namespace hammer
