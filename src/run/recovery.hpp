#pragma once

#include "src/config/run_config.hpp"
#include "src/run/endpoints.hpp"

#include <span>
#include <stop_token>
#include <string_view>

namespace hammer::run {

class Clock;

/// Brings the endpoints of a pair back after an ERROR (link not up in time,
/// EPERM, device gone) so that one broken pair does not sink the run: each
/// attempt re-initialises every endpoint still broken, all at once, through
/// each backend that keeps its state, then applies their start-up
/// configuration again; the first attempt is immediate, each further one waits the backoff,
/// doubled every time. Every attempt is journaled. An endpoint still broken
/// after the last attempt is marked lost.
class Recovery {
public:
    Recovery(const config::RecoveryPolicy& policy, Clock& clock, record::Recorder& recorder)
        : policy_{policy}, clock_{clock}, recorder_{recorder}
    {
    }

    /// True when every endpoint works again. False when one was lost, or when
    /// stop was requested before it was back (the final restore takes over).
    bool recover(const topology::Pair& pair, std::span<TouchedEndpoint* const> endpoints, std::stop_token stop);

private:
    /// One attempt on one endpoint: every backend must succeed.
    operations::Verdict reinitialise(const topology::Pair& pair, TouchedEndpoint& touched, unsigned attempt);

    const config::RecoveryPolicy& policy_;
    Clock& clock_;
    record::Recorder& recorder_;
};

} // namespace hammer::run
