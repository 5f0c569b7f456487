#include "src/config/run_config.hpp"

#include "src/common/json_check.hpp"
#include "src/common/json_file.hpp"
#include "src/common/text.hpp"
#include "src/config/operation_params.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <map>
#include <stdexcept>

namespace hammer::config {
namespace {

/// A config may hand out any number of shapes, but a list longer than this is a mistake.
constexpr std::size_t max_patterns = 64;
constexpr std::size_t max_operations = 256;
constexpr unsigned max_retries = 100;

class ConfigReader {
public:
    explicit ConfigReader(Diagnostics& diagnostics) : diagnostics_{diagnostics} {}

    void read(const nlohmann::json& document, RunConfig& config)
    {
        ObjectReader top{document, "", diagnostics_};
        if (!top.is_object()) {
            return;
        }
        read_duration(top, "duration", required, ms{1}, max_duration, config.duration);
        if (const auto* seed = top.optional("seed", JsonKind::integer)) {
            read_seed(*seed, top.pointer_to("seed"), config);
        }
        if (const auto mode = top.optional_string("mode")) {
            read_choice(*mode, top.pointer_to("mode"), {{"pair-exclusive", Mode::pair_exclusive},
                                                        {"pair-inclusive", Mode::pair_inclusive}},
                        config.mode);
        }
        if (const auto order = top.optional_string("order")) {
            read_choice(*order, top.pointer_to("order"), {{"defined", Order::defined}, {"random", Order::random}},
                        config.order);
        }
        if (const auto* list = top.optional("patterns", JsonKind::array)) {
            read_patterns(*list, top.pointer_to("patterns"), config);
        }
        read_duration(top, "minimum_slot", optional, ms{0}, max_duration, config.minimum_slot);
        read_duration(top, "target_slot", optional, ms{1}, max_duration, config.target_slot);
        if (const auto* threads = top.optional("max_pair_threads", JsonKind::integer)) {
            config.max_pair_threads = bounded_unsigned(*threads, top.pointer_to("max_pair_threads"), 0, 4096);
        }
        if (const auto* operations = top.required("operations", JsonKind::array)) {
            read_operations(*operations, top.pointer_to("operations"), config);
        }
        if (const auto* recovery = top.optional("recovery", JsonKind::object)) {
            read_recovery(*recovery, top.pointer_to("recovery"), config.recovery);
        }
        if (const auto* eal = top.optional("eal_args", JsonKind::array)) {
            for (std::size_t i = 0; i < eal->size(); ++i) {
                if (expect_kind((*eal)[i], JsonKind::string, pointer_child(top.pointer_to("eal_args"), i),
                                diagnostics_)) {
                    config.eal_args.push_back((*eal)[i].get<std::string>());
                }
            }
        }
        if (const auto* lcores = top.optional("lcores", JsonKind::any)) {
            read_lcores(*lcores, top.pointer_to("lcores"), config.lcores);
        }
        if (const auto* placement = top.optional("placement", JsonKind::string)) {
            read_placement(*placement, top.pointer_to("placement"), config.lcores);
        }
        if (const auto* queues = top.optional("queues", JsonKind::integer)) {
            read_queues(*queues, top.pointer_to("queues"), config.queues);
        }
        if (const auto* output = top.optional("output", JsonKind::object)) {
            read_output(*output, top.pointer_to("output"), config.output);
        }
        if (const auto* allow = top.optional("allow_default_route_iface", JsonKind::boolean)) {
            config.allow_default_route_iface = allow->get<bool>();
        }
        if (const auto* background = top.optional("background_traffic", JsonKind::object)) {
            read_background_traffic(*background, top.pointer_to("background_traffic"), config.background_traffic);
        }
        top.allow({"$comment"});
        top.reject_unknown_members();

        if (diagnostics_.empty() && config.minimum_slot > config.target_slot) {
            diagnostics_.error("/minimum_slot", "minimum_slot (" + std::to_string(config.minimum_slot.count()) +
                                                    " ms) is longer than target_slot (" +
                                                    std::to_string(config.target_slot.count()) + " ms)");
        }
    }

