#include "src/topology/loader.hpp"

#include "src/common/json_check.hpp"
#include "src/common/json_file.hpp"
#include "src/common/text.hpp"
#include "src/topology/checks.hpp"
#include "src/topology/references.hpp"

#include <algorithm>
#include <vector>


namespace hammer::topology {
namespace {

/// IEEE 802.1Q: VLAN ids 0 and 4095 are reserved.
constexpr unsigned max_vlan_id = 4094;

/// A node's or termination point's configuration, as far as hammer applies it.
struct Configuration {
    InterfaceSettings start_up;
    std::vector<InterfaceSettings> run_time;
    std::string start_up_pointer;
    TrafficDefaults traffic;
};

/// Reads the structure of the document into a Model; cross-references are
/// checked afterwards (checks.cpp), once every id is known.
class StructureReader {
public:
    explicit StructureReader(Diagnostics& diagnostics) : diagnostics_{diagnostics} {}

    void read_document(const nlohmann::json& document, Model& model)
    {
        ObjectReader top{document, "", diagnostics_};
        if (!top.is_object()) {
            return;
        }
        if (const auto version = top.required_string("version")) {
            read_version(*version, top.pointer_to("version"), model);
        }
        top.optional("metadata", JsonKind::object);
        if (const auto* references = top.optional("reference", JsonKind::object)) {
            for (const auto& [id, value] : references->items()) {
                expect_kind(value, JsonKind::object, pointer_child("/reference", id), diagnostics_);
            }
        }
        if (const auto* network = top.required("network", JsonKind::object)) {
            read_network(*network, model);
        }
        top.reject_unknown_members();
    }

private:
    void read_version(const std::string& text, const std::string& pointer, Model& model)
    {
        const auto version = parse_version(text);
        if (!version) {
            diagnostics_.error(pointer, "\"" + text + "\" is not a MAJOR.MINOR.PATCH version");
            return;
        }
        if (const auto why = incompatibility(*version)) {
            diagnostics_.error(pointer, *why);
            return;
        }
        model.version = *version;
    }

    void read_network(const nlohmann::json& json, Model& model)
    {
        ObjectReader network{json, "/network", diagnostics_};
        model.network_id = network.required_string("network-id").value_or("");
        network.optional("attr", JsonKind::object);
        if (const auto* nodes = network.required("node", JsonKind::array)) {
            for (std::size_t i = 0; i < nodes->size(); ++i) {
                read_node((*nodes)[i], pointer_child(network.pointer_to("node"), i), model);
            }
        }
        if (const auto* links = network.optional("link", JsonKind::array)) {
            for (std::size_t i = 0; i < links->size(); ++i) {
                read_link((*links)[i], pointer_child(network.pointer_to("link"), i), model);
            }
        }
        network.reject_unknown_members();
    }

    void read_node(const nlohmann::json& json, const std::string& pointer, Model& model)
    {
        ObjectReader reader{json, pointer, diagnostics_};
        Node node;
        node.pointer = pointer;
        if (!reader.is_object()) {
            model.nodes.push_back(std::move(node)); // unnamed: see Model::nodes
            return;
        }
        node.id = read_id(reader, "node-id");
        node.parent = reader.optional_string("parent");
        node.nesting_read = node.parent || !reader.has("parent");
        if (const auto* children = reader.optional("children", JsonKind::array)) {
            for (std::size_t i = 0; i < children->size(); ++i) {
                const auto child_pointer = pointer_child(reader.pointer_to("children"), i);
                if (expect_kind((*children)[i], JsonKind::string, child_pointer, diagnostics_)) {
                    node.children.push_back((*children)[i].get<std::string>());
                } else {
                    node.nesting_read = false;
                }
            }
        } else if (reader.has("children")) {
            node.nesting_read = false;
        }
        if (const auto* attr = reader.optional("attr", JsonKind::object)) {
            read_node_attr(*attr, reader.pointer_to("attr"), node);
        }
        Configuration configuration;
        if (const auto* json = reader.optional("configuration", JsonKind::object)) {
            configuration = read_configuration(*json, reader.pointer_to("configuration"));
        }
        if (const auto* states = reader.optional("state", JsonKind::array)) {
            read_states(*states, reader.pointer_to("state"));
        }
        if (const auto* history = reader.optional("command-history", JsonKind::array)) {
            read_command_history(*history, reader.pointer_to("command-history"));
        }
        if (const auto* tps = reader.optional("termination-point", JsonKind::array)) {
            for (std::size_t i = 0; i < tps->size(); ++i) {
                read_termination_point((*tps)[i], pointer_child(reader.pointer_to("termination-point"), i),
                                       configuration, node);
            }
            // One address on several interfaces would answer for all of them.
            if (node.termination_points.size() > 1 &&
                (!configuration.start_up.addresses.empty() || !configuration.start_up.vlans.empty())) {
                diagnostics_.error(configuration.start_up_pointer,
                                   "\"addresses\" and \"vlans\" of a node with several termination points "
                                   "belong in each termination point's own configuration.start-up");
            }
        }
        reader.reject_unknown_members();
        model.nodes.push_back(std::move(node));
    }

