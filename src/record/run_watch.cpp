#include "src/record/run_watch.hpp"

#include "src/operations/outcome.hpp"

namespace hammer::record {
namespace {

std::string text(const nlohmann::json& event, const char* key)
{
    const auto found = event.find(key);
    return found != event.end() && found->is_string() ? found->get<std::string>() : std::string{};
}

double number(const nlohmann::json& object, const char* key)
{
    const auto found = object.find(key);
    return found != object.end() && found->is_number() ? found->get<double>() : 0.0;
}

std::uint64_t count(const nlohmann::json& object, const char* key)
{
    const auto found = object.find(key);
    if (found == object.end() || !found->is_number_integer()) {
        return 0;
    }
    // Signed or unsigned as the writer made it; a negative count is none.
    return found->is_number_unsigned() || found->get<std::int64_t>() >= 0 ? found->get<std::uint64_t>() : 0;
}

} // namespace

std::string_view to_string(WatchedState state) noexcept
{
    switch (state) {
    case WatchedState::starting: return "starting";
    case WatchedState::running: return "running";
    case WatchedState::stopping: return "stopping";
    case WatchedState::restoring: return "restoring";
    case WatchedState::done: return "done";
    }
    return "?";
}

std::optional<std::size_t> direction_index(std::string_view direction) noexcept
{
    for (std::size_t i = 0; i < direction_names.size(); ++i) {
        if (direction == direction_names[i]) {
            return i;
        }
    }
    return std::nullopt;
}

void RunWatch::observe(const nlohmann::json& event)
{
    const auto name = text(event, "event");
    const std::scoped_lock lock{mutex_};
    if (name == "run-start") {
        start(event);
    } else if (name == "snapshots-complete") {
        view_.state = WatchedState::running;
    } else if (name == "stop-requested") {
        view_.state = WatchedState::stopping;
    } else if (name == "restore") {
        view_.state = WatchedState::restoring;
    } else if (name == "run-end") {
        view_.state = WatchedState::done;
    } else if (name == "slot-start") {
        if (auto* watched = pair(event)) {
            watched->operation_id = text(event, "operation-id");
            watched->operation = text(event, "operation");
            watched->loop = static_cast<unsigned>(count(event, "loop"));
        }
    } else if (name == "slot-end") {
        end_step(event);
    } else if (name == "traffic") {
        add_traffic(event);
    } else if (name == "traffic-sample") {
        add_sample(event);
    } else if (name == "outage") {
        if (auto* watched = pair(event)) {
            ++watched->outages;
            watched->outage_ms += number(event, "outage-ms");
        }
    }
}

RunWatch::View RunWatch::view() const
{
    const std::scoped_lock lock{mutex_};
    return view_;
}

WatchedPair* RunWatch::pair(const nlohmann::json& event)
{
    const auto pair_id = text(event, "pair-id");
    for (auto& watched : view_.pairs) {
        if (watched.pair_id == pair_id) {
            return &watched;
        }
    }
    return nullptr;
}

void RunWatch::start(const nlohmann::json& event)
{
    view_.run_id = text(event, "run-id");
    view_.pairs.clear();
    if (const auto pairs = event.find("pairs"); pairs != event.end() && pairs->is_array()) {
        for (const auto& pair : *pairs) {
            view_.pairs.emplace_back().pair_id = text(pair, "pair-id");
        }
    }
}

void RunWatch::end_step(const nlohmann::json& event)
{
    auto* watched = pair(event);
    const auto outcome = operations::outcome_from_string(text(event, "outcome"));
    if (watched == nullptr || !outcome) {
        return;
    }
    ++watched->outcomes[text(event, "operation-id")][static_cast<std::size_t>(*outcome)];
    // The step's traffic stopped with it: no live rate until the next one samples.
    for (auto& direction : watched->directions) {
        direction.tx_pps = direction.rx_pps = direction.tx_bps = direction.rx_bps = 0.0;
    }
}

WatchedDirection* RunWatch::direction(const nlohmann::json& event)
{
    auto* watched = pair(event);
    const auto index = direction_index(text(event, "direction"));
    return watched != nullptr && index ? &watched->directions[*index] : nullptr;
}

void RunWatch::add_traffic(const nlohmann::json& event)
{
    auto* found = direction(event);
    if (found == nullptr) {
        return;
    }
    auto& direction = *found;
    direction.tx_packets += count(event, "tx-packets");
    direction.rx_packets += count(event, "rx-packets");
    direction.tx_bytes += count(event, "tx-bytes");
    direction.rx_bytes += count(event, "rx-bytes");
    if (const auto latency = event.find("latency"); latency != event.end() && latency->is_object()) {
        direction.latency = WatchedLatency{number(*latency, "p50-ns"), number(*latency, "p90-ns"),
                                           number(*latency, "p99-ns"), number(*latency, "p999-ns")};
    }
}

void RunWatch::add_sample(const nlohmann::json& event)
{
    auto* found = direction(event);
    if (found == nullptr) {
        return;
    }
    auto& direction = *found;
    direction.tx_pps = number(event, "tx-pps");
    direction.rx_pps = number(event, "rx-pps");
    direction.tx_bps = number(event, "tx-bps");
    direction.rx_bps = number(event, "rx-bps");
}

} // namespace hammer::record
