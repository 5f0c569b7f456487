#pragma once

#include "src/operations/outcome.hpp"
#include "src/topology/pairing.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <stop_token>
#include <string>

namespace hammer::run {
class Clock;
}
namespace hammer::record {
class Recorder;
}

namespace hammer::operations {

/// What an operation is given for one slot on one pair.
struct OperationContext {
    const topology::Pair& pair;
    std::string_view operation_id; ///< the entry of the operation map ("mtu_change", "mtu_change#2")
    const nlohmann::json& params;  ///< every parameter of the entry, defaults filled in
    unsigned loop = 0;
    std::uint64_t seed = 0; ///< differs per pair, entry and loop; the same for the same run seed
    run::Clock& clock;
    record::Recorder& recorder; ///< command history, node states and counters go here
};

/// One operation on one pair for one slot. The runner calls setup, then run
/// until the slot's deadline, then verify, and always reset once setup was
/// called, whatever happened: the seed document's setup / run / verify, with
/// the restore that kernel selftests defer. An ERROR from setup makes the
/// runner re-initialise the pair's endpoints and try setup again.
class Operation {
public:
    Operation() = default;
    Operation(const Operation&) = delete;
    Operation& operator=(const Operation&) = delete;
    virtual ~Operation() = default;

    virtual Verdict setup(OperationContext& context) = 0;

    /// Works the pair until the run clock reaches `deadline` or stop is
    /// requested. Returning earlier is fine when the work is done.
    virtual Verdict run(OperationContext& context, std::chrono::milliseconds deadline, std::stop_token stop) = 0;

    /// Checks what run() left: counters, read-back values.
    virtual Verdict verify(OperationContext& context) = 0;

    /// Undoes what setup and run changed. A failing reset is a FAIL of the step.
    virtual Verdict reset(OperationContext& context) = 0;
};

/// Makes a fresh operation for each slot, so no state leaks from one slot to the next.
using OperationFactory = std::function<std::unique_ptr<Operation>()>;

} // namespace hammer::operations