    /// attr is free-form key-value data; hammer reads only the keys that steer pairing.
    void read_node_attr(const nlohmann::json& json, const std::string& pointer, Node& node)
    {
        ObjectReader attr{json, pointer, diagnostics_};
        node.type = attr.optional_string("type").value_or("");
        if (const auto pairing = attr.optional_string("pairing")) {
            if (*pairing == "children") {
                node.pair_children = true;
            } else {
                diagnostics_.error(attr.pointer_to("pairing"),
                                   "unknown pairing \"" + *pairing + "\" (supported: \"children\")");
            }
        }
    }

    Configuration read_configuration(const nlohmann::json& json, const std::string& pointer)
    {
        Configuration read;
        ObjectReader configuration{json, pointer, diagnostics_};
        if (const auto* start_up = configuration.optional("start-up", JsonKind::object)) {
            read.start_up_pointer = configuration.pointer_to("start-up");
            read.start_up = read_interface_settings(*start_up, read.start_up_pointer, diagnostics_);
        }
        if (configuration.has("run-time")) {
            const auto& run_time = json.at("run-time");
            const auto run_time_pointer = configuration.pointer_to("run-time");
            if (run_time.is_array()) {
                for (std::size_t i = 0; i < run_time.size(); ++i) {
                    read.run_time.push_back(
                        read_interface_settings(run_time[i], pointer_child(run_time_pointer, i), diagnostics_));
                }
            } else if (run_time.is_object()) {
                read.run_time.push_back(read_interface_settings(run_time, run_time_pointer, diagnostics_));
            } else {
                diagnostics_.error(run_time_pointer, "expected an object or an array of objects, found " +
                                                         describe_value(run_time));
            }
        }
        configuration.allow({"run-time"});
        configuration.optional("traffic-profile", JsonKind::string);
        if (configuration.has("traffic-specification")) {
            const auto& specification = json.at("traffic-specification");
            if (specification.is_object()) {
                read.traffic = read_traffic_defaults(specification, configuration.pointer_to("traffic-specification"));
            } else if (!specification.is_string()) {
                diagnostics_.error(configuration.pointer_to("traffic-specification"),
                                   "expected a path or an object, found " + describe_value(specification));
            }
        }
        configuration.allow({"traffic-specification"});
        configuration.reject_unknown_members();
        return read;
    }

    /// The members of a traffic-specification object hammer reads; the rest
    /// is another tool's and stays in the model's document.
    TrafficDefaults read_traffic_defaults(const nlohmann::json& json, const std::string& pointer)
    {
        TrafficDefaults read;
        const auto id_in = [&](const nlohmann::json& value, const std::string& at, unsigned low) -> std::optional<unsigned> {
            if (!expect_kind(value, JsonKind::integer, at, diagnostics_)) {
                return std::nullopt;
            }
            const auto id = value.get<long long>();
            if (id < static_cast<long long>(low) || id > 4094) {
                diagnostics_.error(at, "a VLAN id must be " + std::to_string(low) + " to 4094, found " + value.dump());
                return std::nullopt;
            }
            return static_cast<unsigned>(id);
        };
        if (json.contains("vlan")) {
            read.vlan = id_in(json.at("vlan"), pointer_child(pointer, "vlan"), 0);
        }
        if (json.contains("qinq")) {
            const auto& qinq = json.at("qinq");
            const auto at = pointer_child(pointer, "qinq");
            if (!qinq.is_array() || qinq.size() != 2) {
                diagnostics_.error(at, "expected [outer, inner] VLAN ids, found " + describe_value(qinq));
            } else {
                const auto outer = id_in(qinq[0], pointer_child(at, 0), 1);
                const auto inner = id_in(qinq[1], pointer_child(at, 1), 1);
                if (outer && inner) {
                    read.qinq = std::array<unsigned, 2>{*outer, *inner};
                }
            }
            if (json.contains("vlan")) {
                diagnostics_.error(at, "qinq and vlan exclude each other");
            }
        }
        if (json.contains("ip-version")) {
            const auto& version = json.at("ip-version");
            const auto at = pointer_child(pointer, "ip-version");
            if (version != 4 && version != 6) {
                diagnostics_.error(at, "ip-version must be 4 or 6, found " + version.dump());
            } else {
                read.ip_version = version.get<unsigned>();
            }
        }
        return read;
    }

