#include "tests/report/report_documents.hpp"

#include "src/record/journal_reader.hpp"
#include "src/record/uti.hpp"

namespace hammer::report::testing {
namespace {

using nlohmann::json;
using record::testing::endpoint;
using record::testing::JournalText;
using record::testing::with;

json four_port_topology()
{
    return json::parse(R"({
      "version": "0.1.0",
      "metadata": {},
      "reference": {},
      "network": {
        "network-id": "bench",
        "node": [
          {"node-id": "host", "termination-point": [
            {"tp-id": "a0", "attr": {"kernel": {"ifname": "hm0a"}}}, {"tp-id": "b0", "attr": {"kernel": {"ifname": "hm0b"}}},
            {"tp-id": "a1", "attr": {"kernel": {"ifname": "hm1a"}}}, {"tp-id": "b1", "attr": {"kernel": {"ifname": "hm1b"}}}]}
        ],
        "link": [
          {"link-id": "l0", "source": {"source-node": "host", "source-tp": "a0"},
           "destination": {"destination-node": "host", "destination-tp": "b0"}},
          {"link-id": "l1", "source": {"source-node": "host", "source-tp": "a1"},
           "destination": {"destination-node": "host", "destination-tp": "b1"}}
        ]
      }
    })");
}

json pair_entry(const char* pair_id, const char* a, const char* b, const char* via)
{
    return {{"pair-id", pair_id}, {"a", endpoint("host", a)}, {"b", endpoint("host", b)}, {"origin", "link"}, {"via", via}};
}

json two_pair_run_start()
{
    auto start = record::testing::sample_run_start();
    start["topology"] = four_port_topology();
    start["topology-file"] = "topologies/bench.json";
    start["pairs"] = json::array({pair_entry("pair0", "a0", "b0", "l0"), pair_entry("pair1", "a1", "b1", "l1")});
    return start;
}

json slot(const char* pair_id, std::size_t index, const char* operation_id, const char* operation,
          std::int64_t planned_start_ms, std::int64_t planned_ms)
{
    return {{"pair-id", pair_id},       {"operation-id", operation_id},         {"operation", operation},
            {"loop", 1},                {"slot", index},                        {"planned-start-ms", planned_start_ms},
            {"planned-ms", planned_ms}};
}

json slot_end(json fields, const char* outcome, const char* message, std::int64_t start_ms, std::int64_t actual_ms)
{
    return record::testing::slot_end_fields(std::move(fields), outcome, message, "verify", start_ms, actual_ms);
}

json traffic(const char* pair_id, const char* operation_id, const char* direction, std::uint64_t tx,
             std::uint64_t rx, std::uint64_t duration_ms)
{
    return {{"pair-id", pair_id},   {"operation-id", operation_id}, {"direction", direction},
            {"tx-packets", tx},     {"rx-packets", rx},             {"tx-bytes", tx * 64},
            {"rx-bytes", rx * 64},  {"duration-ms", duration_ms}};
}

json sample(const char* direction, double tx_pps, double rx_pps)
{
    return {{"pair-id", "pair1"},      {"operation-id", "jumbo"}, {"direction", direction},
            {"tx-pps", tx_pps},        {"rx-pps", rx_pps},        {"tx-bps", tx_pps * 512},
            {"rx-bps", rx_pps * 512}};
}

json command(const char* tp_id, const char* line, int return_code)
{
    return with(endpoint("host", tp_id), {{"command", line}, {"return-code", return_code}, {"response", ""}});
}

} // namespace

