#pragma once

#include "src/store/result_store.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace hammer::store {

/// How a run's previous_hash ties it to the runs stored before it.
enum class Link {
    first,     ///< previous_hash "" and nothing stored before it
    follows,   ///< the hash of the run stored just before it: the usual chain
    branches,  ///< the hash of an older run, or "" after other runs: it started before the runs between had been stored
    dangling,  ///< the hash of no run stored before it: a run was removed or changed
};

/// What `previous_hash` of each run in `runs` (by position) links to; for
/// `branches`, `from` is the position of the run it names (0 for "").
struct ChainLink {
    Link link = Link::first;
    std::int64_t from = 0;
};

[[nodiscard]] std::vector<ChainLink> chain_links(const std::vector<RunRow>& runs);

/// One thing wrong with one stored run.
struct Problem {
    std::int64_t position = 0;
    std::string run_id;
    std::string what;
};

/// Checks every run of the store (docs/results.md, "hammer history --verify"):
/// positions 1, 2, … without a gap; the stored document hashes
/// (record::document_hash) to the hash in the document and in the row; the
/// row, steps and counters are exactly what record_of derives from the
/// document; previous_hash names a run stored before it (or is "").
/// Returns every problem found, none when the history is intact. Throws
/// StoreError when the store cannot be read.
[[nodiscard]] std::vector<Problem> verify_store(ResultStore& store);

} // namespace hammer::store