    /// `lcores`: a count of worker lcores, or the CPU of each: an array of
    /// distinct CPU ids or a cpulist string. Sets `lcores` only when valid.
    void read_lcores(const nlohmann::json& value, const std::string& pointer, LcoreOptions& lcores)
    {
        if (is_kind(value, JsonKind::integer)) {
            if (const auto count = checked_unsigned(value, pointer, 1, max_lcores)) {
                lcores.count = *count;
                lcores.cpus.clear();
            }
            return;
        }
        std::optional<std::vector<unsigned>> cpus;
        if (value.is_array()) {
            cpus = read_cpu_array(value, pointer);
        } else if (value.is_string()) {
            std::string problem;
            cpus = parse_cpu_list(value.get<std::string>(), problem);
            if (!cpus) {
                diagnostics_.error(pointer, problem);
            }
        } else {
            diagnostics_.error(pointer, "expected a number of worker lcores, an array of CPU ids or a CPU list such "
                                        "as \"2-5,8\", found " + describe_value(value));
        }
        if (cpus) {
            lcores.count = static_cast<unsigned>(cpus->size());
            lcores.cpus = std::move(*cpus);
        }
    }

    /// `placement`: "dedicated" or "shared" (absent: automatic).
    void read_placement(const nlohmann::json& value, const std::string& pointer, LcoreOptions& lcores)
    {
        if (!expect_kind(value, JsonKind::string, pointer, diagnostics_)) {
            return;
        }
        Placement placement{};
        if (read_choice(value.get<std::string>(), pointer,
                        {{"dedicated", Placement::dedicated}, {"shared", Placement::shared}}, placement)) {
            lcores.placement = placement;
        }
    }

    /// `queues`: RX and TX queues per port.
    void read_queues(const nlohmann::json& value, const std::string& pointer, std::uint16_t& queues)
    {
        if (!expect_kind(value, JsonKind::integer, pointer, diagnostics_)) {
            return;
        }
        if (const auto count = checked_unsigned(value, pointer, 1, max_queues)) {
            queues = static_cast<std::uint16_t>(*count);
        }
    }

private:
    using ms = std::chrono::milliseconds;

    /// An array of distinct CPU ids; every bad element is reported at its own pointer.
    std::optional<std::vector<unsigned>> read_cpu_array(const nlohmann::json& list, const std::string& pointer)
    {
        if (list.empty() || list.size() > max_lcores) {
            diagnostics_.error(pointer, "give 1 to " + std::to_string(max_lcores) + " CPU ids");
            return std::nullopt;
        }
        std::vector<unsigned> cpus;
        std::map<unsigned, std::string> first_at; // CPU -> pointer of its first element
        bool valid = true;
        for (std::size_t i = 0; i < list.size(); ++i) {
            const auto item_pointer = pointer_child(pointer, i);
            if (!expect_kind(list[i], JsonKind::integer, item_pointer, diagnostics_)) {
                valid = false;
                continue;
            }
            const auto cpu = checked_unsigned(list[i], item_pointer, 0, max_cpu_id);
            if (!cpu) {
                valid = false;
                continue;
            }
            if (const auto [first, inserted] = first_at.emplace(*cpu, item_pointer); !inserted) {
                diagnostics_.error(item_pointer, "CPU " + std::to_string(*cpu) + " is listed twice (first at " +
                                                     first->second + ")");
                valid = false;
                continue;
            }
            cpus.push_back(*cpu);
        }
        return valid ? std::optional{std::move(cpus)} : std::nullopt;
    }

    static constexpr bool required = true;
    static constexpr bool optional = false;

    /// Sets `out` from the duration member `key` when it is present, valid and in [minimum, maximum].
    void read_duration(ObjectReader& reader, std::string_view key, bool is_required, ms minimum, ms maximum, ms& out)
    {
        const auto* value = is_required ? reader.required(key, JsonKind::any) : reader.optional(key, JsonKind::any);
        if (value == nullptr) {
            return;
        }
        if (const auto duration = checked_duration(*value, reader.pointer_to(key), minimum, maximum)) {
            out = *duration;
        }
    }

    std::optional<ms> checked_duration(const nlohmann::json& value, const std::string& pointer, ms minimum, ms maximum)
    {
        const auto duration = parse_duration(value);
        if (!duration) {
            diagnostics_.error(pointer, "expected a duration (seconds as a number, or a string such as \"90s\", "
                                        "\"15m\", \"2h\", \"1h30m\"), found " + describe_value(value));
            return std::nullopt;
        }
        if (*duration < minimum || *duration > maximum) {
            diagnostics_.error(pointer, "duration " + std::to_string(duration->count()) + " ms is out of range (" +
                                            std::to_string(minimum.count()) + " ms to " +
                                            std::to_string(maximum.count()) + " ms)");
            return std::nullopt;
        }
        return duration;
    }

