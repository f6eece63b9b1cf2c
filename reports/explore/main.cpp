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
#include "gorace/report/atomic_file.hpp"

namespace {

using namespace gorace::explore;

// PCT without --pct-steps: measures the run length with the calibration run
// (in `dir`), as explore does before its seeds.
void calibrate(Options& o, const std::string& dir) {
  if (o.schedule.strategy != "pct" || o.schedule.pct_steps) return;
  Calibration c = calibrate_pct_steps(o, dir);
  o.schedule.pct_steps = c.steps.value_or(0);
  if (!c.steps) {
    std::fprintf(stderr,
                 "gorace %s: the calibration run (seed 0, pct_depth 1) %s; each seed draws "
                 "PCT's run length (pct_steps 0); its output is in %s\n",
                 o.command.c_str(), c.failure.c_str(), dir.c_str());
  }
}

int replay(Options o) {
  if (o.schedule.strategy == "pct" && !o.schedule.pct_steps) {
    char tmpl[] = "/tmp/gorace-calibration-XXXXXX";
    if (mkdtemp(tmpl) == nullptr) {
      std::fprintf(stderr, "gorace replay: cannot make a folder for the calibration run: %s\n",
                   std::strerror(errno));
      return 1;
    }
    calibrate(o, tmpl);
    if (o.schedule.pct_steps != 0u) std::filesystem::remove_all(tmpl);
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
  std::string why;
  if (!can_execute(o.program[0], why)) {
    std::fprintf(stderr, "gorace %s: %s\n", o.command.c_str(), why.c_str());
    return 2;
  }
  try {
    if (o.command == "replay") return replay(o);
    gorace::report::ensure_directory(o.report_dir);
    calibrate(o,
              std::filesystem::absolute(o.report_dir).lexically_normal().string() + "/calibration");
    std::vector<RunResult> results = run_seeds(o);
    return summarise(o, results);
  } catch (const Interrupted&) {
    std::fprintf(stderr, "gorace %s: interrupted; the running seeds were killed\n",
                 o.command.c_str());
    return 130;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gorace %s: %s\n", o.command.c_str(), e.what());
    return 1;
  }
}
