#include "src/output/publish.hpp"

#include "src/common/atomic_file.hpp"
#include "src/output/csit.hpp"
#include "src/output/junit.hpp"
#include "src/record/uti.hpp"
#include "src/report/report.hpp"
#include "src/store/run_record.hpp"

#include <spdlog/spdlog.h>

#include <exception>

namespace hammer::output {
namespace {

/// Runs one output's writer; a failure is logged, not thrown, so the outputs
/// after it are still written.
template <typename Write>
bool attempt(std::string_view what, Write write)
{
    try {
        write();
        return true;
    } catch (const std::exception& error) {
        spdlog::error("{} was not written: {}", what, error.what());
        return false;
    }
}

/// Stores the run, chained to the run stored last; the document as the store
/// holds it, whose previous_hash and hash differ from `uti`'s when other runs
/// were stored while this one ran.
nlohmann::json store_run(const nlohmann::json& uti, const store::StoreLocation& location)
{
    auto stored = store::open_store(location, store::Access::read_write)->append(uti);
    const auto run_id = store::record_of(stored.document).run.run_id;
    if (stored.insertion == store::Insertion::already_stored) {
        spdlog::info("{}: run {} is stored already, unchanged", location.name, run_id);
    } else {
        spdlog::info("{}: stored run {}", location.name, run_id);
    }
    return std::move(stored.document);
}

} // namespace

bool publish_result(const std::filesystem::path& run_directory, const nlohmann::json& uti,
                    const PublishOptions& options)
{
    record::write_result(run_directory, uti);
    // The store gives the run its place in the chain: result.json, junit.xml
    // and report.html then carry the hashes the store holds.
    nlohmann::json document = uti;
    bool complete = attempt("the store's record of the run", [&] { document = store_run(uti, options.store); });
    if (document != uti) {
        record::write_result(run_directory, document);
    }
    if (options.junit) {
        complete &= attempt(junit_file_name, [&] { write_file_atomically(run_directory / junit_file_name,
                                                                           render_junit(document)); });
    }
    complete &= attempt("the CSIT-model documents", [&] { write_csit(run_directory, document); });
    complete &= attempt(report::report_file_name, [&] { report::write_report(run_directory, document); });
    return complete;
}

} // namespace hammer::output