    void read_seed(const nlohmann::json& seed, const std::string& pointer, RunConfig& config)
    {
        // nlohmann reads an integer without a sign as unsigned: a signed zero
        // in a parsed file was written "-0", which is not digits.
        const bool minus_zero =
            seed.is_number_integer() && !seed.is_number_unsigned() && seed.get<std::int64_t>() == 0;
        if (minus_zero) {
            diagnostics_.error(pointer, "a seed is written as digits, found -0");
        } else if (seed.is_number_unsigned() || (seed.is_number_integer() && seed.get<std::int64_t>() > 0)) {
            config.seed = seed.get<std::uint64_t>();
        } else {
            // 5.0 is refused too: a seed read through a double could be rounded on its way in.
            diagnostics_.error(pointer, "a seed is an integer from 0 to 18446744073709551615, found " +
                                            describe_value(seed));
        }
    }

    /// Sets `out` to the value named `text`; false (and a diagnostic) when no choice has that name.
    template <typename Enum>
    bool read_choice(const std::string& text, const std::string& pointer,
                     std::initializer_list<std::pair<std::string_view, Enum>> choices, Enum& out)
    {
        for (const auto& [name, value] : choices) {
            if (name == text) {
                out = value;
                return true;
            }
        }
        const auto known = joined(choices, ", ", [](const auto& choice) { return in_quotes(choice.first); });
        diagnostics_.error(pointer, "unknown value " + in_quotes(text) + " (expected one of: " + known + ")");
        return false;
    }

    void read_patterns(const nlohmann::json& list, const std::string& pointer, RunConfig& config)
    {
        if (list.empty() || list.size() > max_patterns) {
            diagnostics_.error(pointer, "give 1 to " + std::to_string(max_patterns) + " pattern names");
            return;
        }
        config.patterns.clear();
        for (std::size_t i = 0; i < list.size(); ++i) {
            const auto item_pointer = pointer_child(pointer, i);
            if (!expect_kind(list[i], JsonKind::string, item_pointer, diagnostics_)) {
                continue;
            }
            const auto name = list[i].get<std::string>();
            if (const auto shape = patterns::shape_from_name(name)) {
                config.patterns.push_back(*shape);
            } else {
                diagnostics_.error(item_pointer, "unknown pattern " + in_quotes(name) + " (known: " +
                                                     joined(patterns::all_shapes(), ", ", patterns::shape_name) + ")");
            }
        }
    }

    void read_operations(const nlohmann::json& list, const std::string& pointer, RunConfig& config)
    {
        if (list.empty() || list.size() > max_operations) {
            diagnostics_.error(pointer, "the operation map needs 1 to " + std::to_string(max_operations) +
                                            " operations");
            return;
        }
        std::map<std::string, std::string> ids; // id -> pointer of its first entry
        std::map<std::string, unsigned> uses;   // name -> entries so far, for default ids
        for (std::size_t i = 0; i < list.size(); ++i) {
            auto entry = read_operation(list[i], pointer_child(pointer, i));
            if (!entry) {
                continue;
            }
            const unsigned use = ++uses[entry->name];
            const bool explicit_id = !entry->id.empty();
            if (!explicit_id) {
                entry->id = use == 1 ? entry->name : entry->name + "#" + std::to_string(use);
            }
            const auto id_pointer = explicit_id ? entry->pointer + "/id" : entry->pointer;
            if (const auto [first, inserted] = ids.emplace(entry->id, id_pointer); !inserted) {
                diagnostics_.error(id_pointer, "duplicate operation id \"" + entry->id + "\" (first at " +
                                                   first->second + ")");
                continue;
            }
            config.operations.push_back(std::move(*entry));
        }
    }

    std::optional<OperationEntry> read_operation(const nlohmann::json& json, const std::string& pointer)
    {
        // Shorthand: a bare name takes every default.
        if (json.is_string()) {
            auto params = resolve_params(json.get<std::string>(), pointer, nullptr, pointer, diagnostics_);
            if (!params) {
                return std::nullopt;
            }
            return OperationEntry{"", json.get<std::string>(), std::move(*params), pointer};
        }
        ObjectReader reader{json, pointer, diagnostics_};
        if (!reader.is_object()) {
            return std::nullopt;
        }
        OperationEntry entry;
        entry.pointer = pointer;
        auto name = reader.required_string("name");
        if (const auto id = reader.optional_string("id")) {
            if (id->empty()) {
                diagnostics_.error(reader.pointer_to("id"), "must not be empty");
            }
            entry.id = *id;
        }
        const auto* params = reader.optional("params", JsonKind::object);
        reader.allow({"$comment"});
        reader.reject_unknown_members();
        if (!name) {
            return std::nullopt;
        }
        entry.name = *name;
        auto resolved = resolve_params(entry.name, reader.pointer_to("name"), params, reader.pointer_to("params"),
                                       diagnostics_);
        if (!resolved) {
            return std::nullopt;
        }
        entry.params = std::move(*resolved);
        return entry;
    }

