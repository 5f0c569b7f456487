#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hammer::report {

/// What the report shows of one result document (docs/uti.md), read and
/// checked once so that the sections draw plain values and never meet a
/// member of the wrong type.

struct Endpoint {
    std::string node_id;
    std::string tp_id;
};

/// One step of a pair's schedule (test.results.pairs[].steps[]).
struct Step {
    std::string operation_id;
    std::string operation;
    std::string outcome; ///< PASS, FAIL, ERROR or SKIP
    std::string message;
    std::string phase;
    std::string timestamp;
    std::int64_t loop = 0;
    std::int64_t slot = 0;
    double start_ms = 0.0;
    std::optional<double> actual_ms; ///< null: the run died in this step
    double planned_start_ms = 0.0;
    double planned_ms = 0.0;
    double overrun_ms = 0.0;

    /// How long the step is drawn: what it took, or its slot when that is unknown.
    [[nodiscard]] double drawn_ms() const { return actual_ms.value_or(planned_ms); }
};

struct Latency {
    double min_ns = 0.0;
    double avg_ns = 0.0;
    double max_ns = 0.0;
    std::optional<double> p50_ns;
    std::optional<double> p90_ns;
    std::optional<double> p99_ns;
    std::optional<double> p999_ns;
};

/// One traffic measurement of a pair (test.results.pairs[].traffic[]).
struct TrafficPoint {
    double at_ms = 0.0;
    std::string operation_id;
    std::string direction; ///< forward (a → b) or reverse
    std::uint64_t tx_packets = 0;
    std::uint64_t rx_packets = 0;
    std::uint64_t lost_packets = 0;
    double duration_ms = 0.0;
    double pps = 0.0;
    double bps = 0.0;
    std::optional<Latency> latency;
};

/// One per-second live rate of a pair (test.results.pairs[].samples[]).
struct Sample {
    double at_ms = 0.0;
    std::string direction;
    double tx_pps = 0.0;
    double rx_pps = 0.0;
};

/// What one control change cost the pair's traffic (test.results.pairs[].outages[]).
struct Outage {
    double at_ms = 0.0;
    std::string operation_id;
    Endpoint endpoint;
    std::string change;
    std::uint64_t lost_packets = 0;
    double offered_pps = 0.0;
    double window_ms = 0.0;
    double outage_ms = 0.0;
};

/// One threshold's bounds of a throughput search, per direction.
struct SearchBound {
    std::string name; ///< "ndr", "pdr"
    double loss_ratio = 0.0;
    std::optional<double> lower_pps; ///< none: not found
    std::optional<double> lower_bps;
    std::optional<double> upper_pps; ///< none: the maximum passed
    double relative_width = 0.0;
    bool width_reached = false;
};

/// One trial of a search or an MRR.
struct SearchTrial {
    std::int64_t phase = 0;
    double rate_pps = 0.0; ///< offered per direction; 0: unpaced
    double duration_ms = 0.0;
    std::uint64_t offered = 0;
    std::uint64_t received = 0;
    double loss_ratio = 0.0;
};

/// Latency of one direction at a share of the PDR (CSIT's pdr_10, …).
struct LoadLatency {
    std::string direction;
    std::string load; ///< "pdr_0" (the minimum rate), "pdr_10", "pdr_50", "pdr_90"
    double rate_pps = 0.0;
    double p50_ns = 0.0;
    double p90_ns = 0.0;
    double p99_ns = 0.0;
    double max_ns = 0.0;
};

/// An MRR's received rate of one direction (or "total").
struct ReceiveRate {
    std::string direction;
    double avg_pps = 0.0;
    double stdev_pps = 0.0;
};

/// One throughput result of a pair (test.results.pairs[].throughput[]):
/// an NDRPDR search or an MRR.
struct ThroughputResult {
    std::string operation_id;
    std::string type; ///< "NDRPDR" or "MRR"
    double at_ms = 0.0; ///< when it was recorded, at the end of its search
    std::vector<SearchBound> bounds;
    std::vector<LoadLatency> latency;
    std::vector<ReceiveRate> receive_rates;
    std::vector<SearchTrial> trials;
    bool complete = true;
    std::string stopped_because;
    double elapsed_ms = 0.0;
};

/// A recovery attempt or an endpoint recovery gave up on.
struct PairEvent {
    bool lost = false; ///< an endpoint-lost, else a recovery attempt
    std::string timestamp;
    std::optional<double> at_ms; ///< on the run clock, when the timestamp could be placed
    Endpoint endpoint;
    std::string outcome;
    std::string message;
    std::optional<std::int64_t> attempt;
};

struct Pair {
    std::string pair_id;
    Endpoint a;
    Endpoint b;
    std::string origin;
    std::string via;
    std::vector<Step> steps;
    std::vector<TrafficPoint> traffic;
    std::vector<Sample> samples;
    std::vector<Outage> outages;
    std::vector<ThroughputResult> throughput;
    std::vector<PairEvent> events;
    bool records_traffic = false; ///< the result has traffic[] or samples[] for the pair (newer hammer)
};

/// test.results.total's forward, reverse or total.
struct Flow {
    std::uint64_t tx_packets = 0;
    std::uint64_t rx_packets = 0;
    std::uint64_t lost_packets = 0;
    double loss_ratio = 0.0;
    double pps = 0.0;
    double bps = 0.0;
    std::optional<Latency> latency;
};

struct Totals {
    Flow forward;
    Flow reverse;
    Flow total;
};

/// Counters of one termination point (test.results.node), values as text.
struct PointCounters {
    Endpoint endpoint;
    std::map<std::string, std::string> rx;
    std::map<std::string, std::string> tx;
};

/// One command-history[] entry of a node.
struct Command {
    std::string timestamp;
    std::string node_id;
    std::string command;
    std::string return_code;
    bool failed = false; ///< return-code is not 0
    std::string response;
};

/// One state[] entry of a node.
struct StateEntry {
    std::string timestamp;
    std::string node_id;
    std::string state_id;
    std::string tp_id;
    std::string details; ///< operational-data without tp-id, as compact JSON
};

struct RunView {
    std::string file;
    std::string run_id;
    std::string test_id;
    std::string documentation;
    std::vector<std::string> tags;
    std::string status; ///< PASS, FAIL or ERROR
    std::string start_time;
    std::string end_time;
    std::optional<bool> interrupted;
    std::optional<bool> restored;
    std::string seed;
    std::string seed_source;
    std::string mode;
    std::optional<double> duration_ms;
    std::string topology_file;
    std::string config_file;
    std::string network_id;
    std::string hammer_version;
    std::string result_version;   ///< the document's own version (docs/uti.md, "Versions")
    std::string topology_version; ///< the topology's; older results: their only version
    std::string hash;
    std::string previous_hash;
    std::string executor;
    std::vector<Pair> pairs;
    std::optional<Totals> totals;
    std::vector<PointCounters> counters;
    std::vector<Command> commands; ///< every node's, ordered by timestamp
    std::vector<StateEntry> states; ///< every node's, ordered by timestamp
};

} // namespace hammer::report
