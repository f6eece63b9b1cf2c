// The SARIF 2.1.0 view (for GitHub code scanning and other SARIF viewers):
// one result per unique race.
#pragma once

#include <string>

#include "gorace/report/json.hpp"
#include "gorace/report/report.hpp"

namespace gorace::report {

/// How SARIF is written.
struct SarifOptions {
  /// Absolute directory that relative URIs are relative to (the "SRCROOT"
  /// uriBaseId); paths under it become relative. "" = absolute file: URIs.
  std::string source_root;
  std::string strip_path_prefix;  ///< removed first; what remains, if relative, is under SRCROOT
  std::string tool_version;       ///< "": this build's version (the project's)
};

/// The SARIF log: runs[0] with tool.driver (name "gorace", version, the
/// "data-race" rule) and one result per race with ruleId, message,
/// locations (the current access), relatedLocations (the previous access),
/// codeFlows[0].threadFlows (one per goroutine) and partialFingerprints.
json::Value to_sarif(const Report& report, const SarifOptions& options);

}  // namespace gorace::report
