#pragma once

#include "tests/record/run_directory.hpp"

#include <nlohmann/json.hpp>

#include <string>

// Result documents for the report suites, rendered by the real recorder
// (record::read_journal + record::render_uti) from journals written as
// Recorder writes them.
namespace hammer::report::testing {

/// One host with four ports and two pairs: pair0 = host/a0 — host/b0 (link
/// l0), pair1 = host/a1 — host/b1 (link l1). 10 s run:
///   pair0: flap   0.010–4.010 s PASS;  jumbo 4.020–10.000 s ERROR (message
///          `hostile_message`), a recovery of host/b0 at 5.000 s, forward
///          traffic measured at 9.000 s
///   pair1: jumbo  0.012–6.002 s FAIL, per-second samples at 1, 2, 3 s both
///          directions, forward (with latency and p99) and reverse
///          measurements at 6.000 s; flap 6.010–10.000 s SKIP, host/b1 lost
///          at 7.000 s
/// Commands, counters (rx errors 2 on host/a0), snapshots and restores.
[[nodiscard]] record::testing::JournalText two_pair_journal();

/// A step message that tries to break out of the HTML it is shown in.
inline constexpr const char* hostile_message = "<script>alert(1)</script> & \"quoted\" 'single'";

/// The result document of a journal, as hammer render would write it.
[[nodiscard]] nlohmann::json render_document(const record::testing::JournalText& journal);

/// two_pair_journal() rendered.
[[nodiscard]] nlohmann::json two_pair_document();

/// A run of `steps` back-to-back steps of 1 s on pair0 of the sample
/// topology, outcome PASS except every 100th FAIL, and `commands` commands.
[[nodiscard]] nlohmann::json long_document(int steps, int commands);

} // namespace hammer::report::testing
