#include "tests/run/run_fixture.hpp"

#include "src/run/run_header.hpp"
#include "src/topology/loader.hpp"

#include <unistd.h>

namespace hammer::run::test_support {
namespace {

FakeBackend& install_backend(Toolkit& toolkit)
{
    auto backend = std::make_unique<FakeBackend>();
    auto& installed = *backend;
    toolkit.backends.push_back(std::move(backend));
    return installed;
}

std::filesystem::path fresh_directory()
{
    static unsigned counter = 0;
    return std::filesystem::temp_directory_path() /
           ("hammer-run-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
}

} // namespace

json paired_hosts(std::size_t count)
{
    auto nodes = json::array();
    auto links = json::array();
    for (std::size_t index = 0; index < count; ++index) {
        const auto suffix = std::to_string(index);
        for (const auto* side : {"a", "b"}) {
            const std::string name = std::string{side} + suffix;
            nodes.push_back({{"node-id", name},
                             {"termination-point",
                              {{{"tp-id", "p0"},
                                {"attr",
                                 {{"kernel", {{"ifname", "v" + name}}},
                                  {"dpdk", {{"devargs", "net_af_packet_" + name + ",iface=v" + name}}}}}}}}});
        }
        links.push_back({{"link-id", "l" + suffix},
                         {"source", {{"source-node", "a" + suffix}, {"source-tp", "p0"}}},
                         {"destination", {{"destination-node", "b" + suffix}, {"destination-tp", "p0"}}}});
    }
    return {{"version", "0.1.0"},
            {"metadata", {{"description", "runner test"}}},
            {"reference", json::object()},
            {"network", {{"network-id", "test-net"}, {"node", nodes}, {"link", links}}}};
}

json run_config(json operations, int seconds)
{
    return {{"duration", seconds},
            {"seed", 7},
            {"mode", "pair-exclusive"},
            {"patterns", {"flat"}},
            {"minimum_slot", "1s"},
            {"target_slot", "10s"},
            {"operations", std::move(operations)},
            {"recovery", {{"up_timeout", "20s"}, {"retries", 3}, {"backoff", "1s"}}}};
}

RunFixture::RunFixture() : backend_{&install_backend(toolkit_)}, script_{*backend_}, directory_{fresh_directory()} {}

RunFixture::~RunFixture()
{
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
}

void RunFixture::prepare(const json& topology, const json& config)
{
    model_ = topology::load_topology(topology, "t.json");
    pairing_ = topology::derive_pairs(*model_, 7);
    pairs_ = pairing_.pairs;
    config_ = config::load_run_config(config, "c.json");
    std::vector<std::string> pair_ids;
    for (const auto& pair : pairs_) {
        pair_ids.push_back(pair.id);
    }
    schedule_ = schedule::make_schedule(*config_, pair_ids, *config_->seed);
    tracker_.emplace(*schedule_, *config_);
}

RunReport RunFixture::run(std::stop_token stop, std::stop_token hurry)
{
    auto recorder = record::Recorder::create(directory_, *clock_);
    recorder->run_start(make_run_header(*model_, pairs_, *config_, *schedule_,
                                        {"test-run", "config", {{"ci", "manual"}}, "", nullptr, json::object(), nullptr}));
    pairing_.pairs = pairs_;
    Runner runner{pairing_, *config_, *schedule_, toolkit_, *clock_, *recorder, *tracker_};
    return runner.run(std::move(stop), std::move(hurry));
}

record::Journal RunFixture::journal() const
{
    return record::read_journal(directory_);
}

std::vector<json> RunFixture::events(std::string_view kind, std::string_view pair_id) const
{
    std::vector<json> found;
    for (const auto& event : journal().events) {
        if (event.at("event") == kind && (pair_id.empty() || event.value("pair-id", "") == pair_id)) {
            found.push_back(event);
        }
    }
    return found;
}

} // namespace hammer::run::test_support
