#pragma once

#include "src/record/journal_reader.hpp"
#include "src/record/recorder.hpp"
#include "src/run/toolkit.hpp"
#include "src/topology/model.hpp"

#include <cstddef>

namespace hammer::run {

/// `hammer restore` after a crash: puts back every snapshot of the journal
/// that was not restored yet, through the backend that took it, journals each
/// attempt, then "restore-complete". Returns how many failed (a backend this
/// build lacks, an endpoint the topology no longer names, a refused restore).
std::size_t restore_from_journal(const record::Journal& journal, const topology::Model& model,
                                 const Toolkit& toolkit, record::Recorder& recorder);

} // namespace hammer::run
