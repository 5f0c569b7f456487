#include "src/output/junit.hpp"

#include "src/output/xml_text.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <vector>

namespace hammer::output {
namespace {

using nlohmann::json;

/// Milliseconds as JUnit's seconds, "12.345": integer arithmetic, so the
/// text does not depend on the locale or on floating-point rounding.
std::string seconds(std::int64_t ms)
{
    ms = std::max<std::int64_t>(ms, 0);
    char text[32];
    std::snprintf(text, sizeof text, "%lld.%03lld", static_cast<long long>(ms / 1000),
                  static_cast<long long>(ms % 1000));
    return text;
}

/// "2026-11-22T10:15:00.123Z" as a point in time; nullopt for any other form.
std::optional<std::chrono::sys_time<std::chrono::milliseconds>> parse_timestamp(const std::string& text)
{
    int year = 0;
    unsigned month = 0;
    unsigned day = 0;
    int hour = 0;
    int minute = 0;
    int second = 0;
    int millisecond = 0;
    char zone = 0;
    if (std::sscanf(text.c_str(), "%4d-%2u-%2uT%2d:%2d:%2d.%3d%c", &year, &month, &day, &hour, &minute, &second,
                    &millisecond, &zone) != 8 ||
        zone != 'Z') {
        return std::nullopt;
    }
    const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
    if (!date.ok()) {
        return std::nullopt;
    }
    return std::chrono::sys_days{date} + std::chrono::hours{hour} + std::chrono::minutes{minute} +
           std::chrono::seconds{second} + std::chrono::milliseconds{millisecond};
}

/// The ANT JUnit schema's timestamp has no fraction and no zone; ours are UTC.
std::string junit_timestamp(const std::string& iso)
{
    return iso.substr(0, std::string{"2026-11-22T10:15:00"}.size());
}

std::string attribute(std::string_view name, std::string_view value)
{
    return " " + std::string{name} + "=\"" + xml_attribute(value) + "\"";
}

std::string attribute(std::string_view name, std::int64_t value)
{
    return attribute(name, std::to_string(value));
}

std::int64_t ms_or_zero(const json& step, const char* key)
{
    const auto& value = step.at(key);
    return value.is_number_integer() ? value.get<std::int64_t>() : 0;
}

/// A member as text: strings as they are, null as "", anything else as JSON.
std::string text_of(const json& value)
{
    return value.is_string() ? value.get<std::string>() : value.is_null() ? "" : value.dump();
}

std::string endpoint_text(const json& endpoint)
{
    return endpoint.at("node-id").get<std::string>() + "/" + endpoint.at("tp-id").get<std::string>();
}

struct Counts {
    std::int64_t tests = 0;
    std::int64_t failures = 0;
    std::int64_t errors = 0;
    std::int64_t skipped = 0;
    std::int64_t time_ms = 0;

    void add(const std::string& outcome, std::int64_t ms)
    {
        ++tests;
        failures += outcome == "FAIL" ? 1 : 0;
        errors += outcome == "ERROR" ? 1 : 0;
        skipped += outcome == "SKIP" ? 1 : 0;
        time_ms += ms;
    }

    void add(const Counts& other)
    {
        tests += other.tests;
        failures += other.failures;
        errors += other.errors;
        skipped += other.skipped;
        time_ms += other.time_ms;
    }

