// The `gorace` command line: `gorace explore [flags] -- PROG ARGS...` and
// `gorace replay --seed N [flags] -- PROG ARGS...`.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace gorace::explore {

/// A bad command line; what() names the bad subcommand, flag or value.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// How deterministic runs are scheduled (GORACE's strategy and pct_depth,
/// GORACE_SCHED's pct_steps).
struct Schedule {
  std::string strategy = "pct";  ///< "random" or "pct"
  int pct_depth = 3;             ///< PCT bug depth, 1..1000
  /// PCT: the run length k over which change points are drawn. Unset: seed
  /// 1's step count (calibrate_pct_steps); 0: unknown, each seed draws k.
  std::optional<uint64_t> pct_steps;
};

/// The parsed command line.
struct Options {
  std::string command;  ///< "explore", "replay" or "help"
  Schedule schedule;
  // explore
  uint64_t runs = 20;                         ///< seeds 1..runs
  int jobs = 2;                               ///< runs at a time
  double timeout_s = 30;                      ///< per run; a run still going is killed
                                              ///< (replay: the limit of seed 1's run)
  bool until_first = false;                   ///< stop starting runs once a race was found
  std::string report_dir = "gorace-explore";  ///< per-seed folders and report.html
  // replay
  uint64_t seed = 0;
  bool seed_set = false;
  std::string replay_report_dir;  ///< replay: GORACE report_dir (empty: keep GORACE's)
  /// The program and its arguments (non-empty).
  std::vector<std::string> program;
};

/// The usage text.
const char* usage();

/// Parses argv[1..]. Throws UsageError.
Options parse_command_line(const std::vector<std::string>& args);

}  // namespace gorace::explore
