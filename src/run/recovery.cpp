#include "src/run/recovery.hpp"

#include "src/run/clock.hpp"
#include "src/run/interface_setup.hpp"

#include <algorithm>
#include <thread>
#include <vector>

namespace hammer::run {

using operations::Verdict;

bool Recovery::recover(const topology::Pair& pair, std::span<TouchedEndpoint* const> endpoints, std::stop_token stop)
{
    std::vector<TouchedEndpoint*> broken;
    std::copy_if(endpoints.begin(), endpoints.end(), std::back_inserter(broken),
                 [](const TouchedEndpoint* touched) { return !touched->lost; });
    std::vector<Verdict> last(broken.size());
    auto backoff = policy_.backoff;
    for (unsigned attempt = 1; attempt <= std::max(1U, policy_.retries); ++attempt) {
        if (attempt > 1) {
            if (!clock_.sleep_for(backoff, stop)) {
                return false;
            }
            backoff *= 2;
        }
        std::vector<std::size_t> tried;
        {
            // Both ends at once: a veth has carrier only while its peer is up,
            // so one end brought back alone would wait out up_timeout for the other.
            std::vector<std::jthread> workers;
            for (std::size_t index = 0; index < broken.size(); ++index) {
                if (attempt == 1 || !last[index].passed()) {
                    tried.push_back(index);
                    workers.emplace_back(
                        [&, index] { last[index] = reinitialise(pair, *broken[index], attempt); });
                }
            }
        } // joins
        // The restore took the start-up configuration away with everything
        // else. Applied once both ends are back: a DPDK pair's ports are
        // closed by either end's re-initialisation and opened by the start-up.
        for (const std::size_t index : tried) {
            if (last[index].passed()) {
                if (auto configured =
                        configure_endpoint(pair, *broken[index], broken[index]->endpoint.tp.start_up, "start-up",
                                           recorder_);
                    configured.outcome == operations::Outcome::error) {
                    last[index] = std::move(configured);
                }
            }
        }
        if (std::all_of(last.begin(), last.end(), [](const Verdict& verdict) { return verdict.passed(); })) {
            return true;
        }
        if (stop.stop_requested()) {
            return false;
        }
    }
    for (std::size_t index = 0; index < broken.size(); ++index) {
        if (!last[index].passed()) {
            broken[index]->mark_lost("not recovered after " + std::to_string(std::max(1U, policy_.retries)) +
                                         " attempts: " + last[index].message,
                                     recorder_);
        }
    }
    return false;
}

Verdict Recovery::reinitialise(const topology::Pair& pair, TouchedEndpoint& touched, unsigned attempt)
{
    for (const auto& snapshot : touched.snapshots) {
        auto verdict = operations::guarded([&] {
            return snapshot.backend->reinitialise(touched.endpoint, snapshot.state, policy_.up_timeout);
        });
        recorder_.recovery(pair.id, touched.id(), snapshot.backend->name(), attempt, verdict);
        if (!verdict.passed()) {
            return verdict;
        }
    }
    return Verdict::pass();
}

} // namespace hammer::run