    /// junit-10.xsd allows `skipped` on <testsuite> but not on <testsuites>.
    [[nodiscard]] std::string attributes(bool with_skipped) const
    {
        return attribute("tests", tests) + attribute("failures", failures) + attribute("errors", errors) +
               (with_skipped ? attribute("skipped", skipped) : "");
    }
};

/// What a CI page shows under a failed case: where the step was decided and
/// how its time went, then its message.
std::string step_details(const json& step)
{
    std::string text = "operation " + step.at("operation").get<std::string>() + ", slot " +
                       step.at("slot").dump() + ", phase " + step.at("phase").get<std::string>() +
                       "; planned " + seconds(ms_or_zero(step, "planned-ms")) + " s from " +
                       seconds(ms_or_zero(step, "planned-start-ms")) + " s";
    if (step.at("actual-ms").is_number_integer()) {
        text += ", ran " + seconds(ms_or_zero(step, "actual-ms")) + " s from " +
                seconds(ms_or_zero(step, "start-ms")) + " s";
        if (ms_or_zero(step, "overrun-ms") > 0) {
            text += " (" + seconds(ms_or_zero(step, "overrun-ms")) + " s past its slot)";
        }
    }
    if (step.at("setup-attempts").is_number_integer()) {
        text += ", setup attempts " + step.at("setup-attempts").dump();
    }
    return text + "\n" + step.at("message").get<std::string>();
}

/// Recoveries and lost endpoints, which are not steps, as log lines, each with
/// the timestamp it happened at (sortable text: every timestamp is UTC with
/// milliseconds).
std::vector<std::pair<std::string, std::string>> pair_log(const json& pair)
{
    std::vector<std::pair<std::string, std::string>> lines;
    for (const auto& recovery : pair.at("recoveries")) {
        const auto timestamp = recovery.at("timestamp").get<std::string>();
        lines.emplace_back(timestamp, timestamp + " recovery of " + endpoint_text(recovery) + " (" +
                                          recovery.at("backend").get<std::string>() + ", attempt " +
                                          recovery.at("attempt").dump() + "): " +
                                          recovery.at("outcome").get<std::string>() + " " +
                                          recovery.at("message").get<std::string>() + "\n");
    }
    for (const auto& lost : pair.at("lost-endpoints")) {
        const auto timestamp = lost.at("timestamp").get<std::string>();
        lines.emplace_back(timestamp, timestamp + " lost " + endpoint_text(lost) + ": " +
                                          lost.at("message").get<std::string>() + "\n");
    }
    std::stable_sort(lines.begin(), lines.end(),
                     [](const auto& left, const auto& right) { return left.first < right.first; });
    return lines;
}

/// The log of each step: the pair's log lines, each given to the last step
/// that started at or before it (a recovery follows the step whose ERROR
/// caused it); lines before the first step go to the first step. GitLab
/// shows system-out only inside a test case.
std::vector<std::string> step_logs(const json& pair)
{
    const auto& steps = pair.at("steps");
    std::vector<std::string> logs(steps.size());
    if (steps.empty()) {
        return logs;
    }
    for (const auto& [timestamp, line] : pair_log(pair)) {
        std::size_t owner = 0;
        for (std::size_t i = 0; i < steps.size(); ++i) {
            if (steps[i].at("timestamp").get<std::string>() <= timestamp) {
                owner = i;
            }
        }
        logs[owner] += line;
    }
    return logs;
}

std::string testcase(const std::string& pair_id, const json& step, const std::string& log)
{
    const auto outcome = step.at("outcome").get<std::string>();
    const auto message = step.at("message").get<std::string>();
    // Loops are counted from 1 in the result (docs/uti.md), as `hammer plan` counts them.
    std::string xml = "    <testcase" + attribute("classname", "hammer." + pair_id) +
                      attribute("name", step.at("operation-id").get<std::string>() + "#loop" +
                                            step.at("loop").dump()) +
                      attribute("time", seconds(ms_or_zero(step, "actual-ms")));
    if (outcome == "PASS" && log.empty()) {
        return xml + "/>\n";
    }
    xml += ">\n";
    // The reason is in the element's text as well as in `message`: GitLab
    // shows the text, Jenkins the attribute.
    if (outcome == "SKIP") {
        xml += "      <skipped" + attribute("message", message) + ">" + xml_text(message) + "</skipped>\n";
    } else if (outcome != "PASS") {
        // FAIL: the device misbehaved (a JUnit failure); ERROR: setup or
        // infrastructure broke, or the run died in the step (a JUnit error).
        const std::string element = outcome == "FAIL" ? "failure" : "error";
        xml += "      <" + element + attribute("message", message) +
               attribute("type", step.at("phase").get<std::string>()) + ">" + xml_text(step_details(step)) + "</" +
               element + ">\n";
    }
    if (!log.empty()) {
        xml += "      <system-out>" + xml_text(log) + "</system-out>\n";
    }
    return xml + "    </testcase>\n";
}

} // namespace

std::string render_junit(const json& uti)
{
    const auto& metadata = uti.at("test").at("metadata");
    const auto& execution = metadata.at("test_execution");
    const auto& history = metadata.at("test").at("test-history");
    const auto& hammer = metadata.at("hammer");
    const auto start_time = execution.at("start_time").get<std::string>();
    const auto end_time = execution.at("end_time").get<std::string>();
    const std::vector<std::pair<std::string, std::string>> run_properties = {
        {"run-id", text_of(hammer.at("run-id"))},
        {"seed", text_of(hammer.at("seed"))},
        {"status", text_of(execution.at("status"))},
        {"test-id", text_of(metadata.at("test").at("id"))},
        {"topology-file", text_of(hammer.at("topology-file"))},
        {"config-file", text_of(hammer.at("config-file"))},
        {"hash", text_of(history.at("hash"))},
        {"previous_hash", text_of(history.at("previous_hash"))},
    };

    Counts total;
    std::string suites;
    std::int64_t suite_index = 0;
    for (const auto& pair : uti.at("test").at("results").at("pairs")) {
        const auto pair_id = pair.at("pair-id").get<std::string>();
        const auto& steps = pair.at("steps");
        Counts counts;
        std::string cases;
        const auto logs = step_logs(pair);
        for (std::size_t i = 0; i < steps.size(); ++i) {
            counts.add(steps[i].at("outcome").get<std::string>(), ms_or_zero(steps[i], "actual-ms"));
            cases += testcase(pair_id, steps[i], logs[i]);
        }
        total.add(counts);
        const auto timestamp = steps.empty() ? start_time : steps.front().at("timestamp").get<std::string>();
        // JUnit has properties per suite only: the run's are repeated in each.
        auto pair_properties = run_properties;
        pair_properties.insert(pair_properties.end(), {{"a", endpoint_text(pair.at("a"))},
                                                       {"b", endpoint_text(pair.at("b"))},
                                                       {"origin", text_of(pair.at("origin"))},
                                                       {"via", text_of(pair.at("via"))}});
        suites += "  <testsuite" + attribute("name", pair_id) + attribute("id", suite_index++) +
                  counts.attributes(true) + attribute("time", seconds(counts.time_ms)) +
                  attribute("timestamp", junit_timestamp(timestamp)) + ">\n    <properties>\n";
        for (const auto& [name, value] : pair_properties) {
            suites += "      <property" + attribute("name", name) + attribute("value", value) + "/>\n";
        }
        suites += "    </properties>\n" + cases;
        if (steps.empty()) {
            // No case to hold them: the suite's own log (the schema allows it there).
            std::string log;
            for (const auto& line : pair_log(pair)) {
                log += line.second;
            }
            if (!log.empty()) {
                suites += "    <system-out>" + xml_text(log) + "</system-out>\n";
            }
        }
        suites += "  </testsuite>\n";
    }

    // The run's wall time: pairs run side by side, so their times overlap.
    const auto start = parse_timestamp(start_time);
    const auto end = parse_timestamp(end_time);
    const auto run_ms = start && end ? (*end - *start).count() : total.time_ms;
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites" +
           attribute("name", "hammer " + hammer.at("run-id").get<std::string>()) + total.attributes(false) +
           attribute("time", seconds(run_ms)) + ">\n" +
           suites + "</testsuites>\n";
}

} // namespace hammer::output
