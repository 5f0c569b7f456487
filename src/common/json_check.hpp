#pragma once

#include "src/common/diagnostics.hpp"

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace hammer {

/// The JSON types an input may ask for. `integer` accepts only whole numbers;
/// `any` leaves the check to the caller (a duration is a number or a string).
enum class JsonKind { object, array, string, integer, number, boolean, any };

/// "a string", "an object", ... for messages.
[[nodiscard]] std::string_view describe(JsonKind kind) noexcept;

/// "a string (\"eth0\")", "a number (42)", ... : what was actually found.
[[nodiscard]] std::string describe_value(const nlohmann::json& value);

[[nodiscard]] bool is_kind(const nlohmann::json& value, JsonKind kind) noexcept;

/// Checks `value` is of `kind`; records "expected K, found V" at `pointer` otherwise.
bool expect_kind(const nlohmann::json& value, JsonKind kind, const std::string& pointer,
                 Diagnostics& diagnostics);

/// Reads the members of one JSON object under validation. Every getter records
/// a diagnostic (with the member's JSON pointer) for a missing required member
/// or a member of the wrong type, and returns nothing for it, so a loader can
/// go on and report every problem in one pass. Members that no getter asked for
/// and that were not allowed explicitly are reported by reject_unknown_members():
/// a typo such as "termination-points" must not silently drop data.
class ObjectReader {
public:
    /// Records an error when `object` is not an object; the getters then return nothing.
    ObjectReader(const nlohmann::json& object, std::string pointer, Diagnostics& diagnostics);

    [[nodiscard]] bool is_object() const noexcept { return object_ != nullptr; }
    [[nodiscard]] const std::string& pointer() const noexcept { return pointer_; }
    [[nodiscard]] std::string pointer_to(std::string_view key) const { return pointer_child(pointer_, key); }
    [[nodiscard]] bool has(std::string_view key) const;

    /// The member if present and of `kind`; nullptr if absent (an error if required) or mistyped.
    const nlohmann::json* required(std::string_view key, JsonKind kind);
    const nlohmann::json* optional(std::string_view key, JsonKind kind);

    std::optional<std::string> required_string(std::string_view key);
    std::optional<std::string> optional_string(std::string_view key);

    /// Marks members as known without reading them (free-form or read elsewhere).
    void allow(std::initializer_list<std::string_view> keys);

    /// Records an error for each member neither read nor allowed, naming the known ones.
    void reject_unknown_members();

    [[nodiscard]] Diagnostics& diagnostics() const noexcept { return diagnostics_; }

private:
    const nlohmann::json* member(std::string_view key, JsonKind kind, bool required);

    const nlohmann::json* object_;
    std::string pointer_;
    Diagnostics& diagnostics_;
    std::set<std::string, std::less<>> known_;
};

} // namespace hammer
