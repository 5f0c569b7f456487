#include "src/operations/catalog.hpp"

namespace hammer::operations {
namespace {

constexpr unsigned kernel = static_cast<unsigned>(Need::kernel_interface);
constexpr unsigned dpdk = static_cast<unsigned>(Need::dpdk_port);
constexpr unsigned control = static_cast<unsigned>(Need::port_control);

// Frame sizes are Ethernet frames without FCS: 60 is the shortest a PMD pads to,
// 9216 the largest jumbo frame NICs commonly accept.
ParamSpec frame_size(int default_bytes)
{
    return {"frame_size", ParamKind::integer, default_bytes, "Ethernet frame size in bytes (without FCS)", 60, 9216};
}

ParamSpec rate_pps(int default_pps)
{
    return {"rate_pps", ParamKind::integer, default_pps, "packets per second per direction; 0 = as fast as the port takes",
            0, 1e9};
}

// TRex's `-m 50%`: a share of the line rate, whatever the port's speed.
ParamSpec rate_percent()
{
    return {"rate_percent", ParamKind::number, 0.0,
            "share of the reported link speed per direction, frame overhead included; above 0 it replaces rate_pps",
            0, 100};
}

// Flows differ in UDP source port and IPv4 source address, the fields RSS
// hashes, so that a NIC spreads them over its RX queues. 65536: every UDP port.
ParamSpec flows()
{
    return {"flows", ParamKind::integer, 0,
            "flows per direction (UDP source port and IPv4 source address vary per flow, so RSS spreads them); "
            "0: enough to reach every RX queue",
            0, 65536};
}

// The search's frames stay within the standard MTU: jumbo frames need the
// MTU changes jumbo_frame makes, which would belong to the search's result.
ParamSpec search_frame_size()
{
    return {"frame_size", ParamKind::integer, 64, "Ethernet frame size in bytes (without FCS), standard MTU", 60, 1514};
}

// The frames of every traffic operation (docs/pmd-ops.md, "Frames"). Sizes
// are without FCS, as frame_size is: CSIT's IMIX of 64, 570 and 1518-byte
// frames (FCS counted) is 60, 566 and 1514 here. The headers default to
// null, "not given": the termination point's traffic-specification then
// decides, else untagged IPv4.
OperationSpec traffic(OperationSpec operation, int max_size = 9216)
{
    const std::vector<ParamSpec> frames{
        {"frame_sizes", ParamKind::integer_list, nlohmann::json::array(),
         "frame sizes sent in turn, an equal share each (an RFC 2544 sweep: 60,124,252,508,1020,1276,1514); empty: "
         "frame_size",
         60, static_cast<double>(max_size)},
        {"imix", ParamKind::size_mix, false,
         "true: CSIT's IMIX, 60/566/1514-byte frames at 7:4:1; or {\"sizes\": [...], \"weights\": [...]}", 60,
         static_cast<double>(max_size)},
        {"vlan", ParamKind::integer, nullptr,
         "802.1Q VLAN id of every frame, 0: untagged; not given: the termination point's traffic-specification", 0,
         4094},
        {"qinq", ParamKind::integer_list, nullptr,
         "802.1ad [outer, inner] VLAN ids (S-tag 0x88a8, then C-tag 0x8100); not given: the termination point's", 1,
         4094, {}, 2},
        {"ip_version", ParamKind::integer, nullptr,
         "4 or 6 (IPv6/UDP); not given: the termination point's traffic-specification, else 4", 4, 6, {}, 0, {4, 6}},
    };
    operation.params.insert(operation.params.end(), frames.begin(), frames.end());
    operation.exclusions.push_back({"frame_sizes", "imix"});
    operation.exclusions.push_back({"vlan", "qinq"});
    return operation;
}

const std::vector<OperationSpec>& all()
{
    static const std::vector<OperationSpec> operations{
        {"link_flap",
         "Admin down for down_seconds, up again; carrier must return within the recovery up_timeout",
         control,
         {{"down_seconds", ParamKind::number, 2.0, "how long the link stays down", 0.1, 3600}}},
        {"mtu_change",
         "Step the MTU through a list of values (and the device maximum), reading each back; restore",
         control,
         {{"mtus", ParamKind::integer_list, {68, 1280, 1500, 9000}, "MTUs to set, in order", 68, 65535},
          {"include_device_max", ParamKind::boolean, true, "also set the largest MTU the device reports"}}},
        {"channel_change",
         "Step rx/tx/combined channel (queue) counts within the driver's maxima, reading each back; restore",
         control,
         {{"counts", ParamKind::integer_list, {1, 2, 4, 8}, "channel counts to set; above the maximum: skipped", 1,
           1024}}},
        {"ring_change",
         "Step rx/tx ring (descriptor) sizes, reading each back; restore (EOPNOTSUPP is a SKIP)",
         control,
         {{"sizes", ParamKind::integer_list, {256, 512, 1024, 4096}, "descriptor counts to set", 1, 65536}}},
        {"link_speed_query",
         "Read speed, duplex and autonegotiation; where the device accepts it, step through speeds; restore",
         control,
         {{"speeds", ParamKind::integer_list, {10, 100, 1000, 10000}, "speeds in Mb/s to step through", 1, 1e6},
          {"change_speed", ParamKind::boolean, true, "step speeds where the device accepts link-mode changes"}}},
        {"stats_snapshot",
         "Record the 64-bit interface counters of both ends into the result",
         control,
         {{"interval_seconds", ParamKind::number, 1.0, "how often to read while the slot lasts", 0.01, 3600}}},
        {"port_reset",
         "Reset the device (ethtool --reset dedicated, rte_eth_dev_reset); carrier must return and settings stay",
         control,
         {}},
        traffic({"traffic_mix",
         "Unicast, multicast and broadcast frames in both directions; per-class counts verified",
         dpdk,
         {frame_size(64),
          rate_pps(0),
          rate_percent(),
          flows(),
          {"unicast_weight", ParamKind::integer, 8, "relative share of unicast frames", 0, 1000},
          {"multicast_weight", ParamKind::integer, 1, "relative share of multicast frames", 0, 1000},
          {"broadcast_weight", ParamKind::integer, 1, "relative share of broadcast frames", 0, 1000}}}),
        traffic({"jumbo_frame",
         "Raise the MTU on both ends, send jumbo frames, verify them byte for byte; restore",
         dpdk,
         {{"mtu", ParamKind::integer, 9000, "MTU set on both ends", 1500, 65535},
          frame_size(9000),
          rate_pps(0),
          rate_percent(),
          flows()}}),
        traffic({"payload_baseline",
         "Frames with a fixed, incrementing or random payload, checked byte for byte; baseline rates recorded",
         dpdk,
         {frame_size(512),
          rate_pps(0),
          rate_percent(),
          flows(),
          {"payload", ParamKind::choice, "incrementing", "payload pattern", 0, 0, {"fixed", "incrementing", "random"}}}}),
        traffic({"ring_change_traffic",
         "Change the DPDK queues' descriptor counts while traffic runs; traffic must recover",
         dpdk,
         {{"sizes", ParamKind::integer_list, {512, 1024, 2048}, "rx/tx descriptor counts to step through", 64, 65536},
          frame_size(64),
          rate_pps(0),
          rate_percent(),
          flows(),
          {"max_loss_percent", ParamKind::number, 1.0, "loss allowed around each reconfiguration", 0, 100}}}),
        traffic({"queue_change_traffic",
         "Change the DPDK ports' RX/TX queue counts while traffic runs; traffic must recover on the new queues",
         dpdk,
         {{"counts", ParamKind::integer_list, {1, 2, 4}, "queue counts to step through; above the device's: skipped", 1,
           1024},
          frame_size(64),
          rate_pps(0),
          rate_percent(),
          flows(),
          {"max_loss_percent", ParamKind::number, 1.0, "loss allowed around each reconfiguration", 0, 100}}}),
        traffic({"link_flap_traffic",
         "Traffic on while side a's link is flapped (netlink, else ethdev); every packet accounted for, outage recorded",
         dpdk,
         {{"down_seconds", ParamKind::number, 1.0, "how long the link stays down", 0.1, 3600},
          frame_size(64),
          rate_pps(100000),
          rate_percent(),
          flows()}}),
        traffic({"link_speed_test",
         "Achieved rate against the reported link speed, both recorded",
         dpdk,
         {frame_size(1500), rate_pps(0), rate_percent(), flows()}}),
        // FD.io CSIT's NDRPDR test (MLRsearch): the loss thresholds and the
        // width goal default to CSIT's (0 and 0.5 %; 0.5 %).
        traffic({"throughput_search",
         "NDR and PDR by a search (MLRsearch-like) under whatever runs on the other pairs; bounds, trials, latency",
         dpdk,
         {search_frame_size(),
          {"ndr_loss", ParamKind::number, 0.0, "loss ratio the NDR allows (0: none)", 0, 1},
          {"pdr_loss", ParamKind::number, 0.005, "loss ratio the PDR allows", 0, 1},
          {"width", ParamKind::number, 0.005, "relative width goal: (upper - lower) / upper of the final bounds",
           0.0001, 0.5},
          {"min_rate_pps", ParamKind::integer, 1000, "lowest rate searched, per direction", 1, 1e9},
          {"max_rate_pps", ParamKind::integer, 0,
           "highest rate searched, per direction; 0: the line rate of the reported link speed, or the unpaced rate "
           "where that is higher",
           0, 1e9},
          {"trial_seconds", ParamKind::number, 1.0, "duration of the final phase's trials", 0.01, 3600},
          {"initial_trial_seconds", ParamKind::number, 0.25, "duration of the first phase's trials", 0.01, 3600},
          {"phases", ParamKind::integer, 3, "phases from the initial to the final trial duration", 1, 10},
          {"latency", ParamKind::boolean, true, "measure latency at 10, 50 and 90 % of the PDR"},
          flows()},
         {{"ndr_loss", "pdr_loss"},
          {"initial_trial_seconds", "trial_seconds"},
          {"min_rate_pps", "max_rate_pps", true, true}}},
                1514),
        // CSIT's MRR test: the rate received at a set offered load.
        traffic({"mrr",
         "Received rate at a set offered load (line rate by default) over a number of trials",
         dpdk,
         {search_frame_size(),
          {"rate_pps", ParamKind::integer, 0, "offered per direction; 0: rate_percent of the reported link speed", 0,
           1e9},
          {"rate_percent", ParamKind::number, 100.0,
           "share of the reported link speed per direction; 0, or no speed reported: unpaced", 0, 100},
          {"trials", ParamKind::integer, 3, "trials, one after another", 1, 1000},
          {"trial_seconds", ParamKind::number, 1.0, "duration of each trial", 0.01, 3600},
          flows()}},
                1514),
        // Offloads are port configuration in DPDK: the step configures the
        // ports with what they offer and puts them back. Its own frames:
        // one burst per feature, no rate, no frame parameters.
        {"offload_check",
         "Per offload (TX IPv4/UDP/IPv6 checksums, RX checksum flags, VLAN insert and strip, RSS hash): PASS, FAIL, "
         "or SKIP where the port does not offer it; ports restored",
         dpdk,
         {}},
    };
    return operations;
}

} // namespace

std::span<const OperationSpec> catalog()
{
    return all();
}

const OperationSpec* find_operation(std::string_view name)
{
    for (const auto& operation : all()) {
        if (operation.name == name) {
            return &operation;
        }
    }
    return nullptr;
}

std::string_view describe(Need need) noexcept
{
    switch (need) {
    case Need::kernel_interface: return "kernel interface";
    case Need::dpdk_port: return "DPDK port";
    case Need::port_control: return "kernel interface or DPDK port";
    }
    return "unknown";
}

} // namespace hammer::operations
