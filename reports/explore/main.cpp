// gorace: explore a program's schedules under many seeds, and replay one.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>

#include "child.hpp"
#include "cli.hpp"
#include "explore.hpp"

namespace {

using namespace gorace::explore;

// Replay of a PCT seed without --pct-steps: the run length that seed had
// under explore (seed 1: none; a later seed: seed 1's step count).
int calibrate_for_replay(Options& o) {
  if (o.seed == 1) {
    o.schedule.pct_steps = 0;
    return 0;
  }
  char dir[] = "/tmp/gorace-calibration-XXXXXX";
  if (mkdtemp(dir) == nullptr) {
    std::fprintf(stderr, "gorace replay: cannot make a folder for seed 1's run: %s\n",
                 std::strerror(errno));
    return 1;
  }
  Calibration c = calibrate_pct_steps(o, dir);
  o.schedule.pct_steps = c.steps.value_or(0);
  if (c.steps) {
    std::filesystem::remove_all(dir);
  } else {
    std::fprintf(stderr,
                 "gorace replay: seed 1's run, which counts PCT's run length, %s; seed %llu "
                 "draws k (pct_steps 0); seed 1's output is in %s\n",
                 c.failure.c_str(), static_cast<unsigned long long>(o.seed), dir);
  }
  return 0;
}

int replay(Options o) {
  if (o.schedule.strategy == "pct" && !o.schedule.pct_steps) {
    if (int status = calibrate_for_replay(o); status != 0) return status;
  }
  const char* inherited = std::getenv("GORACE");
  std::string gorace = gorace_env(inherited != nullptr ? inherited : "", o.seed,
                                  o.schedule.strategy, o.schedule.pct_depth, o.replay_report_dir);
  exec_replacing(o.program, gorace, sched_env(o.schedule));
  std::fprintf(stderr, "gorace replay: cannot run '%s': %s\n", o.program[0].c_str(),
               std::strerror(errno));
  return 127;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  Options o;
  try {
    o = parse_command_line(args);
  } catch (const UsageError& e) {
    std::fprintf(stderr, "gorace: %s\n%s", e.what(), usage());
    return 2;
  }
  if (o.command == "help") {
    std::fputs(usage(), stdout);
    return 0;
  }
  if (o.command == "version") {
    std::puts("gorace " GORACE_VERSION);
    return 0;
  }
  std::string why;
  std::string path;
  if (!can_execute(o.program[0], path, why)) {
    std::fprintf(stderr, "gorace %s: %s\n", o.command.c_str(), why.c_str());
    return 2;
  }
  if (!may_run_gorace(path)) {
    std::fprintf(stderr,
                 "gorace %s: warning: '%s' does not contain the gorace runtime: it is not built "
                 "with race detection, and its runs find no race\n",
                 o.command.c_str(), path.c_str());
  }
  try {
    if (o.command == "replay") return replay(o);
    claim_report_dir(o.report_dir);
    Calibration calibration;
    std::vector<RunResult> results = run_seeds(o, calibration);
    return summarise(o, results, calibration);
  } catch (const Interrupted&) {
    std::fprintf(stderr, "gorace %s: interrupted; the running seeds were killed\n",
                 o.command.c_str());
    return 130;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gorace %s: %s\n", o.command.c_str(), e.what());
    return 1;
  }
}