    void read_recovery(const nlohmann::json& json, const std::string& pointer, RecoveryPolicy& recovery)
    {
        ObjectReader reader{json, pointer, diagnostics_};
        read_duration(reader, "up_timeout", optional, ms{100}, ms{3'600'000}, recovery.up_timeout);
        if (const auto* retries = reader.optional("retries", JsonKind::integer)) {
            recovery.retries = bounded_unsigned(*retries, reader.pointer_to("retries"), 0, max_retries);
        }
        read_duration(reader, "backoff", optional, ms{0}, ms{600'000}, recovery.backoff);
        reader.reject_unknown_members();
    }

    /// Ranges as the traffic operations' own parameters have them (catalog.cpp).
    void read_background_traffic(const nlohmann::json& json, const std::string& pointer,
                                 std::optional<BackgroundTraffic>& background)
    {
        ObjectReader reader{json, pointer, diagnostics_};
        BackgroundTraffic traffic;
        if (const auto* rate = reader.optional("rate_pps", JsonKind::integer)) {
            // An outage is lost frames ÷ offered rate: background traffic needs a rate to offer.
            traffic.rate_pps = bounded_unsigned(*rate, reader.pointer_to("rate_pps"), 1, 1'000'000'000);
        }
        if (const auto* size = reader.optional("frame_size", JsonKind::integer)) {
            traffic.frame_size =
                static_cast<std::uint16_t>(bounded_unsigned(*size, reader.pointer_to("frame_size"), 60, 9216));
        }
        if (const auto* flows = reader.optional("flows", JsonKind::integer)) {
            traffic.flows = bounded_unsigned(*flows, reader.pointer_to("flows"), 0, 65536);
        }
        reader.reject_unknown_members();
        background = traffic;
    }

    void read_output(const nlohmann::json& json, const std::string& pointer, OutputOptions& output)
    {
        ObjectReader reader{json, pointer, diagnostics_};
        if (auto directory = reader.optional_string("directory")) {
            if (directory->empty()) {
                diagnostics_.error(reader.pointer_to("directory"), "must not be empty");
            }
            output.directory = std::move(*directory);
        }
        if (const auto* junit = reader.optional("junit", JsonKind::boolean)) {
            output.junit = junit->get<bool>();
        }
        if (const auto* html = reader.optional("html", JsonKind::boolean)) {
            output.html = html->get<bool>();
        }
        reader.reject_unknown_members();
    }

    unsigned bounded_unsigned(const nlohmann::json& value, const std::string& pointer, unsigned minimum,
                              unsigned maximum)
    {
        return checked_unsigned(value, pointer, minimum, maximum).value_or(minimum);
    }

    /// An integer `value` in [minimum, maximum]; nothing (and a diagnostic) outside it.
    std::optional<unsigned> checked_unsigned(const nlohmann::json& value, const std::string& pointer,
                                             unsigned minimum, unsigned maximum)
    {
        const double number = value.get<double>();
        if (number < minimum || number > maximum) {
            diagnostics_.error(pointer, "must be " + std::to_string(minimum) + " to " + std::to_string(maximum) +
                                            ", found " + value.dump());
            return std::nullopt;
        }
        return static_cast<unsigned>(number);
    }

    Diagnostics& diagnostics_;
};

} // namespace

std::string_view to_string(Mode mode) noexcept
{
    return mode == Mode::pair_exclusive ? "pair-exclusive" : "pair-inclusive";
}

std::string_view to_string(Order order) noexcept
{
    return order == Order::defined ? "defined" : "random";
}

std::string_view to_string(Placement placement) noexcept
{
    return placement == Placement::dedicated ? "dedicated" : "shared";
}

void override_member(RunConfig& config, std::string_view member, const nlohmann::json& value,
                     const std::string& source)
{
    // The flag is the whole of its "file": problems are reported as "--lcores: ...".
    Diagnostics diagnostics{source};
    ConfigReader reader{diagnostics};
    auto lcores = config.lcores;
    auto queues = config.queues;
    if (member == "lcores") {
        reader.read_lcores(value, "", lcores);
    } else if (member == "placement") {
        reader.read_placement(value, "", lcores);
    } else if (member == "queues") {
        reader.read_queues(value, "", queues);
    } else {
        throw std::invalid_argument{"override_member: " + std::string{member} + " cannot be overridden"};
    }
    diagnostics.throw_if_any();
    config.lcores = std::move(lcores);
    config.queues = queues;
}

std::optional<std::vector<unsigned>> parse_cpu_list(std::string_view text, std::string& problem)
{
    const auto bad = [&](std::string why) {
        problem = "expected a CPU list such as \"2-5,8\" (CPU ids and ranges, comma separated), found " +
                  describe_value(std::string{text}) + ": " + std::move(why);
        return std::nullopt;
    };
    if (text.empty()) {
        return bad("it is empty");
    }
    // One CPU id, digits only: no sign, no spaces, no hex.
    const auto read_id = [](std::string_view digits) -> std::optional<unsigned> {
        unsigned id = 0;
        const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
        if (digits.empty() || error != std::errc{} || end != digits.data() + digits.size()) {
            return std::nullopt;
        }
        return id;
    };
    std::vector<unsigned> cpus;
    std::vector<bool> listed(max_cpu_id + 1, false);
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto comma = std::min(text.find(',', start), text.size());
        const auto part = text.substr(start, comma - start);
        const auto dash = part.find('-');
        const auto first = read_id(part.substr(0, dash));
        const auto last = dash == std::string_view::npos ? first : read_id(part.substr(dash + 1));
        if (!first || !last) {
            return bad(in_quotes(part) + " is neither a CPU id nor a range such as \"2-5\"");
        }
        if (*last < *first) {
            return bad("the range " + in_quotes(part) + " ends before it starts");
        }
        if (*last > max_cpu_id) {
            return bad("CPU " + std::to_string(*last) + " is above " + std::to_string(max_cpu_id));
        }
        for (unsigned cpu = *first; cpu <= *last; ++cpu) {
            if (listed[cpu]) {
                return bad("CPU " + std::to_string(cpu) + " is listed twice");
            }
            listed[cpu] = true;
            cpus.push_back(cpu);
        }
        start = comma + 1;
    }
    return cpus;
}

std::optional<std::chrono::milliseconds> parse_duration(const nlohmann::json& value)
{
    if (value.is_number()) {
        const double seconds = value.get<double>();
        if (!std::isfinite(seconds) || seconds < 0 || seconds > 1e12) {
            return std::nullopt;
        }
        return std::chrono::milliseconds{std::llround(seconds * 1000)};
    }
    if (!value.is_string()) {
        return std::nullopt;
    }
    // A sequence of <number><unit>, units in descending order: "1h30m", "2.5s", "250ms".
    const auto text = value.get<std::string>();
    static constexpr std::pair<std::string_view, double> units[] = {
        {"h", 3'600'000}, {"m", 60'000}, {"s", 1'000}, {"ms", 1}};
    double total_ms = 0;
    std::size_t position = 0, last_unit = 0;
    if (text.empty()) {
        return std::nullopt;
    }
    while (position < text.size()) {
        // Digits with at most one decimal point: no sign, no exponent.
        if (!std::isdigit(static_cast<unsigned char>(text[position])) && text[position] != '.') {
            return std::nullopt;
        }
        double number = 0;
        const auto [number_end, error] =
            std::from_chars(text.data() + position, text.data() + text.size(), number, std::chars_format::fixed);
        if (error != std::errc{}) {
            return std::nullopt;
        }
        const auto end = static_cast<std::size_t>(number_end - text.data());
        std::size_t unit_end = end;
        while (unit_end < text.size() && std::isalpha(static_cast<unsigned char>(text[unit_end]))) {
            ++unit_end;
        }
        const std::string_view unit{text.data() + end, unit_end - end};
        std::size_t unit_index = 0;
        while (unit_index < std::size(units) && units[unit_index].first != unit) {
            ++unit_index;
        }
        if (unit_index == std::size(units) || unit_index < last_unit || (position > 0 && unit_index == last_unit)) {
            return std::nullopt;
        }
        last_unit = unit_index;
        total_ms += number * units[unit_index].second;
        position = unit_end;
    }
    if (!std::isfinite(total_ms) || total_ms > 1e15) {
        return std::nullopt;
    }
    return std::chrono::milliseconds{std::llround(total_ms)};
}

RunConfig load_run_config(const nlohmann::json& document, const std::string& file)
{
    Diagnostics diagnostics{file};
    RunConfig config;
    config.file = file;
    ConfigReader{diagnostics}.read(document, config);
    diagnostics.throw_if_any();
    config.document = document;
    return config;
}

RunConfig load_run_config(const std::string& path)
{
    return load_run_config(read_json_file(path), path);
}

} // namespace hammer::config
