#pragma once

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace hammer::record {

/// Where a run stands, as watchers show it.
enum class WatchedState { starting, running, stopping, restoring, done };

[[nodiscard]] std::string_view to_string(WatchedState state) noexcept;

/// Latency quantiles of one traffic measurement, in nanoseconds.
struct WatchedLatency {
    double p50_ns = 0.0;
    double p90_ns = 0.0;
    double p99_ns = 0.0;
    double p999_ns = 0.0;
};

/// One direction of a pair's traffic ("forward": a → b, "reverse").
struct WatchedDirection {
    /// Summed over the traffic steps that ended (the journal's "traffic"
    /// events): a step's packets count once it ends.
    std::uint64_t tx_packets = 0;
    std::uint64_t rx_packets = 0;
    std::uint64_t tx_bytes = 0;
    std::uint64_t rx_bytes = 0;
    /// The live rates of the last sample ("traffic-sample"); 0 while no
    /// traffic step of the pair runs.
    double tx_pps = 0.0;
    double rx_pps = 0.0;
    double tx_bps = 0.0;
    double rx_bps = 0.0;
    std::optional<WatchedLatency> latency; ///< of the last step that measured it

    [[nodiscard]] std::uint64_t lost_packets() const { return tx_packets > rx_packets ? tx_packets - rx_packets : 0; }
};

/// One pair as watchers show it.
struct WatchedPair {
    std::string pair_id;
    std::string operation_id; ///< the step under way, or the last one; empty before the first
    std::string operation;    ///< its catalog name
    unsigned loop = 0;        ///< as the journal counts loops, from 1 (0: none started)
    std::array<WatchedDirection, 2> directions; ///< forward, reverse
    std::uint64_t outages = 0;     ///< control changes that cost traffic ("outage" events)
    double outage_ms = 0.0;        ///< their outage time, summed
    /// Step outcomes by operation-id, counted, indexed by operations::Outcome.
    std::map<std::string, std::array<std::uint64_t, 4>> outcomes;
};

/// What a run's watchers (the live view, the Prometheus metrics) know of it:
/// a thread-safe summary of the journal's events as they are recorded
/// (Recorder::listen), so that every watcher shows what the journal holds.
class RunWatch {
public:
    /// Takes one journal event; events it has no use for are passed over.
    void observe(const nlohmann::json& event);

    struct View {
        std::string run_id;
        WatchedState state = WatchedState::starting;
        std::vector<WatchedPair> pairs;
    };
    /// A copy of what is known now.
    [[nodiscard]] View view() const;

private:
    WatchedPair* pair(const nlohmann::json& event);
    WatchedDirection* direction(const nlohmann::json& event);
    void start(const nlohmann::json& event);
    void end_step(const nlohmann::json& event);
    void add_traffic(const nlohmann::json& event);
    void add_sample(const nlohmann::json& event);

    mutable std::mutex mutex_;
    View view_;
};

/// "forward" is 0, "reverse" 1; anything else is none.
[[nodiscard]] std::optional<std::size_t> direction_index(std::string_view direction) noexcept;

/// The directions' names by index: "forward", "reverse".
inline constexpr std::array<std::string_view, 2> direction_names{"forward", "reverse"};

} // namespace hammer::record
