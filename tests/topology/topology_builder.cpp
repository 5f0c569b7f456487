#include "tests/topology/topology_builder.hpp"

#include "src/common/json_file.hpp"
#include "src/topology/loader.hpp"

namespace hammer::topology::test_support {

json kernel_tp(const std::string& tp_id, const std::string& ifname)
{
    return {{"tp-id", tp_id}, {"attr", {{"kernel", {{"ifname", ifname}}}}}};
}

json devargs_tp(const std::string& tp_id, const std::string& devargs)
{
    return {{"tp-id", tp_id}, {"attr", {{"dpdk", {{"devargs", devargs}}}}}};
}

json ring_tp(const std::string& tp_id, const std::string& ring)
{
    return {{"tp-id", tp_id}, {"attr", {{"dpdk", {{"ring", ring}}}}}};
}

json bare_tp(const std::string& tp_id)
{
    return {{"tp-id", tp_id}};
}

json node(const std::string& node_id, json termination_points)
{
    return {{"node-id", node_id}, {"termination-point", std::move(termination_points)}};
}

json host(const std::string& node_id, const std::string& ifname)
{
    return node(node_id, json::array({kernel_tp("p0", ifname)}));
}

json link(const std::string& link_id, const std::string& source_node, const std::string& source_tp,
          const std::string& destination_node, const std::string& destination_tp)
{
    return {{"link-id", link_id},
            {"source", {{"source-node", source_node}, {"source-tp", source_tp}}},
            {"destination", {{"destination-node", destination_node}, {"destination-tp", destination_tp}}}};
}

json document(json nodes, json links)
{
    return {{"version", "0.1.0"},
            {"network", {{"network-id", "net"}, {"node", std::move(nodes)}, {"link", std::move(links)}}}};
}

json minimal_topology()
{
    return document(json::array({host("h1", "eth1"), host("h2", "eth2")}),
                    json::array({link("l0", "h1", "p0", "h2", "p0")}));
}

Model load_text(std::string_view text)
{
    const std::string file{test_file};
    return load_topology(parse_json_text(text, file), file);
}

Model load(const json& document)
{
    return load_text(document.dump());
}

std::vector<Diagnostic> load_errors(const json& document)
{
    try {
        (void)load(document);
    } catch (const InputError& error) {
        return error.diagnostics();
    }
    ADD_FAILURE() << "the topology loaded, expected it to be refused:\n" << document.dump(2);
    return {};
}

std::vector<Diagnostic> pairing_errors(const json& document, std::uint64_t seed)
{
    Model model;
    try {
        model = load(document);
    } catch (const InputError& error) {
        ADD_FAILURE() << "the topology did not load:\n" << error.what();
        return {};
    }
    try {
        (void)derive_pairs(model, seed);
    } catch (const InputError& error) {
        return error.diagnostics();
    }
    ADD_FAILURE() << "the pairing succeeded, expected it to be refused:\n" << document.dump(2);
    return {};
}

std::vector<std::string> pair_names(const Pairing& pairing)
{
    std::vector<std::string> names;
    for (const auto& pair : pairing.pairs) {
        names.push_back(pair.a.name() + " " + pair.b.name());
    }
    return names;
}

} // namespace hammer::topology::test_support
