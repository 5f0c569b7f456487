#include "src/report/outcomes.hpp"

#include <utility>

namespace hammer::report {

void OutcomeCounts::add(std::string_view outcome)
{
    if (outcome == "PASS") {
        ++pass;
    } else if (outcome == "FAIL") {
        ++fail;
    } else if (outcome == "ERROR") {
        ++error;
    } else if (outcome == "SKIP") {
        ++skip;
    }
}

std::string_view OutcomeCounts::worst() const
{
    if (error > 0) {
        return "ERROR";
    }
    if (fail > 0) {
        return "FAIL";
    }
    if (pass > 0) {
        return "PASS";
    }
    return skip > 0 ? "SKIP" : "";
}

std::string OutcomeCounts::compact() const
{
    std::string text;
    for (const auto& [letter, count] : {std::pair{"P", pass}, std::pair{"F", fail}, std::pair{"E", error},
                                        std::pair{"S", skip}}) {
        if (count > 0) {
            text += (text.empty() ? "" : " ") + std::string{letter} + " " + std::to_string(count);
        }
    }
    return text.empty() ? "\u2014" : text;
}

std::optional<double> pass_rate(const OutcomeCounts& counts)
{
    const auto ran = counts.pass + counts.fail + counts.error;
    if (ran == 0) {
        return std::nullopt;
    }
    return static_cast<double>(counts.pass) / static_cast<double>(ran);
}

std::string_view outcome_colour(std::string_view outcome)
{
    if (outcome == "PASS") {
        return "#2e7d32";
    }
    if (outcome == "FAIL") {
        return "#c62828";
    }
    if (outcome == "ERROR") {
        return "#ef6c00";
    }
    return "#9e9e9e";
}

} // namespace hammer::report