    void read_states(const nlohmann::json& states, const std::string& pointer)
    {
        for (std::size_t i = 0; i < states.size(); ++i) {
            ObjectReader state{states[i], pointer_child(pointer, i), diagnostics_};
            state.required_string("state-id");
            state.required_string("timestamp");
            state.optional("operational-data", JsonKind::object);
            state.reject_unknown_members();
        }
    }

    void read_command_history(const nlohmann::json& history, const std::string& pointer)
    {
        for (std::size_t i = 0; i < history.size(); ++i) {
            ObjectReader entry{history[i], pointer_child(pointer, i), diagnostics_};
            entry.required_string("timestamp");
            if (const auto* command = entry.required("command", JsonKind::any)) {
                expect_text_or_object(*command, entry.pointer_to("command"));
            }
            entry.required("return-code", JsonKind::integer);
            if (const auto* response = entry.optional("response", JsonKind::any)) {
                expect_text_or_object(*response, entry.pointer_to("response"));
            }
            entry.reject_unknown_members();
        }
    }

    /// A command or a response: the model leaves "str or JSON?" open, so a
    /// command line and a structured request or reply are both kept as written.
    void expect_text_or_object(const nlohmann::json& value, const std::string& pointer)
    {
        if (!value.is_string() && !value.is_object()) {
            diagnostics_.error(pointer, "expected a string or an object, found " + describe_value(value));
        }
    }

    void read_termination_point(const nlohmann::json& json, const std::string& pointer,
                                const Configuration& node_configuration, Node& node)
    {
        ObjectReader reader{json, pointer, diagnostics_};
        TerminationPoint tp;
        tp.pointer = pointer;
        if (!reader.is_object()) {
            node.termination_points.push_back(std::move(tp)); // unnamed: see Node::termination_points
            return;
        }
        tp.id = read_id(reader, "tp-id");
        if (const auto* attr = reader.optional("attr", JsonKind::object)) {
            read_tp_attr(*attr, reader.pointer_to("attr"), tp);
        }
        Configuration configuration;
        if (const auto* json_configuration = reader.optional("configuration", JsonKind::object)) {
            configuration = read_configuration(*json_configuration, reader.pointer_to("configuration"));
        }
        tp.start_up = merge(node_configuration.start_up, configuration.start_up);
        tp.run_time = configuration.run_time.empty() ? node_configuration.run_time : configuration.run_time;
        tp.traffic = node_configuration.traffic;
        if (configuration.traffic.vlan || configuration.traffic.qinq) {
            // The tagging goes as one: a port's vlan replaces its node's qinq.
            tp.traffic.vlan = configuration.traffic.vlan;
            tp.traffic.qinq = configuration.traffic.qinq;
        }
        if (configuration.traffic.ip_version) {
            tp.traffic.ip_version = configuration.traffic.ip_version;
        }
        const auto parent = tp.kernel ? tp.kernel->ifname : std::string{};
        const auto& where = configuration.start_up_pointer.empty() ? node_configuration.start_up_pointer
                                                                   : configuration.start_up_pointer;
        if (!tp.start_up.vlans.empty() && !tp.kernel) {
            diagnostics_.error(where, "\"vlans\" are made on a kernel interface: " + pointer +
                                          " has no attr.kernel");
        }
        name_vlans(tp.start_up, parent, where, diagnostics_);
        for (auto& run_time : tp.run_time) {
            name_vlans(run_time, parent, where, diagnostics_);
        }
        reader.reject_unknown_members();
        node.termination_points.push_back(std::move(tp));
    }

