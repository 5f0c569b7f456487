#include "pmd_ops/bench/bench_ports.hpp"

#include "pmd_ops/bench/bench_error.hpp"

#include <rte_memory.h>

#include <algorithm>
#include <cctype>
#include <chrono>

namespace hammer::pmd_ops::bench {
namespace {

void start_port(Port& port, rte_mempool* pool, std::uint16_t descriptors, std::uint16_t queues)
{
    check(port.configure(PortConfig{queues, queues, descriptors, descriptors, 0}));
    check(port.setup_queues(pool));
    check(port.start());
}

} // namespace

Port open_port(const std::string& devargs, const std::string& netns, rte_mempool* pool, std::uint16_t descriptors,
               std::uint16_t queues)
{
    Port port = take(Port::probe(devargs, netns));
    start_port(port, pool, descriptors, queues);
    return port;
}

std::pair<Port, Port> open_ring_pair(const std::string& name, unsigned ring_size, rte_mempool* pool,
                                     std::uint16_t queues)
{
    auto ports = take(Port::ring_pair(name + "a", name + "b", ring_size, queues));
    // The ring PMD ignores descriptor counts; its rings are `ring_size` long.
    start_port(ports.first, pool, static_cast<std::uint16_t>(ring_size), queues);
    start_port(ports.second, pool, static_cast<std::uint16_t>(ring_size), queues);
    return ports;
}

std::string indexed_devargs(const std::string& devargs, unsigned index)
{
    const std::size_t name_end = std::min(devargs.find(','), devargs.size());
    std::size_t digits = name_end;
    while (digits > 0 && std::isdigit(static_cast<unsigned char>(devargs[digits - 1])) != 0) {
        --digits;
    }
    return devargs.substr(0, digits) + std::to_string(index) + devargs.substr(name_end);
}

void wait_link_up(const Port& port)
{
    const LinkStatus link = take(port.wait_link_up(std::chrono::seconds{5}));
    if (!link.up) {
        throw BenchError{"link of " + port.name() + " not up after 5 s"};
    }
}

std::string driver_of(const Port& port)
{
    return take(port.info()).driver;
}

Mempool make_pool(const std::string& name, unsigned ports, unsigned rx_descriptors, unsigned tx_descriptors,
                  unsigned queues_per_port, unsigned workers)
{
    PoolDemand demand;
    demand.ports = ports;
    demand.queues_per_port = queues_per_port;
    demand.rx_descriptors = rx_descriptors;
    demand.tx_descriptors = tx_descriptors;
    demand.lcores = workers + 1; // the workers, and the main lcore that frees what is left at the end
    return take(Mempool::for_demand(name, demand, Mempool::standard_data_room, SOCKET_ID_ANY));
}

} // namespace hammer::pmd_ops::bench
