// gorace-report's command line: `gorace-report <html|sarif|text> [options] LOG...`.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace gorace::report::tool {

/// A bad command line; what() names the offending subcommand, flag or value.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The parsed command line.
struct Options {
  std::string command;            ///< "html", "sarif" or "text"
  std::vector<std::string> logs;  ///< at least one
  std::string output;             ///< -o; required for html and sarif, "-" = stdout
  std::string strip_path_prefix;  ///< --strip-path-prefix
  std::string source_root;        ///< --source-root (default: current directory)
  std::string title;              ///< --title (html)
  bool quiet = false;             ///< -q: no per-line warnings
  bool progress = false;  ///< --progress: report progress from the start, not only after 1 s
  bool help = false;      ///< -h/--help: print usage and exit 0
  bool version = false;   ///< --version: print the version and exit 0
};

/// The usage text.
const char* usage();
/// The version line ("gorace-report 0.1.0").
const char* version();

/// Parses argv[1..]. Throws UsageError.
Options parse_options(const std::vector<std::string>& args);

}  // namespace gorace::report::tool
