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
  uint64_t pct_steps = 0;   ///< PCT: the run length k it ran with (0: drawn by the seed)
};

/// Thrown by run_seeds on SIGINT or SIGTERM, once every child was killed.
struct Interrupted {};

/// How PCT's calibration (seed 1's run) ended.
struct Calibration {
  std::optional<uint64_t> steps;  ///< its step count (at least 1), when it wrote one
  std::string failure;            ///< otherwise why not ("timed out after 30s", ...)
};

/// PCT without a given run length (--pct-steps): seed 1 runs with k unknown
/// (drawn by the seed) and counts its steps (GORACE_SCHED steps_out); every
/// later seed draws its change points over that count. This runs seed 1 so,
/// output and logs in `dir` (emptied first), killed at options.timeout_s, and
/// returns its count: what replay needs for a seed above 1. Deterministic, so
/// explore and replay get the same count. Throws Interrupted on SIGINT or
/// SIGTERM, once the child was killed.
Calibration calibrate_pct_steps(const Options& options, const std::string& dir);

/// Runs seeds 1..options.runs; returns the results in seed order (with
/// --until-first, only the seeds that were started). Prints nothing. PCT
/// without a given run length: seed 1 runs first, alone, and its step count
/// is every later seed's k (see calibrate_pct_steps; 0 when it wrote none),
/// reported in `calibration` (left alone otherwise).
std::vector<RunResult> run_seeds(const Options& options, Calibration& calibration);

/// Makes `dir` (explore's --report-dir) this process's until it exits: an
/// advisory lock on `dir`/.lock, so that two explores sharing a folder do
/// not read each other's runs. Throws std::runtime_error naming the folder
/// when another explore holds it.
void claim_report_dir(const std::string& dir);

/// Prints the summary of `results` on stdout and writes the merged HTML
/// report; returns the exit status (0 no race, 66 races). `calibration`: as
/// run_seeds left it.
int summarise(const Options& options, const std::vector<RunResult>& results,
              const Calibration& calibration);

/// The shell command that replays `run` (shown in the summary).
std::string replay_command(const Options& options, const RunResult& run);

}  // namespace gorace::explore
