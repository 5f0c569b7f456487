#include "src/record/recorder.hpp"

#include "src/record/journal_reader.hpp"
#include "src/record/journal_writer.hpp"
#include "src/record/timestamp.hpp"
#include "src/run/clock.hpp"

#include <algorithm>

namespace hammer::record {
namespace {

nlohmann::json endpoint_fields(const EndpointId& endpoint)
{
    return {{"node-id", endpoint.node_id}, {"tp-id", endpoint.tp_id}};
}

nlohmann::json slot_fields(const SlotId& slot, const SlotTiming& timing)
{
    return {{"pair-id", slot.pair_id},
            {"operation-id", slot.operation_id},
            {"operation", slot.operation},
            {"loop", slot.loop},
            {"slot", slot.slot},
            {"planned-start-ms", timing.planned_start.count()},
            {"planned-ms", timing.planned.count()}};
}

void add_verdict(nlohmann::json& fields, const operations::Verdict& verdict)
{
    fields["outcome"] = operations::to_string(verdict.outcome);
    fields["message"] = verdict.message;
}

} // namespace

std::unique_ptr<Recorder> Recorder::create(const std::filesystem::path& directory, const run::Clock& clock)
{
    std::filesystem::create_directories(directory);
    return std::unique_ptr<Recorder>{new Recorder{JournalWriter::create(directory / journal_file_name), clock}};
}

std::unique_ptr<Recorder> Recorder::resume(const std::filesystem::path& directory, const run::Clock& clock)
{
    return std::unique_ptr<Recorder>{new Recorder{JournalWriter::resume(directory / journal_file_name), clock}};
}

Recorder::Recorder(std::unique_ptr<JournalWriter> writer, const run::Clock& clock)
    : writer_{std::move(writer)}, clock_{clock}
{
}

Recorder::~Recorder() = default;

void Recorder::append(std::string_view event, nlohmann::json fields)
{
    fields["event"] = event;
    fields["time"] = format_timestamp(clock_.wall_now());
    fields["at"] = clock_.now().count();
    if (listener_) {
        listener_(fields);
    }
    writer_->write(std::move(fields));
}

void Recorder::listen(EventListener listener)
{
    listener_ = std::move(listener);
}

void Recorder::run_start(const RunHeader& header)
{
    nlohmann::json fields{{"run-id", header.run_id},
                         {"hammer-version", header.hammer_version},
                         {"topology-file", header.topology_file},
                         {"config-file", header.config_file},
                         {"topology", header.topology},
                         {"config", header.config},
                         {"seed", header.seed},
                         {"seed-source", header.seed_source},
                         {"mode", header.mode},
                         {"duration-ms", header.duration.count()},
                         {"pairs", header.pairs},
                         {"schedule", header.schedule},
                         {"executor", header.executor},
                         {"software", header.software},
                         {"previous-hash", header.previous_hash},
                         {"test-id", header.test_id},
                         {"tags", header.tags},
                         {"documentation", header.documentation}};
    if (header.host.is_object()) {
        fields["host"] = header.host;
    }
    if (header.replay_of.is_object()) {
        fields["replay-of"] = header.replay_of;
    }
    append("run-start", std::move(fields));
    writer_->sync();
}

void Recorder::run_end(operations::Outcome status, bool interrupted)
{
    append("run-end", {{"status", operations::to_string(status)}, {"interrupted", interrupted}});
    writer_->sync();
}

void Recorder::stop_requested(std::string_view signal_name, unsigned count)
{
    append("stop-requested", {{"signal", signal_name}, {"count", count}});
}

void Recorder::snapshot(const EndpointId& endpoint, std::string_view backend, const nlohmann::json& state)
{
    auto fields = endpoint_fields(endpoint);
    fields["backend"] = backend;
    fields["state"] = state;
    append("snapshot", std::move(fields));
}

void Recorder::snapshots_complete(std::size_t endpoints)
{
    append("snapshots-complete", {{"endpoints", endpoints}});
    // Nothing may change before the way back is on disk.
    writer_->sync();
}

void Recorder::recovery(std::string_view pair_id, const EndpointId& endpoint, std::string_view backend,
                        unsigned attempt, const operations::Verdict& verdict)
{
    auto fields = endpoint_fields(endpoint);
    fields["pair-id"] = pair_id;
    fields["backend"] = backend;
    fields["attempt"] = attempt;
    add_verdict(fields, verdict);
    append("recovery", std::move(fields));
}

void Recorder::endpoint_lost(std::string_view pair_id, const EndpointId& endpoint, std::string_view message)
{
    auto fields = endpoint_fields(endpoint);
    fields["pair-id"] = pair_id;
    fields["message"] = message;
    append("endpoint-lost", std::move(fields));
}

void Recorder::restore(const EndpointId& endpoint, std::string_view backend, const operations::Verdict& verdict)
{
    auto fields = endpoint_fields(endpoint);
    fields["backend"] = backend;
    add_verdict(fields, verdict);
    append("restore", std::move(fields));
}

void Recorder::restore_complete(std::size_t failed)
{
    append("restore-complete", {{"failed", failed}});
    writer_->sync();
}

void Recorder::slot_start(const SlotId& slot, const SlotTiming& timing)
{
    append("slot-start", slot_fields(slot, timing));
}

void Recorder::slot_end(const SlotId& slot, const SlotTiming& timing, const operations::Verdict& verdict,
                        std::string_view phase)
{
    auto fields = slot_fields(slot, timing);
    add_verdict(fields, verdict);
    fields["phase"] = phase;
    fields["start-ms"] = timing.actual_start.count();
    fields["actual-ms"] = timing.actual.count();
    fields["overrun-ms"] = std::max<std::int64_t>(0, (timing.actual - timing.planned).count());
    fields["setup-attempts"] = timing.setup_attempts;
    append("slot-end", std::move(fields));
}

void Recorder::command(const EndpointId& endpoint, std::string_view command_line, int return_code,
                       std::string_view response)
{
    auto fields = endpoint_fields(endpoint);
    fields["command"] = command_line;
    fields["return-code"] = return_code;
    fields["response"] = response;
    append("command", std::move(fields));
}

CommandLog Recorder::command_log(EndpointId endpoint)
{
    return [this, endpoint = std::move(endpoint)](const std::string& command_line, int return_code,
                                                 const std::string& response) {
        command(endpoint, command_line, return_code, response);
    };
}

void Recorder::state(const EndpointId& endpoint, std::string_view state_id, const nlohmann::json& operational_data)
{
    auto fields = endpoint_fields(endpoint);
    fields["state-id"] = state_id;
    fields["operational-data"] = operational_data;
    append("state", std::move(fields));
}

void Recorder::counters(const EndpointId& endpoint, const nlohmann::json& rx, const nlohmann::json& tx)
{
    auto fields = endpoint_fields(endpoint);
    fields["rx"] = rx;
    fields["tx"] = tx;
    append("counters", std::move(fields));
}

void Recorder::traffic(std::string_view pair_id, std::string_view operation_id, const nlohmann::json& measurement)
{
    auto fields = measurement;
    fields["pair-id"] = pair_id;
    fields["operation-id"] = operation_id;
    append("traffic", std::move(fields));
}

void Recorder::throughput(std::string_view pair_id, std::string_view operation_id, std::string_view type,
                          const nlohmann::json& result)
{
    append("throughput", {{"pair-id", pair_id}, {"operation-id", operation_id}, {"type", type}, {"result", result}});
}

void Recorder::trial(std::string_view pair_id, std::string_view operation_id, std::string_view type,
                     const nlohmann::json& trial)
{
    append("trial", {{"pair-id", pair_id}, {"operation-id", operation_id}, {"type", type}, {"trial", trial}});
}

void Recorder::traffic_sample(std::string_view pair_id, std::string_view operation_id, const nlohmann::json& rates)
{
    auto fields = rates;
    fields["pair-id"] = pair_id;
    fields["operation-id"] = operation_id;
    append("traffic-sample", std::move(fields));
}

void Recorder::outage(std::string_view pair_id, std::string_view operation_id, const EndpointId& endpoint,
                      std::string_view change, const nlohmann::json& outage)
{
    auto fields = endpoint_fields(endpoint);
    fields.update(outage);
    fields["pair-id"] = pair_id;
    fields["operation-id"] = operation_id;
    fields["change"] = change;
    append("outage", std::move(fields));
}

void Recorder::sync()
{
    writer_->sync();
}

std::string Recorder::failure() const
{
    return writer_->failure();
}

std::stop_token Recorder::failed() const
{
    return writer_->failed();
}

const std::filesystem::path& Recorder::journal_path() const
{
    return writer_->path();
}

} // namespace hammer::record
