#include "pmd_ops/traffic_operation.hpp"

#include "pmd_ops/testpmd_commands.hpp"
#include "pmd_ops/traffic_sampler.hpp"
#include "src/control/responses.hpp"
#include "src/record/recorder.hpp"
#include "src/run/clock.hpp"

#include <algorithm>
#include <map>

namespace hammer::pmd_ops {

using operations::OperationContext;
using operations::Verdict;

namespace {

nlohmann::json measurement(const DirectionReport& direction, std::string_view name, const TrafficReport& report)
{
    const double seconds = std::chrono::duration<double>(report.duration).count();
    nlohmann::json out{
        {"direction", name},
        {"tx-packets", direction.tx_packets},
        {"rx-packets", direction.rx_packets},
        {"tx-bytes", direction.tx_bytes},
        {"rx-bytes", direction.rx_bytes},
        {"duration-ms", std::chrono::duration_cast<std::chrono::milliseconds>(report.duration).count()},
        {"tx-pps", seconds > 0 ? static_cast<double>(direction.tx_packets) / seconds : 0.0},
        {"tx-bps", seconds > 0 ? static_cast<double>(direction.tx_bytes) * 8 / seconds : 0.0},
        {"lost", direction.lost},
        {"reordered", direction.reordered},
        {"duplicates", direction.duplicates},
        {"payload-errors", direction.rx_payload_errors},
        {"tx-refused", direction.tx_refused},
    };
    // Where the direction ran: each queue with its lcores, so a result shows
    // a pair's traffic on its own lcores and queues.
    nlohmann::json queues = nlohmann::json::array();
    for (const QueueReport& queue : direction.queues) {
        queues.push_back({{"tx-queue", queue.tx_queue},
                          {"rx-queue", queue.rx_queue},
                          {"tx-lcore", queue.tx_lcore},
                          {"rx-lcore", queue.rx_lcore},
                          {"tx-packets", queue.tx_packets},
                          {"tx-bytes", queue.tx_bytes},
                          {"tx-refused", queue.tx_refused},
                          {"rx-packets", queue.rx_packets},
                          {"rx-bytes", queue.rx_bytes}});
    }
    // And what each lcore moved of it, summed over the queues it owns.
    std::map<unsigned, std::pair<std::uint64_t, std::uint64_t>> by_lcore; // lcore -> (tx, rx)
    for (const QueueReport& queue : direction.queues) {
        by_lcore[queue.tx_lcore].first += queue.tx_packets;
        by_lcore[queue.rx_lcore].second += queue.rx_packets;
    }
    nlohmann::json lcores = nlohmann::json::array();
    for (const auto& [lcore, packets] : by_lcore) {
        lcores.push_back({{"lcore", lcore}, {"tx-packets", packets.first}, {"rx-packets", packets.second}});
    }
    nlohmann::json sizes = nlohmann::json::array();
    for (const SizeCount& size : direction.by_size) {
        sizes.push_back({{"frame-size", size.size}, {"tx-packets", size.tx_packets}, {"rx-packets", size.rx_packets}});
    }
    out["sizes"] = std::move(sizes);
    out["flows"] = direction.flows;
    out["queues"] = std::move(queues);
    out["lcores"] = std::move(lcores);
    if (direction.latency.count != 0) {
        out["latency"] = {{"min-ns", direction.latency.min_ns}, {"avg-ns", direction.latency.mean_ns},
                          {"max-ns", direction.latency.max_ns}, {"p50-ns", direction.latency.p50_ns},
                          {"p90-ns", direction.latency.p90_ns}, {"p99-ns", direction.latency.p99_ns},
                          {"p999-ns", direction.latency.p999_ns}};
    }
    return out;
}

} // namespace

double line_rate_pps(std::uint32_t speed_mbps, double frame_size)
{
    return static_cast<double>(speed_mbps) * 1e6 / ((frame_size + wire_overhead_bytes) * 8.0);
}

std::uint16_t frame_size_param(const OperationContext& context)
{
    return context.params.at("frame_size").get<std::uint16_t>();
}

std::uint64_t rate_param(const OperationContext& context)
{
    return context.params.at("rate_pps").get<std::uint64_t>();
}

std::vector<SizeShare> sizes_param(const OperationContext& context)
{
    const nlohmann::json& params = context.params;
    std::vector<SizeShare> sizes;
    if (const auto listed = params.find("frame_sizes"); listed != params.end() && !listed->empty()) {
        for (const auto& size : *listed) {
            sizes.push_back({size.get<std::uint16_t>(), 1});
        }
        return sizes;
    }
    if (const auto imix = params.find("imix"); imix != params.end() && imix->is_object()) {
        for (std::size_t i = 0; i < imix->at("sizes").size(); ++i) {
            sizes.push_back({imix->at("sizes")[i].get<std::uint16_t>(), imix->at("weights")[i].get<unsigned>()});
        }
        return sizes;
    } else if (imix != params.end() && imix->get<bool>()) {
        return csit_imix();
    }
    return {{frame_size_param(context), 1}};
}

FrameSpec headers_param(const OperationContext& context)
{
    const nlohmann::json& params = context.params;
    const auto given = [&params](const char* name) {
        const auto found = params.find(name);
        return found != params.end() && !found->is_null();
    };
    const topology::TrafficDefaults* sides[] = {&context.pair.a.tp.traffic, &context.pair.b.tp.traffic};
    FrameSpec headers;
    if (given("qinq")) {
        headers.outer_vlan = params.at("qinq")[0].get<std::uint16_t>();
        headers.vlan = params.at("qinq")[1].get<std::uint16_t>();
    } else if (given("vlan")) {
        headers.vlan = params.at("vlan").get<std::uint16_t>();
    } else {
        for (const topology::TrafficDefaults* side : sides) {
            if (side->qinq) {
                headers.outer_vlan = static_cast<std::uint16_t>((*side->qinq)[0]);
                headers.vlan = static_cast<std::uint16_t>((*side->qinq)[1]);
                break;
            }
            if (side->vlan) {
                headers.vlan = static_cast<std::uint16_t>(*side->vlan);
                break;
            }
        }
    }
    unsigned version = 4;
    if (given("ip_version")) {
        version = params.at("ip_version").get<unsigned>();
    } else if (sides[0]->ip_version || sides[1]->ip_version) {
        version = sides[0]->ip_version ? *sides[0]->ip_version : *sides[1]->ip_version;
    }
    headers.ip_version = version == 6 ? IpVersion::v6 : IpVersion::v4;
    return headers;
}

FrameMix step_frames(const OperationContext& context, const std::vector<FrameSpec>& kinds,
                     const std::vector<unsigned>& weights)
{
    const FrameSpec headers = headers_param(context);
    std::vector<FrameSpec> shaped = kinds;
    for (FrameSpec& kind : shaped) {
        kind.vlan = headers.vlan;
        kind.outer_vlan = headers.outer_vlan;
        kind.ip_version = headers.ip_version;
    }
    return mix_sizes(shaped, weights, sizes_param(context));
}

Verdict TrafficOperation::setup(OperationContext& context)
{
    auto engine = runtime_->engine();
    if (!engine) {
        return Verdict::error(engine.error().to_string());
    }
    engine_ = engine.value();
    auto ports = runtime_->acquire(context.pair);
    if (!ports) {
        return Verdict::error(ports.error().to_string());
    }
    ports_ = ports.value();
    if (!ports_->numa_warning.empty()) {
        context.recorder.state({context.pair.a.node_id, context.pair.a.tp.id}, "dpdk-numa",
                               {{"warning", ports_->numa_warning}});
    }
    flow_count_ = context.params.value("flows", 0U);
    Verdict prepared = prepare(context);
    if (!prepared.passed()) {
        return prepared;
    }
    Verdict paced = pace_to_link_speed(context);
    return paced.passed() ? prepared : paced;
}

Verdict TrafficOperation::pace_to_link_speed(OperationContext& context)
{
    const double percent = context.params.at("rate_percent").get<double>();
    if (percent <= 0) {
        return Verdict::pass();
    }
    const auto link = ports_->a.link();
    if (!link) {
        return Verdict::error(link.error().to_string());
    }
    if (link->speed_mbps == 0) {
        return Verdict::skip("rate_percent needs a link speed and " + context.pair.a.name() + " reports none");
    }
    const DirectionSpec& sent = profile_.directions.front();
    const double line_rate = line_rate_pps(link->speed_mbps, mean_size(sent.flows, sent.mix));
    profile_.rate_pps = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(line_rate * percent / 100.0));
    return Verdict::pass();
}

