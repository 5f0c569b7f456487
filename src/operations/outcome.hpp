#pragma once

#include <exception>
#include <optional>
#include <string>
#include <string_view>

namespace hammer::operations {

/// How one step of one operation ended, in increasing severity.
enum class Outcome {
    pass,  ///< the device did what it was asked
    skip,  ///< not supported here (EOPNOTSUPP, no such capability): says why
    fail,  ///< the device misbehaved
    error, ///< setup or infrastructure broke: triggers recovery of the endpoint
};

/// "PASS", "SKIP", "FAIL", "ERROR": how outcomes appear in results and reports.
[[nodiscard]] std::string_view to_string(Outcome outcome) noexcept;
[[nodiscard]] std::optional<Outcome> outcome_from_string(std::string_view text) noexcept;

/// An outcome with the reason, as an operation reports it.
struct [[nodiscard]] Verdict {
    Outcome outcome = Outcome::pass;
    std::string message;

    static Verdict pass(std::string message = {}) { return {Outcome::pass, std::move(message)}; }
    static Verdict skip(std::string reason) { return {Outcome::skip, std::move(reason)}; }
    static Verdict fail(std::string message) { return {Outcome::fail, std::move(message)}; }
    static Verdict error(std::string message) { return {Outcome::error, std::move(message)}; }

    [[nodiscard]] bool passed() const noexcept { return outcome == Outcome::pass; }
};

/// The more severe of two outcomes: a run is as bad as its worst step.
[[nodiscard]] constexpr Outcome worst(Outcome a, Outcome b) noexcept
{
    return a > b ? a : b;
}

/// Runs `action`, which returns a Verdict, turning anything it throws into an
/// ERROR: operations and backends are other modules' code, and one that throws
/// must not take a pair thread down with it.
template <typename Action>
Verdict guarded(Action&& action)
{
    try {
        return action();
    } catch (const std::exception& error) {
        return Verdict::error(error.what());
    } catch (...) {
        return Verdict::error("unknown exception");
    }
}

} // namespace hammer::operations
