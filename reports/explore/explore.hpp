// `gorace explore`: runs the program under many seeds, J at a time, and
// summarises the races they exposed, the runs that hung and the runs that
// crashed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli.hpp"

namespace gorace::explore {

/// How one seed's run ended.
struct RunResult {
  uint64_t seed = 0;
  std::string dir;          ///< its folder: stdout, stderr, JSON Lines log
  bool timed_out = false;   ///< killed at the timeout
  int signal = 0;           ///< killed by this signal (0: exited)
  int exit_status = 0;      ///< when it exited
  bool found_race = false;  ///< its race log exists
};

/// Thrown by run_seeds on SIGINT or SIGTERM, once every child was killed.
struct Interrupted {};

/// How PCT's calibration run ended.
struct Calibration {
  std::optional<uint64_t> steps;  ///< its step count (at least 1), when it wrote one
  std::string failure;            ///< otherwise why not ("timed out after 30s", ...)
};

/// PCT's calibration run: the program once under seed 0 with depth 1 (no
/// change point), counting its steps (GORACE_SCHED steps_out); output and
/// logs in `dir` (emptied first); killed at options.timeout_s. Deterministic,
/// so explore and replay measure the same count. Throws Interrupted on
/// SIGINT or SIGTERM, once the child was killed.
Calibration calibrate_pct_steps(const Options& options, const std::string& dir);

/// Runs seeds 1..options.runs; returns the results in seed order (with
/// --until-first, only the seeds that were started). Prints nothing.
std::vector<RunResult> run_seeds(const Options& options);

/// Prints the summary of `results` on stdout and writes the merged HTML
/// report; returns the exit status (0 no race, 66 races).
int summarise(const Options& options, const std::vector<RunResult>& results);

/// The shell command that replays `seed` (shown in the summary).
std::string replay_command(const Options& options, uint64_t seed);

}  // namespace gorace::explore