Verdict TrafficOperation::during(OperationContext& context, TrafficRun&, std::chrono::milliseconds deadline,
                                 std::stop_token stop)
{
    context.clock.sleep_until(deadline, stop);
    return Verdict::pass();
}

Verdict TrafficOperation::run(OperationContext& context, std::chrono::milliseconds deadline, std::stop_token stop)
{
    counters_.start(*ports_);
    auto traffic = engine_->start(profile_);
    if (!traffic) {
        return Verdict::error(traffic.error().to_string());
    }
    Verdict verdict = Verdict::pass();
    {
        TrafficSampler sampler{context, traffic.value()};
        verdict = during(context, traffic.value(), deadline, stop);
    }
    report_ = traffic->finish();
    record_traffic(context, *report_);
    counters_.record(context, *ports_);
    return verdict;
}

Verdict TrafficOperation::verify(OperationContext& context)
{
    if (!report_) {
        return Verdict::error("no traffic report: run did not finish");
    }
    static constexpr std::string_view names[] = {"forward", "reverse"};
    for (std::size_t d = 0; d < report_->directions.size() && d < 2; ++d) {
        const DirectionReport& direction = report_->directions[d];
        const std::string name{names[d]};
        if (direction.tx_packets == 0) {
            return Verdict::fail(name + ": no frame was sent (" + std::to_string(direction.tx_refused) +
                                 " refused by the port)");
        }
        if (direction.rx_payload_errors != 0) {
            return Verdict::fail(name + ": " + std::to_string(direction.rx_payload_errors) +
                                 " frames arrived with altered bytes");
        }
        if (direction.duplicates != 0) {
            return Verdict::fail(name + ": " + std::to_string(direction.duplicates) + " duplicated frames");
        }
        if (!loss_expected_ && direction.lost != 0) {
            return Verdict::fail(name + ": " + std::to_string(direction.lost) + " of " +
                                 std::to_string(direction.tx_packets) + " frames lost");
        }
    }
    return judge(context, *report_);
}

