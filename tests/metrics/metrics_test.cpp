#include "src/common/diagnostics.hpp"
#include "src/metrics/metrics_address.hpp"
#include "src/metrics/metrics_server.hpp"
#include "src/metrics/run_metrics.hpp"

#include <prometheus/text_serializer.h>

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

namespace hammer::metrics {
namespace {

std::string refusal(const std::string& text)
{
    try {
        (void)parse_metrics_address(text);
    } catch (const InputError& error) {
        return error.what();
    }
    return "";
}

TEST(MetricsAddress, APortAloneIsLocalhost)
{
    const auto address = parse_metrics_address("9464");
    EXPECT_EQ(address.host, "127.0.0.1");
    EXPECT_EQ(address.port, 9464);
    EXPECT_EQ(address.listening(), "127.0.0.1:9464");
}

TEST(MetricsAddress, TakesIpv4AndBracketedIpv6)
{
    EXPECT_EQ(parse_metrics_address("0.0.0.0:80").listening(), "0.0.0.0:80");
    const auto ipv6 = parse_metrics_address("[::1]:9464");
    EXPECT_EQ(ipv6.host, "::1");
    EXPECT_EQ(ipv6.listening(), "[::1]:9464");
}

TEST(MetricsAddress, RefusesWhatIsNoAddressNamingTheFlag)
{
    for (const auto* bad : {"", "x", "65536", "-1", "9464x", "localhost:9464", "::1:9464", "1.2.3:80", "1.2.3.4:"}) {
        const auto message = refusal(bad);
        EXPECT_NE(message.find("--metrics"), std::string::npos) << bad << ": " << message;
    }
}

void watch_a_run(record::RunWatch& watch)
{
    watch.observe({{"event", "run-start"}, {"run-id", "r1"}, {"pairs", {{{"pair-id", "pair0"}}}}});
    watch.observe({{"event", "snapshots-complete"}});
    watch.observe({{"event", "slot-start"}, {"pair-id", "pair0"}, {"operation-id", "mix"},
                   {"operation", "traffic_mix"}, {"loop", 1}});
    watch.observe({{"event", "traffic-sample"}, {"pair-id", "pair0"}, {"direction", "forward"},
                   {"tx-pps", 1000.0}, {"rx-pps", 990.0}, {"tx-bps", 8e5}, {"rx-bps", 7.92e5}});
    watch.observe({{"event", "traffic"}, {"pair-id", "pair0"}, {"direction", "forward"}, {"tx-packets", 100},
                   {"rx-packets", 90}, {"tx-bytes", 6400}, {"rx-bytes", 5760}, {"duration-ms", 1000},
                   {"latency", {{"p50-ns", 1000}, {"p90-ns", 2000}, {"p99-ns", 3000}, {"p999-ns", 4000}}}});
}

TEST(RunMetrics, ShowsEveryFamilyWithPairLabels)
{
    record::RunWatch watch;
    watch_a_run(watch);
    const auto text = prometheus::TextSerializer{}.Serialize(run_metrics(watch.view()));
    for (const auto* line : {
             "hammer_run_info{run_id=\"r1\"} 1",
             "hammer_run_state{state=\"running\"} 1",
             "hammer_run_state{state=\"done\"} 0",
             "hammer_traffic_tx_packets_total{pair=\"pair0\",direction=\"forward\"} 100",
             "hammer_traffic_rx_bytes_total{pair=\"pair0\",direction=\"forward\"} 5760",
             "hammer_traffic_lost_packets_total{pair=\"pair0\",direction=\"forward\"} 10",
             "hammer_traffic_loss_ratio{pair=\"pair0\",direction=\"forward\"} 0.1",
             "hammer_traffic_rx_packets_per_second{pair=\"pair0\",direction=\"forward\"} 990",
             "hammer_traffic_latency_seconds{pair=\"pair0\",direction=\"forward\",quantile=\"0.99\"} 3e-06",
             "hammer_traffic_tx_packets_total{pair=\"pair0\",direction=\"reverse\"} 0",
             "hammer_pair_loop{pair=\"pair0\"} 1",
             "hammer_pair_operation{pair=\"pair0\",operation_id=\"mix\",operation=\"traffic_mix\"} 1",
         }) {
        EXPECT_NE(text.find(line), std::string::npos) << line << "\n" << text;
    }
    EXPECT_NE(text.find("# TYPE hammer_traffic_tx_packets_total counter"), std::string::npos) << text;
}

TEST(RunMetrics, CountsStepOutcomesPerOperation)
{
    record::RunWatch watch;
    watch_a_run(watch);
    watch.observe({{"event", "slot-end"}, {"pair-id", "pair0"}, {"operation-id", "mix"}, {"outcome", "PASS"}});
    const auto text = prometheus::TextSerializer{}.Serialize(run_metrics(watch.view()));
    EXPECT_NE(text.find("hammer_steps_total{pair=\"pair0\",operation_id=\"mix\",outcome=\"PASS\"} 1"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("hammer_steps_total{pair=\"pair0\",operation_id=\"mix\",outcome=\"ERROR\"} 0"),
              std::string::npos)
        << text;
}

TEST(MetricsServer, ATakenPortIsRefusedNamingTheFlag)
{
    const int socket = ::socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(socket, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    ASSERT_EQ(::bind(socket, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ASSERT_EQ(::listen(socket, 1), 0);
    ASSERT_EQ(::getsockname(socket, reinterpret_cast<sockaddr*>(&address), &length), 0);
    const record::RunWatch watch;
    try {
        (void)MetricsServer::start({"127.0.0.1", ntohs(address.sin_port)}, watch);
        ADD_FAILURE() << "a taken port was bound";
    } catch (const InputError& error) {
        EXPECT_NE(std::string{error.what()}.find("--metrics"), std::string::npos) << error.what();
    }
    ::close(socket);
}

TEST(MetricsServer, PortZeroTakesAFreeOne)
{
    const record::RunWatch watch;
    const auto server = MetricsServer::start({"127.0.0.1", 0}, watch);
    EXPECT_GT(server->port(), 0);
}

} // namespace
} // namespace hammer::metrics
