#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace hammer::output {

/// The folder of a run's CSIT-model documents, beside result.json.
inline constexpr std::string_view csit_directory_name = "csit";

/// The version of FD.io CSIT's test case model the documents follow
/// (resources/model_schema/test_case.schema.yaml in FDio/csit, whose
/// `version` must be exactly this).
inline constexpr std::string_view csit_model_version = "1.5.1";

/// One CSIT-model document and the name of its file in the csit folder.
struct CsitDocument {
    std::string file_name; ///< "<pair-id>.<operation-id>.<type>.<n>.json", n counted from 1
    nlohmann::json document;
};

/// The run's results that CSIT has a result type for, each as a document of
/// CSIT's test case model (docs/results.md, "CSIT-model documents"): every
/// throughput_search result as `ndrpdr`, every mrr result as `mrr`, every
/// outage of a control change under traffic as `reconf`; a search the run
/// died in, without bounds, gives none. In the order of the pairs, then of
/// the result. Throws nlohmann::json::exception when `uti` lacks a member
/// every result has.
[[nodiscard]] std::vector<CsitDocument> render_csit(const nlohmann::json& uti);

/// Writes render_csit's documents into run_directory/csit (made when
/// missing), each file atomically. Throws std::system_error naming the path
/// that failed.
void write_csit(const std::filesystem::path& run_directory, const nlohmann::json& uti);

} // namespace hammer::output
