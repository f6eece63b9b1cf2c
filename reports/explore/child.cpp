#include "child.hpp"

#include <fcntl.h>
#include <sys/personality.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string_view>

namespace gorace::explore {
namespace {

bool is_own_key(const std::string& item, bool drop_report_dir) {
  for (const char* key : {"seed=", "strategy=", "pct_depth="}) {
    if (item.rfind(key, 0) == 0) return true;
  }
  return drop_report_dir && (item.rfind("report_dir=", 0) == 0 || item.rfind("reports=", 0) == 0);
}

// In the child: ASLR off (ignored where the kernel refuses: the run is then
// still deterministic, only heap and stack addresses may differ).
void prepare_exec(const std::string& gorace, const std::string& sched) {
  int persona = personality(0xffffffff);
  if (persona != -1) personality(static_cast<unsigned long>(persona) | ADDR_NO_RANDOMIZE);
  setenv("GORACE", gorace.c_str(), 1);
  if (sched.empty()) {
    unsetenv("GORACE_SCHED");
  } else {
    setenv("GORACE_SCHED", sched.c_str(), 1);
  }
}

std::vector<char*> c_argv(const std::vector<std::string>& argv) {
  std::vector<char*> out;
  for (const std::string& a : argv) out.push_back(const_cast<char*>(a.c_str()));
  out.push_back(nullptr);
  return out;
}

void write_str(int fd, const std::string& s) {
  const char* p = s.data();
  size_t left = s.size();
  while (left > 0) {
    ssize_t n = write(fd, p, left);
    if (n <= 0) return;
    p += n;
    left -= static_cast<size_t>(n);
  }
}

}  // namespace

std::string gorace_env(const std::string& inherited, uint64_t seed, const std::string& strategy,
                       int pct_depth, const std::string& report_dir) {
  std::istringstream in(inherited);
  std::string out;
  std::string item;
  while (in >> item) {
    if (is_own_key(item, !report_dir.empty())) continue;
    out += item + " ";
  }
  out += "seed=" + std::to_string(seed) + " strategy=" + strategy +
         " pct_depth=" + std::to_string(pct_depth);
  if (!report_dir.empty()) out += " report_dir=" + report_dir;
  return out;
}

std::string sched_env(const Schedule& schedule) {
  if (schedule.strategy != "pct" || schedule.pct_steps.value_or(0) == 0) return "";
  return "pct_steps=" + std::to_string(*schedule.pct_steps);
}

bool can_execute(const std::string& program, std::string& path, std::string& why) {
  auto executable = [](const std::string& p) {
    struct stat st {};
    return stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(p.c_str(), X_OK) == 0;
  };
  if (program.find('/') != std::string::npos) {
    path = program;
    if (executable(program)) return true;
    why = "'" + program + "' is not an executable file";
    return false;
  }
  const char* env_path = std::getenv("PATH");
  std::istringstream dirs(env_path != nullptr ? env_path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    path = (dir.empty() ? "." : dir) + "/" + program;
    if (executable(path)) return true;
  }
  why = "'" + program + "' was not found on PATH";
  return false;
}

bool may_run_gorace(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return true;
  static constexpr std::string_view kMark = "GORACE_SCHED";
  std::string window;  // the previous block's tail and this block
  char block[1 << 16];
  bool first = true;
  while (in.read(block, sizeof block) || in.gcount() > 0) {
    const std::string_view got(block, static_cast<size_t>(in.gcount()));
    if (first && got.substr(0, 2) == "#!") return true;
    first = false;
    window.append(got);
    if (window.find(kMark) != std::string::npos) return true;
    window.erase(0, window.size() > kMark.size() ? window.size() - kMark.size() : 0);
  }
  return false;
}

pid_t start_child(const std::vector<std::string>& argv, const std::string& gorace,
                  const std::string& sched, const std::string& stdout_path,
                  const std::string& stderr_path) {
  std::vector<char*> args = c_argv(argv);
  pid_t pid = fork();
  if (pid != 0) {
    if (pid > 0) setpgid(pid, pid);  // also done by the child: whichever runs first
    return pid;
  }
  setpgid(0, 0);
  int out = open(stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  int err = open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (out < 0 || err < 0) _exit(127);
  int null_in = open("/dev/null", O_RDONLY);
  if (null_in >= 0) dup2(null_in, 0);
  dup2(out, 1);
  dup2(err, 2);
  prepare_exec(gorace, sched);
  execvp(args[0], args.data());
  write_str(2, "gorace: cannot run '" + argv[0] + "': " + std::strerror(errno) + "\n");
  _exit(127);
}

void exec_replacing(const std::vector<std::string>& argv, const std::string& gorace,
                    const std::string& sched) {
  std::vector<char*> args = c_argv(argv);
  prepare_exec(gorace, sched);
  execvp(args[0], args.data());
}

std::string signal_name(int sig) {
  if (const char* abbrev = sigabbrev_np(sig)) return std::string("SIG") + abbrev;
  return "signal " + std::to_string(sig);
}

}  // namespace gorace::explore