Verdict TrafficOperation::judge(OperationContext&, const TrafficReport& report)
{
    const auto& forward = report.directions.front();
    return Verdict::pass(std::to_string(forward.tx_packets) + " frames forward, none lost");
}

Verdict TrafficOperation::restore(OperationContext&)
{
    return Verdict::pass();
}

Verdict TrafficOperation::reset(OperationContext& context)
{
    if (ports_ == nullptr) {
        return Verdict::pass();
    }
    return restore(context);
}

TrafficProfile TrafficOperation::both_ways(std::vector<FrameSpec> flows, std::vector<std::uint16_t> mix,
                                           std::uint64_t rate_pps, rte_mempool* pool) const
{
    return pmd_ops::both_ways(*ports_, std::move(flows), std::move(mix), rate_pps, pool, flow_count_);
}

TrafficProfile both_ways(const PairPorts& ports, std::vector<FrameSpec> flows, std::vector<std::uint16_t> mix,
                         std::uint64_t rate_pps, rte_mempool* pool, std::uint32_t flow_count)
{
    TrafficProfile profile;
    profile.rate_pps = rate_pps;
    profile.lcores = ports.lcores;
    profile.directions.push_back({ports.a.id(), ports.b.id(), pool, flows, mix});
    profile.directions.push_back({ports.b.id(), ports.a.id(), pool, std::move(flows), std::move(mix)});
    for (DirectionSpec& direction : profile.directions) {
        direction.queues = ports.queues;
        direction.flow_count = flow_count;
    }
    return profile;
}

void record_traffic(const OperationContext& context, const TrafficReport& report)
{
    static constexpr std::string_view names[] = {"forward", "reverse"};
    for (std::size_t d = 0; d < report.directions.size() && d < 2; ++d) {
        context.recorder.traffic(context.pair.id, context.operation_id,
                                 measurement(report.directions[d], names[d], report));
    }
}

operations::TrafficMark TrafficOperation::mark(const OperationContext& context, const TrafficRun& traffic) const
{
    operations::TrafficMark mark{context.clock.now(), 0};
    for (const auto& direction : traffic.sample()) {
        mark.received += direction.rx_packets;
    }
    return mark;
}

double TrafficOperation::offered_pps(const operations::TrafficMark& from, const operations::TrafficMark& to) const
{
    // What arrived before the change: a rate the ports do not carry even
    // without it (a tap pair at 100 kpps here) would count as outage what
    // is a shortfall of throughput.
    const double carried = operations::received_rate(from, to);
    if (profile_.rate_pps == 0) {
        return carried;
    }
    const double paced = static_cast<double>(profile_.rate_pps) * static_cast<double>(profile_.directions.size());
    return carried > 0 ? std::min(paced, carried) : paced;
}

std::string TrafficOperation::record_outage(OperationContext& context, const topology::Endpoint& endpoint,
                                            const std::string& change, const operations::Outage& outage) const
{
    const nlohmann::json fields = to_json(outage);
    context.recorder.outage(context.pair.id, context.operation_id, {endpoint.node_id, endpoint.tp.id}, change, fields);
    return change + ": outage " + fields["outage-ms"].dump() + " ms (" + std::to_string(outage.lost) + " frames)";
}

StoppedPair TrafficOperation::stop_ports(OperationContext& context) const
{
    const StoppedPair stopped = stop_pair(ports_->a, ports_->b);
    const Result<void> outcome = stopped.failure ? Result<void>{*stopped.failure} : Result<void>{};
    record_command(context, context.pair.b, testpmd::port_stop(ports_->b), outcome);
    record_command(context, context.pair.a, testpmd::port_stop(ports_->a), outcome);
    return stopped;
}

Result<void> TrafficOperation::start_ports(OperationContext& context, const StoppedPair& stopped) const
{
    auto started = start_pair(ports_->a, ports_->b, stopped, runtime_->options().link_up_timeout);
    record_command(context, context.pair.a, testpmd::port_start(ports_->a), started);
    record_command(context, context.pair.b, testpmd::port_start(ports_->b), started);
    return started;
}

void TrafficOperation::record_command(OperationContext& context, const topology::Endpoint& endpoint,
                                      const std::string& call, const Result<void>& result) const
{
    context.recorder.command({endpoint.node_id, endpoint.tp.id}, call, result ? 0 : result.error().code,
                             result ? "" : control::error_response(result.error().code, result.error().message));
}

} // namespace hammer::pmd_ops
