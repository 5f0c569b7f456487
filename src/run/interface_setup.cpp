#include "src/run/interface_setup.hpp"

#include "src/common/text.hpp"
#include "src/run/clock.hpp"
#include "src/run/recovery.hpp"

#include <mutex>
#include <thread>

namespace hammer::run {

using operations::Outcome;
using operations::Verdict;

namespace {

std::vector<operations::ReachPath> paths_between(std::string_view from_ifname,
                                                 const std::vector<topology::IpPrefix>& from_addresses,
                                                 std::string_view to_ifname,
                                                 const std::vector<topology::IpPrefix>& to_addresses)
{
    std::vector<operations::ReachPath> paths;
    for (const auto& target : to_addresses) {
        for (const auto& source : from_addresses) {
            if (topology::same_subnet(source, target)) {
                paths.push_back({std::string{from_ifname}, std::string{to_ifname}, target.address, source.address});
                break;
            }
        }
    }
    return paths;
}

/// Start-up, then reachability, of one pair.
Verdict set_up_pair(const topology::Pair& pair, std::array<TouchedEndpoint*, 2> ends, record::Recorder& recorder)
{
    for (auto* touched : ends) {
        const auto& settings = touched->endpoint.tp.start_up;
        if (auto verdict = configure_endpoint(pair, *touched, settings, "start-up", recorder);
            verdict.outcome == Outcome::error) {
            return verdict;
        }
    }
    return check_reachability(pair, ends, recorder);
}

} // namespace

Verdict configure_endpoint(const topology::Pair& pair, const TouchedEndpoint& touched,
                           const topology::InterfaceSettings& settings, std::string_view state_id,
                           record::Recorder& recorder)
{
    if (settings.empty() && settings.ignored.empty()) {
        return Verdict::pass();
    }
    Verdict result = Verdict::skip("nothing to apply");
    if (!settings.empty()) {
        std::vector<std::string> skipped;
        std::vector<std::string> done;
        for (const auto& snapshot : touched.snapshots) {
            auto verdict = operations::guarded(
                [&] { return snapshot.backend->configure(pair, touched.endpoint, settings, recorder); });
            if (verdict.outcome == Outcome::skip) {
                skipped.push_back(verdict.message);
            } else if (verdict.outcome == Outcome::error || verdict.outcome == Outcome::fail) {
                result = Verdict::error(verdict.message);
                break;
            } else {
                done.push_back(verdict.message);
            }
        }
        if (result.outcome != Outcome::error) {
            result = done.empty() ? Verdict::skip(skipped.empty() ? touched.endpoint.name() + ": no backend keeps it"
                                                                  : joined(skipped, "; "))
                                  : Verdict::pass(joined(done, "; "));
        }
    }
    nlohmann::json data{{"settings", settings.to_json()},
                        {"ignored", settings.ignored},
                        {"outcome", to_string(result.outcome)},
                        {"message", result.message}};
    if (!settings.ignored.empty()) {
        data["note"] = "members hammer does not apply (another tool's configuration) are kept, not applied";
    }
    recorder.state(touched.id(), state_id, data);
    return result;
}

std::vector<operations::ReachPath> reach_paths(const topology::TerminationPoint& from,
                                               const topology::TerminationPoint& to)
{
    const auto dpdk_only = [](const topology::TerminationPoint& tp) { return tp.dpdk && !tp.kernel; };
    if (dpdk_only(from) && dpdk_only(to)) {
        // No IP stack on either end, and no VLAN interfaces: hammer answers
        // for the receiving port (see DpdkBackend::reach).
        return paths_between(from.dpdk->device_name(), from.start_up.addresses, to.dpdk->device_name(),
                             to.start_up.addresses);
    }
    if (!from.kernel || !to.kernel) {
        return {};
    }
    auto paths = paths_between(from.kernel->ifname, from.start_up.addresses, to.kernel->ifname,
                               to.start_up.addresses);
    for (const auto& to_vlan : to.start_up.vlans) {
        for (const auto& from_vlan : from.start_up.vlans) {
            if (from_vlan.id == to_vlan.id) {
                auto through = paths_between(from_vlan.ifname, from_vlan.addresses, to_vlan.ifname, to_vlan.addresses);
                paths.insert(paths.end(), through.begin(), through.end());
            }
        }
    }
    return paths;
}

Verdict check_reachability(const topology::Pair& pair, std::array<TouchedEndpoint*, 2> ends,
                           record::Recorder& recorder)
{
    Verdict result = Verdict::pass();
    for (const auto& [from, to] : {std::pair{ends[0], ends[1]}, std::pair{ends[1], ends[0]}}) {
        for (const auto& path : reach_paths(from->endpoint.tp, to->endpoint.tp)) {
            Verdict reached = Verdict::skip("no backend of " + from->endpoint.name() + " sends to its peer");
            for (const auto& snapshot : from->snapshots) {
                auto verdict = operations::guarded(
                    [&] { return snapshot.backend->reach(pair, from->endpoint, to->endpoint, path, recorder); });
                const bool decided = verdict.outcome != Outcome::skip;
                reached = std::move(verdict);
                if (decided) {
                    break;
                }
            }
            recorder.state(from->id(), "reachability",
                           {{"to", {{"node-id", to->endpoint.node_id}, {"tp-id", to->endpoint.tp.id}}},
                            {"from-ifname", path.from_ifname},
                            {"to-ifname", path.to_ifname},
                            {"address", path.address.text},
                            {"from-address", path.source.text},
                            {"outcome", to_string(reached.outcome)},
                            {"message", reached.message}});
            if (reached.outcome == Outcome::error || reached.outcome == Outcome::fail) {
                if (result.passed()) {
                    result = Verdict::error(reached.message);
                }
            }
        }
    }
    return result;
}

void set_up_pairs(const std::vector<topology::Pair>& pairs, std::vector<TouchedEndpoint>& endpoints,
                  const config::RecoveryPolicy& policy, Clock& clock, record::Recorder& recorder,
                  std::stop_token stop)
{
    std::vector<std::size_t> to_set_up;
    for (std::size_t pair = 0; pair < pairs.size(); ++pair) {
        if (!endpoints[pair * 2].lost && !endpoints[pair * 2 + 1].lost) {
            to_set_up.push_back(pair);
        }
    }
    for (std::size_t worker = 0; worker < to_set_up.size(); ++worker) {
        clock.enter(); // recovery waits on the run clock: see Attendance
    }
    std::vector<std::jthread> workers;
    for (const std::size_t pair : to_set_up) {
        std::array<TouchedEndpoint*, 2> ends{&endpoints[pair * 2], &endpoints[pair * 2 + 1]};
        workers.emplace_back([&, ends, pair] {
            Attendance attendance{clock, std::adopt_lock};
            auto verdict = set_up_pair(pairs[pair], ends, recorder);
            if (verdict.passed() || verdict.outcome == Outcome::skip || stop.stop_requested()) {
                return;
            }
            // Recovery re-applies the start-up configuration (Recovery::reinitialise)
            // and marks what it could not bring back lost.
            Recovery recovery{policy, clock, recorder};
            if (!recovery.recover(pairs[pair], ends, stop)) {
                return;
            }
            verdict = check_reachability(pairs[pair], ends, recorder);
            if (!verdict.passed() && !stop.stop_requested()) {
                for (auto* touched : ends) {
                    if (!touched->lost) {
                        touched->mark_lost("set-up before the run failed: " + verdict.message, recorder);
                    }
                }
            }
        });
    }
}

} // namespace hammer::run
