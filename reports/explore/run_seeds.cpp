// Running the seeds: at most --jobs children at a time, each killed (its
// whole process group) once it runs past --timeout.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <thread>

#include "child.hpp"
#include "explore.hpp"
#include "gorace/report/atomic_file.hpp"

namespace gorace::explore {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Running {
  size_t index;  // into the results
  Clock::time_point deadline;
  bool killed = false;
};

volatile std::sig_atomic_t g_interrupted = 0;

void on_interrupt(int) {
  g_interrupted = 1;
}

// SIGINT and SIGTERM stop the exploration (the children run in their own
// process groups, so the terminal's signal does not reach them).
void catch_interrupts() {
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

bool has_log(const std::string& dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".jsonl") return true;
  }
  return false;
}

// The calibration a finished seed-1 run `r` gives: the step count it wrote
// to `steps_file`, or why there is none.
Calibration calibration_of(const RunResult& r, const std::string& steps_file, double timeout_s) {
  Calibration c;
  std::ifstream in(steps_file);
  unsigned long long steps = 0;
  if (!r.timed_out && in >> steps) {
    c.steps = std::max<uint64_t>(steps, 1);
  } else if (r.timed_out) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "timed out after %gs", timeout_s);
    c.failure = buf;
  } else if (r.signal != 0) {
    c.failure = "crashed with " + signal_name(r.signal);
  } else {
    c.failure = "wrote no step count (exit status " + std::to_string(r.exit_status) + ")";
  }
  return c;
}

}  // namespace

Calibration calibrate_pct_steps(const Options& o, const std::string& dir) {
  fs::remove_all(dir);
  gorace::report::ensure_directory(dir);
  const char* inherited = std::getenv("GORACE");
  std::string gorace =
      gorace_env(inherited != nullptr ? inherited : "", 1, "pct", o.schedule.pct_depth, dir);
  std::string steps_file = dir + "/steps";
  catch_interrupts();
  pid_t pid =
      start_child(o.program, gorace, "steps_out=" + steps_file, dir + "/stdout", dir + "/stderr");
  if (pid < 0) throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
  auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                     std::chrono::duration<double>(o.timeout_s));
  bool killed = false;
  int status = 0;
  for (;;) {
    if (g_interrupted) {
      kill(-pid, SIGKILL);
      waitpid(pid, nullptr, 0);
      throw Interrupted();
    }
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) throw std::runtime_error("waitpid failed");
    if (!killed && Clock::now() >= deadline) {
      kill(-pid, SIGKILL);
      killed = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  kill(-pid, SIGKILL);  // anything the program left behind in its group
  RunResult r;
  r.timed_out = killed;
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  if (WIFEXITED(status)) r.exit_status = WEXITSTATUS(status);
  return calibration_of(r, steps_file, o.timeout_s);
}

void claim_report_dir(const std::string& dir) {
  gorace::report::ensure_directory(dir);
  const std::string lock = dir + "/.lock";
  // Left open: the lock goes with the process, however it ends.
  const int fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot open " + lock + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) {
      throw std::runtime_error("report folder " + dir +
                               " is in use by another gorace explore; give each its own "
                               "--report-dir");
    }
    throw std::runtime_error("cannot lock " + lock + ": " + std::strerror(err));
  }
}

std::vector<RunResult> run_seeds(const Options& o, Calibration& calibration) {
  std::vector<RunResult> results;
  std::map<pid_t, Running> running;
  const char* inherited = std::getenv("GORACE");
  auto timeout =
      std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.timeout_s));
  bool found = false;
  uint64_t next_seed = 1;
  gorace::report::ensure_directory(o.report_dir);
  std::string root = fs::absolute(o.report_dir).lexically_normal().string();
  // PCT without a given run length: seed 1 runs alone and counts its steps.
  bool calibrating = o.schedule.strategy == "pct" && !o.schedule.pct_steps;
  Schedule schedule = o.schedule;  // what the seeds started from now on run with
  if (calibrating) schedule.pct_steps = 0;
  catch_interrupts();
  while (true) {
    if (g_interrupted) {
      for (auto& [child, run] : running) {
        kill(-child, SIGKILL);
        waitpid(child, nullptr, 0);
      }
      throw Interrupted();
    }
    while (static_cast<int>(running.size()) < o.jobs && next_seed <= o.runs &&
           !(o.until_first && found) && !(calibrating && next_seed > 1)) {
      RunResult r;
      r.seed = next_seed++;
      r.dir = root + "/seed-" + std::to_string(r.seed);
      r.pct_steps = schedule.pct_steps.value_or(0);
      fs::remove_all(r.dir);
      gorace::report::ensure_directory(r.dir);
      std::string gorace = gorace_env(inherited != nullptr ? inherited : "", r.seed,
                                      o.schedule.strategy, o.schedule.pct_depth, r.dir);
      std::string sched = calibrating ? "steps_out=" + r.dir + "/steps" : sched_env(schedule);
      pid_t pid = start_child(o.program, gorace, sched, r.dir + "/stdout", r.dir + "/stderr");
      if (pid < 0) throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
      running[pid] = Running{results.size(), Clock::now() + timeout};
      results.push_back(r);
    }
    if (running.empty()) break;
    int status = 0;
    pid_t pid = waitpid(-1, &status, WNOHANG);
    if (pid > 0) {
      auto it = running.find(pid);
      if (it == running.end()) continue;
      RunResult& r = results[it->second.index];
      kill(-pid, SIGKILL);  // anything the program left behind in its group
      r.timed_out = it->second.killed;
      if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
      if (WIFEXITED(status)) r.exit_status = WEXITSTATUS(status);
      r.found_race = has_log(r.dir);
      found = found || r.found_race;
      running.erase(it);
      if (calibrating) {  // seed 1 ended: its count is the later seeds' k
        calibrating = false;
        calibration = calibration_of(r, r.dir + "/steps", o.timeout_s);
        schedule.pct_steps = calibration.steps.value_or(0);
      }
      continue;
    }
    if (pid < 0 && errno != EINTR) throw std::runtime_error("waitpid failed");
    auto now = Clock::now();
    for (auto& [child, run] : running) {
      if (!run.killed && now >= run.deadline) {
        kill(-child, SIGKILL);
        run.killed = true;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return results;
}

}  // namespace gorace::explore
