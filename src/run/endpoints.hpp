#pragma once

#include "src/operations/endpoint_backend.hpp"
#include "src/record/recorder.hpp"
#include "src/topology/pairing.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace hammer::run {

struct Toolkit;
class Clock;

/// A backend's view of an endpoint before the run touched it.
struct BackendSnapshot {
    operations::EndpointBackend* backend = nullptr;
    nlohmann::json state;
    bool identified = false; ///< its "identity" state is journaled (or could not be read)
};

/// An endpoint the schedule touches, with the way back to how it was found.
/// Only the thread of the endpoint's pair changes it while the run lasts.
struct TouchedEndpoint {
    std::string pair_id;
    topology::Endpoint endpoint;
    std::vector<BackendSnapshot> snapshots; ///< in backend order; restored in reverse
    bool lost = false;                      ///< unreadable before the run, or recovery gave up
    std::string lost_reason;

    [[nodiscard]] record::EndpointId id() const { return {endpoint.node_id, endpoint.tp.id}; }
    void mark_lost(std::string reason, record::Recorder& recorder);
};

/// Snapshots both ends of every pair with every backend that manages them,
/// journals each snapshot and then "snapshots-complete", synced, before
/// anything changes. An endpoint that cannot be read is marked lost (its
/// pair's steps become ERROR) and the others go on. Index: pair * 2 + side.
///
/// First each PF of `vf_makers` is snapshotted and given the VFs its
/// start-up asks ("sriov-numvfs"); those PFs follow the pairs' ends in the
/// result, so that the restore takes the VFs away after everything on them.
/// An end whose PF is one of them may take `vf_wait` to appear (the driver
/// makes the VF's interface, udev renames it): its snapshot is tried again
/// every 100 ms on `clock` until then.
[[nodiscard]] std::vector<TouchedEndpoint> take_snapshots(const std::vector<topology::Pair>& pairs,
                                                          const std::vector<topology::Endpoint>& vf_makers,
                                                          const Toolkit& toolkit, record::Recorder& recorder,
                                                          Clock& clock,
                                                          std::chrono::milliseconds vf_wait = std::chrono::seconds{10});

/// Puts every snapshot back, last backend first, journals each restore and
/// then "restore-complete". Returns how many failed.
std::size_t restore_all(std::vector<TouchedEndpoint>& endpoints, record::Recorder& recorder);

} // namespace hammer::run
