#include "src/run/endpoints.hpp"

#include "src/run/identities.hpp"
#include "src/run/toolkit.hpp"

#include <ranges>

namespace hammer::run {
void TouchedEndpoint::mark_lost(std::string reason, record::Recorder& recorder)
{
    lost = true;
    lost_reason = std::move(reason);
    recorder.endpoint_lost(pair_id, id(), lost_reason);
}

std::vector<TouchedEndpoint> take_snapshots(const std::vector<topology::Pair>& pairs, const Toolkit& toolkit,
                                            record::Recorder& recorder)
{
    std::vector<TouchedEndpoint> endpoints;
    endpoints.reserve(pairs.size() * 2);
    for (const auto& pair : pairs) {
        for (const auto* side : {&pair.a, &pair.b}) {
            auto& touched = endpoints.emplace_back(TouchedEndpoint{pair.id, *side, {}, false, {}});
            for (const auto& backend : toolkit.backends) {
                if (!backend->manages(touched.endpoint)) {
                    continue;
                }
                try {
                    auto state = backend->snapshot(touched.endpoint);
                    recorder.snapshot(touched.id(), backend->name(), state);
                    touched.snapshots.push_back({backend.get(), std::move(state)});
                } catch (const std::exception& error) {
                    touched.mark_lost("cannot read " + touched.endpoint.name() + " before the run (" +
                                          std::string{backend->name()} + "): " + error.what(),
                                      recorder);
                    break;
                }
            }
            record_identities(touched, recorder);
        }
    }
    recorder.snapshots_complete(endpoints.size());
    return endpoints;
}

std::size_t restore_all(std::vector<TouchedEndpoint>& endpoints, record::Recorder& recorder)
{
    std::size_t failed = 0;
    for (auto& touched : endpoints) {
        for (auto& snapshot : touched.snapshots | std::views::reverse) {
            const auto verdict =
                operations::guarded([&] { return snapshot.backend->restore(touched.endpoint, snapshot.state); });
            recorder.restore(touched.id(), snapshot.backend->name(), verdict);
            // SKIP: nothing of the run's to put back (the default-route interface, left alone).
            failed += verdict.passed() || verdict.outcome == operations::Outcome::skip ? 0 : 1;
        }
    }
    recorder.restore_complete(failed);
    return failed;
}

} // namespace hammer::run
