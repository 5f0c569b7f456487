#include "src/run/journal_restore.hpp"

#include <set>
#include <string>
#include <tuple>

namespace hammer::run {
namespace {

using operations::Verdict;
using Key = std::tuple<std::string, std::string, std::string>; // node, tp, backend

Key key_of(const nlohmann::json& event)
{
    return {event.at("node-id").get<std::string>(), event.at("tp-id").get<std::string>(),
            event.at("backend").get<std::string>()};
}

Verdict restore_one(const nlohmann::json& snapshot, const topology::Model& model, const Toolkit& toolkit)
{
    const auto [node_id, tp_id, backend_name] = key_of(snapshot);
    const auto* tp = model.find_tp({node_id, tp_id});
    if (tp == nullptr) {
        return Verdict::error("the run's topology has no " + node_id + "/" + tp_id);
    }
    auto* backend = toolkit.find_backend(backend_name);
    if (backend == nullptr) {
        return Verdict::error("this build has no \"" + backend_name + "\" backend to restore " + node_id + "/" +
                              tp_id);
    }
    return operations::guarded([&] { return backend->restore({node_id, *tp}, snapshot.at("state")); });
}

} // namespace

std::size_t restore_from_journal(const record::Journal& journal, const topology::Model& model,
                                 const Toolkit& toolkit, record::Recorder& recorder)
{
    std::set<Key> restored;
    for (const auto& event : journal.events) {
        // SKIP: the backend left it alone on purpose (the default-route interface).
        if (event.at("event") == "restore" && (event.at("outcome") == "PASS" || event.at("outcome") == "SKIP")) {
            restored.insert(key_of(event));
        }
    }
    std::size_t failed = 0;
    // Last snapshot first, as the run itself restores.
    for (auto event = journal.events.rbegin(); event != journal.events.rend(); ++event) {
        if (event->at("event") != "snapshot" || restored.contains(key_of(*event))) {
            continue;
        }
        const auto verdict = restore_one(*event, model, toolkit);
        const auto [node_id, tp_id, backend_name] = key_of(*event);
        recorder.restore({node_id, tp_id}, backend_name, verdict);
        failed += verdict.passed() || verdict.outcome == operations::Outcome::skip ? 0 : 1;
    }
    recorder.restore_complete(failed);
    return failed;
}

} // namespace hammer::run