    void read_tp_attr(const nlohmann::json& json, const std::string& pointer, TerminationPoint& tp)
    {
        ObjectReader attr{json, pointer, diagnostics_};
        if (const auto* kernel = attr.optional("kernel", JsonKind::object)) {
            ObjectReader reader{*kernel, attr.pointer_to("kernel"), diagnostics_};
            KernelAccess access;
            if (auto ifname = reader.required_string("ifname")) {
                if (const auto why = invalid_ifname(*ifname)) {
                    diagnostics_.error(reader.pointer_to("ifname"), *why);
                }
                access.ifname = std::move(*ifname);
            }
            if (auto netns = reader.optional_string("netns")) {
                if (netns->empty() || netns->find('/') != std::string::npos || *netns == "." || *netns == "..") {
                    diagnostics_.error(reader.pointer_to("netns"),
                                       "\"" + *netns + "\" is not a namespace name (a name under /run/netns)");
                }
                access.netns = std::move(*netns);
            }
            reader.reject_unknown_members();
            tp.kernel = std::move(access);
        }
        if (const auto* dpdk = attr.optional("dpdk", JsonKind::object)) {
            ObjectReader reader{*dpdk, attr.pointer_to("dpdk"), diagnostics_};
            DpdkAccess access;
            access.devargs = reader.optional_string("devargs").value_or("");
            access.ring = reader.optional_string("ring").value_or("");
            if (auto netns = reader.optional_string("netns")) {
                if (netns->empty() || netns->find('/') != std::string::npos || *netns == "." || *netns == "..") {
                    diagnostics_.error(reader.pointer_to("netns"),
                                       "\"" + *netns + "\" is not a namespace name (a name under /run/netns)");
                }
                access.netns = std::move(*netns);
            }
            if (!access.devargs.empty() && access.device_name().empty()) {
                diagnostics_.error(reader.pointer_to("devargs"),
                                   "\"" + access.devargs + "\" names no device: the device name before the first "
                                                            "',' is empty");
            }
            if (access.devargs.empty() == access.ring.empty()) {
                diagnostics_.error(reader.pointer(),
                                   "give exactly one of \"devargs\" (a vdev string or PCI address) and "
                                   "\"ring\" (an in-process ring port name)");
            }
            reader.reject_unknown_members();
            tp.dpdk = std::move(access);
        }
        if (const auto* pair_with = attr.optional("pair-with", JsonKind::object)) {
            ObjectReader reader{*pair_with, attr.pointer_to("pair-with"), diagnostics_};
            auto node = reader.required_string("node");
            auto peer_tp = reader.required_string("tp");
            reader.reject_unknown_members();
            if (node && peer_tp) {
                tp.pair_with = TpRef{std::move(*node), std::move(*peer_tp)};
            }
        }
        if (auto control = attr.optional_string("control")) {
            if (*control == "kernel" && tp.kernel) {
                tp.control = ControlPath::kernel;
            } else if (*control == "dpdk" && tp.dpdk) {
                tp.control = ControlPath::dpdk;
            } else {
                diagnostics_.error(attr.pointer_to("control"),
                                   "\"" + *control + "\" must name a path the termination point has: \"kernel\" " +
                                       "(with attr.kernel) or \"dpdk\" (with attr.dpdk)");
            }
        }
        if (const auto* vlan = attr.optional("vlan", JsonKind::integer)) {
            const double value = vlan->get<double>();
            if (value < 1 || value > max_vlan_id) {
                diagnostics_.error(attr.pointer_to("vlan"), "VLAN id must be 1..4094, found " + vlan->dump());
            } else {
                tp.vlan = static_cast<unsigned>(value);
            }
        }
        // Everything else in attr is the user's own data, carried into the result as written.
    }

