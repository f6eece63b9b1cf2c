#include "report_sink.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>

#include "gor/deterministic.hpp"
#include "gorace/report/atomic_file.hpp"
#include "gorace/report/describe.hpp"
#include "gorace/report/replay.hpp"
#include "gorace/report/writers.hpp"
#include "log_file.hpp"
#include "sched/strategy.hpp"
#include "state.hpp"

namespace gor::detail::race {
namespace {

std::atomic<uint64_t> g_reports{0};
std::atomic<bool> g_finished{false};
gorace::report::RunLog* g_run_log = nullptr;  // idem; never destroyed
// report_dir as the user gave it (the HTML path is printed in its terms,
// from the directory the program started in); the RunLog gets it absolute,
// so a chdir during the run does not move the reports. A pointer: a string
// here could be initialised after start_report_sink ran (from an instrumented
// module's constructor) and be destroyed before the exit handler.
const std::string* g_report_dir_shown = nullptr;  // idem; never destroyed
// The process the sinks belong to: a vfork child, which shares their memory
// until it execs or exits, must leave them alone.
pid_t g_sink_pid = 0;

// The running executable's resolved path (what a replay command runs).
std::string program_path() {
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return "program";
  buf[n] = '\0';
  return buf;
}

std::vector<std::string> program_args() {
  std::vector<std::string> args;
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  std::string arg;
  bool first = true;
  while (std::getline(in, arg, '\0')) {
    if (!first) args.push_back(arg);
    first = false;
  }
  return args;
}

std::string rfc3339_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

/// The description of this process's run for its log.
gorace::report::RunInfo describe_run() {
  const Options& o = options();
  gorace::report::RunInfo run;
  run.program = program_path();
  run.args = program_args();
  run.pid = getpid();
  run.start_time = rfc3339_now();
  run.seed = deterministic_seed();
  // The strategy of a deterministic run; otherwise the one GORACE named
  // (which the run did not use), if any.
  run.strategy = run.seed || o.schedule_given ? o.strategy : "";
  if (const char* procs = std::getenv("GOMAXPROCS")) run.gomaxprocs = std::atoi(procs);
  if (run.gomaxprocs <= 0) run.gomaxprocs = static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN));
  if (run.seed) {
    // A deterministic run records its virtual start (the scheduler's
    // clock starts at 2000-01-01) and no pid, so a replay writes the same
    // report byte for byte.
    run.pid = 0;
    run.start_time = "2000-01-01T00:00:00Z";
    if (run.strategy == "pct") {
      run.pct_depth = o.pct_depth;
      // So that the replay command runs this schedule: without
      // --pct-steps, replay would first count the steps and draw others.
      run.pct_steps = static_cast<int64_t>(
          gor::detail::strategy_config_from_env(o.strategy, o.pct_depth).pct_steps);
    }
    run.gomaxprocs = 1;  // a deterministic run has one worker
  }
  return run;
}

/// Prints the summary and writes the log. Returns whether races were found.
/// `in_report`: called from on_race (under the engine's report lock).
bool finish_run(bool in_report = false) {
  if (g_finished.exchange(true)) return g_reports.load() > 0;
  // The count is final once no report is in progress or can start: a
  // goroutine still running while the process exits must not print a race
  // that neither the summary nor the exit status counts.
  if (!in_report) {
    ReentryGuard guard;
    if (Engine* e = g_engine.load(std::memory_order_acquire)) e->close_reports();
  }
  uint64_t n = g_reports.load();
  if (n == 0) return false;
  // halt_on_error exits inside the first report, with no count (as Go).
  std::string found = in_report ? "" : "Found " + std::to_string(n) + " data race(s)\n";
  if (std::optional<uint64_t> seed = deterministic_seed()) {
    // The text report's footer names the seed and how to replay the run.
    const gorace::report::RunInfo run = describe_run();
    gorace::report::Replay replay{*seed, run.strategy, run.pct_depth, run.pct_steps, {run.program}};
    replay.command.insert(replay.command.end(), run.args.begin(), run.args.end());
    found += "gorace: deterministic run: seed " + std::to_string(*seed) + ", strategy " +
             run.strategy + "; replay: " + gorace::report::replay_command(replay) + "\n";
  }
  if (!found.empty()) log_write(found);  // with the reports, as Go's (log_path)
  if (g_run_log != nullptr) {
    std::string html = g_run_log->finish();
    if (!html.empty()) {
      const std::string name = html.substr(html.rfind('/') + 1);
      gorace::report::write_fully(
          2, "gorace: HTML report: " + *g_report_dir_shown + "/" + name + "\n");
    }
  }
  return true;
}

