#include "src/record/uti_sections.hpp"

#include "src/common/diagnostics.hpp"

namespace hammer::record::uti_sections {

[[noreturn]] void inconsistent(const Journal& journal, std::size_t event_index, std::string message)
{
    // Event i is line i + 1: read_journal keeps one event per line and refuses empty lines.
    throw InputError{
        {Diagnostic{journal.path.string(), "line " + std::to_string(event_index + 1), std::move(message)}}};
}

const std::string& text_of(const json& event, const char* member)
{
    return event.at(member).get_ref<const std::string&>();
}

bool is_event(const json& event, std::string_view name)
{
    return text_of(event, "event") == name;
}

json pick(const json& event, std::initializer_list<const char*> names)
{
    json picked = json::object();
    for (const char* name : names) {
        if (event.contains(name)) {
            picked[name] = event[name];
        }
    }
    return picked;
}

json own_fields(const json& event, std::string_view dropped)
{
    json fields = json::object();
    for (const auto& [key, value] : event.items()) {
        if (key != "seq" && key != "time" && key != "at" && key != "event" && key != dropped) {
            fields[key] = value;
        }
    }
    return fields;
}

json member_or(const json& object, const char* member, json fallback)
{
    return object.contains(member) ? object[member] : std::move(fallback);
}

} // namespace hammer::record::uti_sections
