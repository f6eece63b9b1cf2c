// A report: the runs and unique races of one or many logs, the input of the
// HTML and SARIF views. Races are deduplicated by fingerprint() and counted.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "gorace/report/race.hpp"

namespace gorace::report {

/// One unique race of a report.
struct ReportRace {
  Race race;                 ///< the first occurrence seen; race.count = total
  std::string fingerprint;   ///< fingerprint(race)
  std::vector<size_t> runs;  ///< indices into Report::runs that saw it, ascending, no duplicates
};

/// Runs and their unique races, in first-seen order.
struct Report {
  std::vector<RunInfo> runs;
  std::vector<ReportRace> races;

  /// Sum of the counts of all races (every occurrence).
  uint64_t total_occurrences() const;
};

/// Builds a Report from runs and races, merging races by fingerprint.
class ReportBuilder {
 public:
  /// Adds a run; returns its index for add_race().
  size_t add_run(RunInfo run);
  /// Whether a run with `run`'s identity (program, pid, start time and
  /// seed; never a run whose pid and seed are unknown) was added: the same
  /// log read twice, or a copy of it.
  bool has_run(const RunInfo& run) const;
  /// Adds `race` (race.count occurrences) seen by run `run_index`; returns
  /// true if its fingerprint is new.
  bool add_race(size_t run_index, const Race& race);
  /// Adds `occurrences` of a race whose fingerprint is already known (must
  /// equal fingerprint(race)); the race is copied only when new.
  bool add_race(size_t run_index, const Race& race, const std::string& fp, uint64_t occurrences);
  /// The report so far.
  const Report& report() const { return report_; }
  /// Moves the report out; the builder is empty afterwards.
  Report take();

 private:
  Report report_;
  std::unordered_map<std::string, size_t>
      by_fingerprint_;  ///< fingerprint -> index in report_.races
};

}  // namespace gorace::report
