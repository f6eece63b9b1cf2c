// The GORACE environment variable: space-separated key=value options, as
// Go's race detector reads them, plus gorace's own (report_dir, reports,
// suppressions, seed, strategy, pct_depth).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace gor::detail::race {

struct Options {
  std::string log_path;           ///< "" = stderr; "stdout"/"stderr"; else <path>.<pid>
  int exitcode = 66;              ///< exit status when races were found
  bool halt_on_error = false;     ///< exit after the first report
  std::string strip_path_prefix;  ///< removed from file paths in reports
  int history_size = 0;  ///< 0..7: 8 << n sync events, 32K << n stack changes kept per goroutine
  bool suppress_equal_stacks = true;
  std::string suppressions;                   ///< path of a TSan-format suppressions file
  std::string report_dir = "gorace-reports";  ///< "" disables the JSON/HTML log
  bool reports = true;                        ///< reports=0 disables the JSON/HTML log
  std::optional<uint64_t> seed;               ///< deterministic scheduling seed
  std::string strategy = "random";            ///< deterministic scheduling: random or pct
  int pct_depth = 3;                          ///< PCT bug depth
  bool schedule_given = false;                ///< strategy or pct_depth was set
};

/// Parses `text` (GORACE's value). On an unknown key or malformed value
/// returns false and sets `error` to a message naming it.
bool parse_options(const char* text, Options& out, std::string& error);

}  // namespace gor::detail::race