/// on_exit handler: the program's own status decides unless it is 0.
void at_exit(int status, void*) {
  const int with_races = exit_status_after_races(status);
  if (with_races != status) {
    std::fflush(nullptr);
    _exit(with_races);
  }
}

/// A forked child runs without detection: the parent's other threads may
/// have held any of the detector's locks at the fork, and are gone. It must
/// not count the parent's races in its exit status, nor write the parent's
/// log and HTML report.
void after_fork_in_child() {
  g_reports.store(0, std::memory_order_relaxed);
  g_run_log = nullptr;
  stop_detection_in_forked_child();
}

}  // namespace

void start_report_sink() {
  const Options& o = options();
  g_sink_pid = getpid();
  log_configure(o.log_path);
  if (o.reports && !o.report_dir.empty()) {
    g_report_dir_shown = new std::string(o.report_dir);
    std::string dir = o.report_dir;
    if (dir.front() != '/') {
      char cwd[4096];
      if (getcwd(cwd, sizeof cwd) != nullptr) dir = std::string(cwd) + "/" + dir;
    }
    g_run_log = new gorace::report::RunLog(describe_run(), dir);
    g_run_log->set_strip_path_prefix(o.strip_path_prefix);
  }
  pthread_atfork(nullptr, nullptr, after_fork_in_child);
  on_exit(at_exit, nullptr);
}

int exit_status_after_races(int status) {
  if (g_engine.load(std::memory_order_acquire) == nullptr || getpid() != g_sink_pid) return status;
  // A fault while this thread builds a report (its stack overflowed) ends
  // the process as it is: finishing would wait for that report forever.
  if (Engine::reporting_here()) return status;
  if (!finish_run()) return status;
  return status == 0 ? options().exitcode : status;
}

void finish_reports() {
  if (g_engine.load(std::memory_order_acquire) == nullptr || Engine::reporting_here()) return;
  finish_run();
}

uint64_t reports_so_far() {
  return g_reports.load(std::memory_order_relaxed);
}

namespace {

/// `stack`'s program frames (gorace::report::is_program_frame), as a key.
std::string program_frames_key(const gorace::report::Stack& stack) {
  std::string key;
  for (const gorace::report::Frame& f : stack) {
    if (!gorace::report::is_program_frame(f)) continue;
    key += f.function + '\n' + f.file + ':' + std::to_string(f.line) + ':' +
           std::to_string(f.column) + '\n';
  }
  return key;
}

/// Whether a race with the same program frames in both stacks was reported
/// (suppress_equal_stacks): one race on a std::map is found at several
/// accesses inside the library, with as many library stacks, but is one
/// race of the program's lines, as Go reports it once. Called under the
/// engine's report lock.
bool reported_program_stacks(const gorace::report::Race& race) {
  if (!options().suppress_equal_stacks) return false;
  static auto* seen = new std::set<std::pair<std::string, std::string>>();
  std::string current = program_frames_key(race.current.stack);
  std::string previous = program_frames_key(race.previous.stack);
  if (current.empty() || previous.empty()) return false;  // nothing of the program's to compare
  return !seen->emplace(std::move(current), std::move(previous)).second;
}

}  // namespace

void on_race(const gorace::report::Race& race) {
  if (reported_program_stacks(race)) return;
  gorace::report::TextOptions text_options;
  text_options.strip_path_prefix = options().strip_path_prefix;
  log_write(gorace::report::format_text(race, text_options));
  if (g_run_log != nullptr) g_run_log->record(race);
  g_reports.fetch_add(1, std::memory_order_relaxed);
  if (options().halt_on_error) {
    finish_run(/*in_report=*/true);
    std::fflush(nullptr);
    _exit(options().exitcode);
  }
}

}  // namespace gor::detail::race