    void read_link(const nlohmann::json& json, const std::string& pointer, Model& model)
    {
        ObjectReader reader{json, pointer, diagnostics_};
        if (!reader.is_object()) {
            return;
        }
        Link link;
        link.pointer = pointer;
        link.id = read_id(reader, "link-id");
        reader.optional("attr", JsonKind::object);
        if (const auto* source = reader.required("source", JsonKind::object)) {
            link.source = read_end(*source, reader.pointer_to("source"), "source");
        }
        if (const auto* destination = reader.required("destination", JsonKind::object)) {
            link.destination = read_end(*destination, reader.pointer_to("destination"), "destination");
        }
        reader.reject_unknown_members();
        model.links.push_back(std::move(link));
    }

    TpRef read_end(const nlohmann::json& json, const std::string& pointer, const std::string& role)
    {
        ObjectReader reader{json, pointer, diagnostics_};
        TpRef end;
        end.node = reader.required_string(role + "-node").value_or("");
        end.tp = reader.required_string(role + "-tp").value_or("");
        reader.reject_unknown_members();
        return end;
    }

    std::string read_id(ObjectReader& reader, std::string_view key)
    {
        auto id = reader.required_string(key);
        if (id && id->empty()) {
            diagnostics_.error(reader.pointer_to(key), "must not be empty");
        }
        return id.value_or("");
    }

    /// The kernel's dev_valid_name(): shorter than IFNAMSIZ (16), not "." or "..",
    /// no '/', ':' or whitespace.
    static std::optional<std::string> invalid_ifname(const std::string& name)
    {
        if (name.empty() || name.size() > 15) {
            return "\"" + name + "\" is not an interface name (1 to 15 characters)";
        }
        if (name == "." || name == "..") {
            return "\"" + name + "\" is not an interface name";
        }
        for (unsigned char c : name) {
            if (c == '/' || c == ':' || c <= ' ' || c == 0x7f) {
                return "\"" + name + "\" is not an interface name (no '/', ':' or whitespace)";
            }
        }
        return std::nullopt;
    }

    Diagnostics& diagnostics_;
};

/// Gives each termination point with attr.kernel its PF: the one
/// termination point with attr.kernel of its node's parent (a VF's PF,
/// through which its "vf" settings go and which may make it). A "vf"
/// without such a PF is an error.
void find_pfs(Model& model, Diagnostics& diagnostics)
{
    for (auto& node : model.nodes) {
        const Node* parent = node.parent ? model.find_node(*node.parent) : nullptr;
        std::vector<const TerminationPoint*> pfs;
        if (parent != nullptr) {
            for (const auto& candidate : parent->termination_points) {
                if (candidate.kernel) {
                    pfs.push_back(&candidate);
                }
            }
        }
        for (auto& tp : node.termination_points) {
            if (tp.kernel && pfs.size() == 1 && pfs.front()->kernel->netns == tp.kernel->netns) {
                tp.pf = pfs.front()->kernel;
            }
            const bool sets_vf = tp.start_up.vf || std::any_of(tp.run_time.begin(), tp.run_time.end(),
                                                               [](const auto& entry) { return entry.vf.has_value(); });
            if (!sets_vf || tp.pf) {
                continue;
            }
            if (!tp.kernel) {
                diagnostics.error(tp.pointer, "\"vf\" needs the VF's kernel interface (attr.kernel): hammer finds "
                                              "its number among the PF's virtfn*/net/");
            } else if (pfs.size() != 1) {
                diagnostics.error(tp.pointer, "\"vf\" is set through the PF: node " + in_quotes(node.id) +
                                                  " needs a parent node with one termination point with attr.kernel");
            } else {
                diagnostics.error(tp.pointer, "\"vf\": the PF " + pfs.front()->kernel->ifname +
                                                  " is in another network namespace than the VF");
            }
        }
    }
}

} // namespace

Model load_topology(const nlohmann::json& document, const std::string& file)
{
    Diagnostics diagnostics{file};
    Model model;
    model.file = file;
    model.document = expand_references(document, diagnostics);
    StructureReader{diagnostics}.read_document(model.document, model);
    model.index_nodes();
    // Over whatever structure could be read, so that one pass reports every
    // problem: the checks pass over values the structure check reported
    // (an empty or missing id), rather than name them a second time.
    check_cross_references(model, diagnostics);
    find_pfs(model, diagnostics);
    diagnostics.throw_if_any();
    return model;
}

Model load_topology(const std::filesystem::path& path)
{
    return load_topology(read_json_file(path), path.string());
}

} // namespace hammer::topology
