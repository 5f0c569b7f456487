#pragma once

#include "src/record/journal_reader.hpp"
#include "src/record/recorder.hpp"
#include "src/run/runner.hpp"
#include "tests/run/fake_toolkit.hpp"
#include "tests/support/fake_clock.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace hammer::run::test_support {

using nlohmann::json;

/// `count` pairs: nodes a0/b0, a1/b1 ..., each with a port "p0" reachable
/// through the kernel (va0, vb0 ...) and DPDK, cabled by links l0, l1 ...
[[nodiscard]] json paired_hosts(std::size_t count);

/// A run config of `seconds` with flat slots of 10 s, seed 7, and `operations`.
[[nodiscard]] json run_config(json operations, int seconds = 60);

/// A whole run in a temporary directory with a virtual clock, the fake
/// backend and scripted operations.
class RunFixture : public ::testing::Test {
protected:
    RunFixture();
    ~RunFixture() override;

    /// Loads the topology and config, derives the pairs and the schedule.
    void prepare(const json& topology, const json& config);

    /// Journals run-start, then runs; the journal stays in directory_.
    RunReport run(std::stop_token stop = {}, std::stop_token hurry = {});

    [[nodiscard]] record::Journal journal() const;

    /// The journal's events of `kind`, only those of `pair_id` when given.
    [[nodiscard]] std::vector<json> events(std::string_view kind, std::string_view pair_id = {}) const;

    /// Starts the virtual clock over at 0, as for a new run.
    void restart_clock() { clock_ = std::make_unique<testing::FakeClock>(); }

    std::unique_ptr<testing::FakeClock> clock_ = std::make_unique<testing::FakeClock>();
    Toolkit toolkit_;
    FakeBackend* backend_ = nullptr;
    Script script_;
    std::filesystem::path directory_;
    std::optional<topology::Model> model_;
    topology::Pairing pairing_;
    std::vector<topology::Pair> pairs_; ///< pairing_'s, which a test may change before run()
    std::optional<config::RunConfig> config_;
    std::optional<schedule::Schedule> schedule_;
    std::optional<Tracker> tracker_;
};

} // namespace hammer::run::test_support
