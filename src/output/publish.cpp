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

void store_run(const nlohmann::json& uti, const store::StoreLocation& location)
{
    const auto record = store::record_of(uti);
    const auto result_store = store::open_store(location, store::Access::read_write);
    const auto latest = result_store->latest_hash();
    if (result_store->insert(record) == store::Insertion::already_stored) {
        spdlog::info("{}: run {} is stored already, unchanged", location.name, record.run.run_id);
        return;
    }
    if (latest != record.run.previous_hash) {
        // Another run was stored while this one ran: the history branches here.
        spdlog::info("{}: run {} follows a run stored before the newest one; `hammer history` shows the branch",
                     location.name, record.run.run_id);
    }
    spdlog::info("{}: stored run {}", location.name, record.run.run_id);
}

} // namespace

bool publish_result(const std::filesystem::path& run_directory, const nlohmann::json& uti,
                    const PublishOptions& options)
{
    record::write_result(run_directory, uti);
    bool complete = true;
    if (options.junit) {
        complete &= attempt(junit_file_name, [&] { write_file_atomically(run_directory / junit_file_name,
                                                                           render_junit(uti)); });
    }
    complete &= attempt("the CSIT-model documents", [&] { write_csit(run_directory, uti); });
    complete &= attempt(report::report_file_name, [&] { report::write_report(run_directory, uti); });
    complete &= attempt("the store's record of the run", [&] { store_run(uti, options.store); });
    return complete;
}

} // namespace hammer::output
