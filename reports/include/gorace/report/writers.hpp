// The views of the race model used while a program runs: Go-format text for
// stderr, the stable fingerprint used for deduplication, and RunLog, which
// keeps a run's unique races and writes its JSON Lines log and HTML report.
#pragma once

#include <cstddef>
#include <string>

#include "gorace/report/race.hpp"

namespace gorace::report {

/// How text reports are shaped.
struct TextOptions {
  std::string strip_path_prefix;  ///< removed from the start of file paths
};

/// One race in Go's -race format, from the opening "==================" line
/// to the closing one (inclusive, newline-terminated), plus what TSan users
/// expect: access size, atomic or not, and the location.
std::string format_text(const Race& race, const TextOptions& options);

/// A stable fingerprint of the race: a hex digest of the pair of stack
/// signatures (function, file and line of each frame; no addresses, no
/// goroutine ids), order-independent in the two accesses.
std::string fingerprint(const Race& race);

/// A run's race log. Races with the same fingerprint are stored once, with a
/// count. Thread-safe.
class RunLog {
 public:
  /// `dir` is created on first write if missing.
  RunLog(RunInfo run, std::string dir);
  ~RunLog();
  RunLog(const RunLog&) = delete;
  RunLog& operator=(const RunLog&) = delete;

  /// Adds one occurrence of `race`; returns true if its fingerprint is new.
  /// A new race is also appended at once to the JSON Lines log (created,
  /// with the run's line, at the first race), so a run that never reaches
  /// finish() (a crash, a signal) keeps its races there.
  bool record(const Race& race);

  /// Writes `<dir>/<program>-<pid>.jsonl` (`<program>-seed<N>.jsonl` for a
  /// deterministic run) and `.html` (each to a temporary
  /// name, then renamed). Returns the HTML path, or "" when no race was
  /// recorded (nothing written) or writing failed (the reason is printed on
  /// stderr). May be called again after more records.
  std::string finish();

  /// Paths are shown without this prefix in the HTML report (GORACE
  /// strip_path_prefix). Call before finish().
  void set_strip_path_prefix(std::string prefix);

  /// Number of unique races recorded so far.
  size_t unique_races() const;

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace gorace::report
