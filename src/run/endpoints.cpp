#include "src/run/endpoints.hpp"

#include "src/run/clock.hpp"
#include "src/run/identities.hpp"
#include "src/run/interface_setup.hpp"
#include "src/run/toolkit.hpp"

#include <algorithm>
#include <iterator>
#include <optional>
#include <ranges>

namespace hammer::run {
void TouchedEndpoint::mark_lost(std::string reason, record::Recorder& recorder)
{
    lost = true;
    lost_reason = std::move(reason);
    recorder.endpoint_lost(pair_id, id(), lost_reason);
}

namespace {

/// Every backend's snapshot of `touched`, journaled; the first one that
/// cannot be read marks it lost. With `retry_until`, an unreadable endpoint
/// is read again every 100 ms on `clock` until then before it is lost.
void snapshot_endpoint(TouchedEndpoint& touched, const Toolkit& toolkit, record::Recorder& recorder, Clock& clock,
                       std::optional<std::chrono::milliseconds> retry_until)
{
    for (const auto& backend : toolkit.backends) {
        if (!backend->manages(touched.endpoint)) {
            continue;
        }
        for (;;) {
            try {
                auto state = backend->snapshot(touched.endpoint);
                recorder.snapshot(touched.id(), backend->name(), state);
                touched.snapshots.push_back({backend.get(), std::move(state)});
                break;
            } catch (const std::exception& error) {
                if (retry_until && clock.now() < *retry_until) {
                    const Attendance attending{clock}; // the run clock counts this thread while it waits
                    (void)clock.sleep_for(std::chrono::milliseconds{100}, {});
                    continue;
                }
                touched.mark_lost("cannot read " + touched.endpoint.name() + " before the run (" +
                                      std::string{backend->name()} + "): " + error.what(),
                                  recorder);
                return;
            }
        }
    }
}

/// Whether `endpoint` is a VF of the PF `pf` by the topology.
bool is_vf_of(const topology::Endpoint& endpoint, const topology::Endpoint& pf)
{
    const auto& parent = endpoint.tp.pf;
    return parent && pf.tp.kernel && parent->ifname == pf.tp.kernel->ifname && parent->netns == pf.tp.kernel->netns;
}

/// The first pair with an end that is a VF of `pf`: a PF that cannot be
/// read is lost in the name of the pair it was to make VFs for.
std::string pair_of_vfs(const std::vector<topology::Pair>& pairs, const topology::Endpoint& pf)
{
    const auto found = std::find_if(pairs.begin(), pairs.end(), [&](const topology::Pair& pair) {
        return is_vf_of(pair.a, pf) || is_vf_of(pair.b, pf);
    });
    return found != pairs.end() ? found->id : std::string{};
}

/// Snapshots each PF and applies the "sriov-numvfs" of its start-up alone
/// (a state "start-up" says how it went); the rest of its start-up, if it
/// is a pair's end too, comes with the other ends'.
std::vector<TouchedEndpoint> make_vfs(const std::vector<topology::Pair>& pairs,
                                      const std::vector<topology::Endpoint>& vf_makers, const Toolkit& toolkit,
                                      record::Recorder& recorder, Clock& clock)
{
    std::vector<TouchedEndpoint> pfs;
    for (const auto& pf : vf_makers) {
        auto& touched = pfs.emplace_back(TouchedEndpoint{pair_of_vfs(pairs, pf), pf, {}, false, {}});
        snapshot_endpoint(touched, toolkit, recorder, clock, std::nullopt);
        if (touched.lost) {
            continue;
        }
        topology::InterfaceSettings vf_count;
        vf_count.sriov_numvfs = pf.tp.start_up.sriov_numvfs;
        // The PF alone: no pair of its own is needed to make its VFs.
        const topology::Pair alone{"", pf, pf, topology::PairOrigin::children, pf.node_id};
        (void)configure_endpoint(alone, touched, vf_count, "start-up", recorder);
    }
    return pfs;
}

bool made_by(const topology::Endpoint& endpoint, const std::vector<TouchedEndpoint>& pfs)
{
    return std::any_of(pfs.begin(), pfs.end(),
                       [&](const TouchedEndpoint& made) { return !made.lost && is_vf_of(endpoint, made.endpoint); });
}

} // namespace

std::vector<TouchedEndpoint> take_snapshots(const std::vector<topology::Pair>& pairs,
                                            const std::vector<topology::Endpoint>& vf_makers, const Toolkit& toolkit,
                                            record::Recorder& recorder, Clock& clock, std::chrono::milliseconds vf_wait)
{
    auto pfs = make_vfs(pairs, vf_makers, toolkit, recorder, clock);
    const auto vfs_due = clock.now() + vf_wait;
    std::vector<TouchedEndpoint> endpoints;
    endpoints.reserve(pairs.size() * 2 + pfs.size());
    for (const auto& pair : pairs) {
        for (const auto* side : {&pair.a, &pair.b}) {
            auto& touched = endpoints.emplace_back(TouchedEndpoint{pair.id, *side, {}, false, {}});
            snapshot_endpoint(touched, toolkit, recorder, clock,
                              made_by(*side, pfs) ? std::optional{vfs_due} : std::nullopt);
            record_identities(touched, recorder);
        }
    }
    std::move(pfs.begin(), pfs.end(), std::back_inserter(endpoints));
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
