#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hammer::report {

/// How many steps ended in each outcome.
struct OutcomeCounts {
    std::size_t pass = 0;
    std::size_t fail = 0;
    std::size_t error = 0;
    std::size_t skip = 0;

    void add(std::string_view outcome);
    [[nodiscard]] std::size_t total() const { return pass + fail + error + skip; }
    /// The outcome that colours a group of steps: ERROR, else FAIL, else PASS,
    /// else SKIP ("" when there are none). A skip next to a pass hides nothing.
    [[nodiscard]] std::string_view worst() const;
    /// "P 3 F 1" style text, zeros left out; "—" when there are no steps.
    [[nodiscard]] std::string compact() const;
};

/// PASS steps among those that ran (SKIPs left out); nothing when every step skipped.
[[nodiscard]] std::optional<double> pass_rate(const OutcomeCounts& counts);

/// The fill colour of an outcome, the same in every table and chart.
[[nodiscard]] std::string_view outcome_colour(std::string_view outcome);

} // namespace hammer::report
