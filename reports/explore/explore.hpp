// `gorace explore`: runs the program under many seeds, J at a time, and
// summarises the races they exposed, the runs that hung and the runs that
// crashed.
#pragma once

#include <cstdint>
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

/// Runs seeds 1..options.runs; returns the results in seed order (with
/// --until-first, only the seeds that were started). Prints nothing.
std::vector<RunResult> run_seeds(const Options& options);

/// Prints the summary of `results` on stdout and writes the merged HTML
/// report; returns the exit status (0 no race, 66 races).
int summarise(const Options& options, const std::vector<RunResult>& results);

/// The shell command that replays `seed` (shown in the summary).
std::string replay_command(const Options& options, uint64_t seed);

}  // namespace gorace::explore
