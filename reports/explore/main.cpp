// gorace: explore a program's schedules under many seeds, and replay one.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>

#include "child.hpp"
#include "cli.hpp"
#include "explore.hpp"

namespace {

using namespace gorace::explore;

int replay(const Options& o) {
  const char* inherited = std::getenv("GORACE");
  std::string gorace = gorace_env(inherited != nullptr ? inherited : "", o.seed,
                                  o.schedule.strategy, o.schedule.pct_depth, o.replay_report_dir);
  exec_replacing(o.program, gorace);
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
  if (o.command == "replay") return replay(o);
  try {
    std::vector<RunResult> results = run_seeds(o);
    return summarise(o, results);
  } catch (const Interrupted&) {
    std::fprintf(stderr, "gorace explore: interrupted; the running seeds were killed\n");
    return 130;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gorace explore: %s\n", e.what());
    return 1;
  }
}
