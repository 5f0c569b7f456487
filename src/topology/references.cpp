#include "src/topology/references.hpp"

#include "src/common/json_check.hpp"
#include "src/common/text.hpp"

#include <string>
#include <vector>

namespace hammer::topology {
namespace {

/// Deep merge used for overrides: "after replacement, another key-value pairs
/// CAN be added, or the existing CAN be changed" (seeds/004, reference).
void merge_into(nlohmann::json& base, const nlohmann::json& overlay)
{
    if (!base.is_object() || !overlay.is_object()) {
        base = overlay;
        return;
    }
    for (const auto& [key, value] : overlay.items()) {
        merge_into(base[key], value);
    }
}

class Expander {
public:
    Expander(const nlohmann::json& references, Diagnostics& diagnostics)
        : references_{references}, diagnostics_{diagnostics}
    {
    }

    nlohmann::json expand(const nlohmann::json& value, const std::string& pointer)
    {
        if (value.is_array()) {
            nlohmann::json expanded = nlohmann::json::array();
            for (std::size_t i = 0; i < value.size(); ++i) {
                expanded.push_back(expand(value[i], pointer_child(pointer, i)));
            }
            return expanded;
        }
        if (!value.is_object()) {
            return value;
        }
        nlohmann::json expanded = nlohmann::json::object();
        if (const auto ref = value.find(reference_member); ref != value.end()) {
            expanded = resolve(*ref, pointer_child(pointer, reference_member));
        }
        for (const auto& [key, member] : value.items()) {
            if (key != reference_member) {
                merge_into(expanded[key], expand(member, pointer_child(pointer, key)));
            }
        }
        return expanded;
    }

private:
    /// The merged dictionaries named by a "$ref" value (a string or an array of strings).
    nlohmann::json resolve(const nlohmann::json& ref, const std::string& pointer)
    {
        nlohmann::json merged = nlohmann::json::object();
        if (ref.is_string()) {
            merge_into(merged, lookup(ref.get<std::string>(), pointer));
        } else if (ref.is_array()) {
            for (std::size_t i = 0; i < ref.size(); ++i) {
                const auto item_pointer = pointer_child(pointer, i);
                if (expect_kind(ref[i], JsonKind::string, item_pointer, diagnostics_)) {
                    merge_into(merged, lookup(ref[i].get<std::string>(), item_pointer));
                }
            }
        } else {
            diagnostics_.error(pointer, "expected a reference id or an array of them, found " + describe_value(ref));
        }
        return merged;
    }

    nlohmann::json lookup(const std::string& id, const std::string& pointer)
    {
        const auto found = references_.is_object() ? references_.find(id) : references_.end();
        if (!references_.is_object() || found == references_.end()) {
            diagnostics_.error(pointer, "no reference \"" + id + "\" in /reference");
            return nlohmann::json::object();
        }
        if (!found->is_object()) {
            diagnostics_.error(pointer, "reference \"" + id + "\" is " + describe_value(*found) +
                                            ", only objects can be pulled in");
            return nlohmann::json::object();
        }
        for (const auto& active : active_) {
            if (active == id) {
                diagnostics_.error(pointer, "reference cycle: " + joined(active_, " -> ") + " -> " + id);
                return nlohmann::json::object();
            }
        }
        active_.push_back(id);
        auto expanded = expand(*found, pointer_child("/reference", id));
        active_.pop_back();
        return expanded;
    }

    const nlohmann::json& references_;
    Diagnostics& diagnostics_;
    std::vector<std::string> active_; ///< references being expanded, outermost first
};

} // namespace

nlohmann::json expand_references(const nlohmann::json& document, Diagnostics& diagnostics)
{
    if (!document.is_object()) {
        return document;
    }
    static const nlohmann::json no_references = nlohmann::json::object();
    const auto references = document.find("reference");
    Expander expander{references != document.end() ? *references : no_references, diagnostics};

    nlohmann::json expanded = nlohmann::json::object();
    for (const auto& [key, value] : document.items()) {
        expanded[key] = key == "reference" ? value : expander.expand(value, pointer_child("", key));
    }
    return expanded;
}

} // namespace hammer::topology