JournalText two_pair_journal()
{
    JournalText journal;
    auto forward_latency = traffic("pair1", "jumbo", "forward", 6000, 5900, 5000);
    forward_latency["latency"] = {{"min-ns", 900}, {"avg-ns", 2500.5}, {"max-ns", 40000}, {"p99-ns", 12000}};
    journal.add("run-start", two_pair_run_start(), 0)
        .add("snapshot", with(endpoint("host", "a0"), {{"backend", "kernel"}, {"state", {{"mtu", 1500}}}}), 1)
        .add("snapshots-complete", {{"endpoints", 1}}, 3)
        .add("slot-start", slot("pair0", 0, "flap", "link_flap", 0, 4000), 10)
        .add("slot-start", slot("pair1", 0, "jumbo", "jumbo_frame", 0, 6000), 12)
        .add("command", command("a0", "ip link set dev hm0a down", 0), 20)
        .add("command", command("a0", "ip link set dev hm0a up", 0), 520)
        .add("traffic-sample", sample("forward", 1000, 990), 1012)
        .add("traffic-sample", sample("reverse", 500, 500), 1013)
        .add("traffic-sample", sample("forward", 1000, 1000), 2012)
        .add("traffic-sample", sample("reverse", 500, 480), 2013)
        .add("traffic-sample", sample("forward", 1000, 1000), 3012)
        .add("traffic-sample", sample("reverse", 500, 500), 3013)
        .add("counters",
             with(endpoint("host", "a0"), {{"rx", {{"packets", 10}, {"errors", 2}}}, {"tx", {{"packets", 12}}}}), 4005)
        .add("slot-end", slot_end(slot("pair0", 0, "flap", "link_flap", 0, 4000), "PASS", "", 10, 4000), 4010)
        .add("slot-start", slot("pair0", 1, "jumbo", "jumbo_frame", 4000, 6000), 4020)
        .add("recovery",
             with(endpoint("host", "b0"), {{"pair-id", "pair0"}, {"backend", "kernel"}, {"attempt", 1},
                                           {"outcome", "PASS"}, {"message", "re-initialised"}}),
             5000)
        .add("traffic", forward_latency, 6000)
        .add("traffic", traffic("pair1", "jumbo", "reverse", 3000, 3000, 5000), 6001)
        .add("slot-end", slot_end(slot("pair1", 0, "jumbo", "jumbo_frame", 0, 6000), "FAIL", "frames dropped", 12, 5990),
             6002)
        .add("slot-start", slot("pair1", 1, "flap", "link_flap", 6000, 4000), 6010)
        .add("command", command("a1", "ip link set dev hm1a down", 95), 6020)
        .add("endpoint-lost", with(endpoint("host", "b1"), {{"pair-id", "pair1"}, {"message", "device gone"}}), 7000)
        .add("traffic", traffic("pair0", "jumbo", "forward", 2000, 2000, 4000), 9000)
        .add("slot-end", slot_end(slot("pair1", 1, "flap", "link_flap", 6000, 4000), "SKIP", "not supported here", 6010, 3990),
             10000)
        .add("slot-end", slot_end(slot("pair0", 1, "jumbo", "jumbo_frame", 4000, 6000), "ERROR", hostile_message, 4020, 5980),
             10000)
        .add("restore", with(endpoint("host", "a0"), {{"backend", "kernel"}, {"outcome", "PASS"}, {"message", ""}}),
             10100)
        .add("restore-complete", {{"failed", 0}}, 10120)
        .add("run-end", {{"status", "ERROR"}, {"interrupted", false}}, 10130);
    return journal;
}

json render_document(const JournalText& journal)
{
    record::testing::RunDirectory directory;
    directory.write_journal(journal.str());
    return record::render_uti(record::read_journal(directory.path()));
}

json two_pair_document()
{
    return render_document(two_pair_journal());
}

json long_document(int steps, int commands)
{
    JournalText journal;
    journal.add("run-start", record::testing::sample_run_start(), 0);
    for (int i = 0; i < commands; ++i) {
        journal.add("command",
                    with(endpoint("dut1", "p0"), {{"command", "ip link set dev hm0a mtu " + std::to_string(1500 + i)},
                                                  {"return-code", 0},
                                                  {"response", ""}}),
                    1);
    }
    for (int i = 0; i < steps; ++i) {
        const std::int64_t start = std::int64_t{i} * 1000;
        auto fields = record::testing::slot_fields(static_cast<std::size_t>(i), i % 2 == 0 ? "flap" : "mtu",
                                                   i % 2 == 0 ? "link_flap" : "mtu_change", start, 1000);
        journal.add("slot-start", fields, start)
            .add("slot-end",
                 record::testing::slot_end_fields(fields, i % 100 == 99 ? "FAIL" : "PASS", "", "verify", start, 1000),
                 start + 1000);
    }
    journal.add("run-end", {{"status", "FAIL"}, {"interrupted", false}}, std::int64_t{steps} * 1000 + 1);
    return render_document(journal);
}

} // namespace hammer::report::testing
