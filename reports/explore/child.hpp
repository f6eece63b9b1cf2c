// Running the program under test: one child process per run, in its own
// process group (so a timeout kills everything it started), with address
// space randomisation off (so a seed's run prints the same addresses every
// time), GORACE set, and its output captured in files.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "cli.hpp"

namespace gorace::explore {

/// GORACE for a deterministic run: `inherited` (the caller's GORACE) without
/// the keys this run sets, then seed, strategy, pct_depth and, when
/// `report_dir` is not empty, report_dir.
std::string gorace_env(const std::string& inherited, uint64_t seed, const std::string& strategy,
                       int pct_depth, const std::string& report_dir);

/// GORACE_SCHED for a deterministic run of `schedule` (sched/strategy.hpp in
/// the runtime): "pct_steps=K" for PCT with a known k, else empty (unset).
std::string sched_env(const Schedule& schedule);

/// Whether `program` can be executed (a path, or a name found on PATH): then
/// sets `path` to the file that runs; otherwise sets `why`.
bool can_execute(const std::string& program, std::string& path, std::string& why);
/// Whether the executable file at `path` contains the gorace runtime (its
/// GORACE_SCHED key, which survives stripping) or is a script (`#!`, which
/// may run one). A file that cannot be read counts as containing it.
bool may_run_gorace(const std::string& path);

/// Forks and executes `argv` with GORACE=`gorace` and GORACE_SCHED=`sched`
/// (unset when empty), stdout and stderr redirected to the given files, in a
/// new process group whose id is the returned pid. A failed exec exits 127
/// after printing why on its stderr.
pid_t start_child(const std::vector<std::string>& argv, const std::string& gorace,
                  const std::string& sched, const std::string& stdout_path,
                  const std::string& stderr_path);

/// Replaces this process with `argv` (GORACE=`gorace`, GORACE_SCHED=`sched`
/// or unset, ASLR off). Returns only on failure, with errno set.
void exec_replacing(const std::vector<std::string>& argv, const std::string& gorace,
                    const std::string& sched);

/// "SIGSEGV" for SIGSEGV, else "signal N".
std::string signal_name(int sig);

}  // namespace gorace::explore
