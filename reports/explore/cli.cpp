#include "cli.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace gorace::explore {
namespace {

uint64_t parse_count(const std::string& flag, const std::string& v, uint64_t lo, uint64_t hi) {
  char* end = nullptr;
  errno = 0;
  unsigned long long n = std::strtoull(v.c_str(), &end, 10);
  if (v.empty() || v[0] == '-' || *end != '\0' || errno != 0 || n < lo || n > hi) {
    throw UsageError(flag + " wants an integer in " + std::to_string(lo) + ".." +
                     std::to_string(hi) + ", got '" + v + "'");
  }
  return n;
}

double parse_seconds(const std::string& flag, const std::string& v) {
  std::string num = v;
  double scale = 1;
  if (num.size() > 2 && num.compare(num.size() - 2, 2, "ms") == 0) {
    num.resize(num.size() - 2);
    scale = 0.001;
  } else if (!num.empty() && num.back() == 's') {
    num.pop_back();
  } else if (!num.empty() && num.back() == 'm') {
    num.pop_back();
    scale = 60;
  }
  char* end = nullptr;
  double d = std::strtod(num.c_str(), &end);
  if (num.empty() || *end != '\0' || !std::isfinite(d) || d <= 0) {
    throw UsageError(flag + " wants a positive duration (e.g. 10, 2.5s, 500ms, 1m), got '" + v +
                     "'");
  }
  return d * scale;
}

std::string parse_strategy(const std::string& flag, const std::string& v) {
  if (v != "random" && v != "pct") {
    throw UsageError(flag + " wants 'random' or 'pct', got '" + v + "'");
  }
  return v;
}

}  // namespace

const char* usage() {
  return "usage: gorace explore [flags] -- PROG [ARGS...]\n"
         "       gorace replay --seed N [flags] -- PROG [ARGS...]\n"
         "\n"
         "explore runs PROG (built with race detection) under seeds 1..N in deterministic\n"
         "mode, prints each unique race with the seeds that exposed it, and writes one HTML\n"
         "report. Exit status: 0 no race, 66 races found, 2 bad usage.\n"
         "  --runs N          seeds 1..N (default 20)\n"
         "  --jobs J          runs at a time (default 2)\n"
         "  --strategy S      random or pct (default pct)\n"
         "  --pct-depth D     PCT bug depth (default 3)\n"
         "  --pct-steps K     PCT run length in steps; default: seed 1 runs first with k\n"
         "                    unknown and its step count is k for the later seeds; 0: unknown\n"
         "  --timeout T       kill a run after T (seconds, or 500ms, 2m; default 30)\n"
         "  --until-first     start no more runs once a race was found\n"
         "  --report-dir DIR  per-seed output and report.html (default gorace-explore)\n"
         "\n"
         "replay runs PROG again exactly as seed N of explore ran it (same GORACE).\n"
         "  --seed N, --strategy S, --pct-depth D, --pct-steps K as above (without\n"
         "                    --pct-steps, a PCT seed above 1 first runs seed 1 to count k)\n"
         "  --timeout T       the limit of that run of seed 1 (default 30)\n"
         "  --report-dir DIR  where the run's JSON Lines and HTML report go\n"
         "\n"
         "gorace --version prints the version.\n";
}

Options parse_command_line(const std::vector<std::string>& args) {
  Options o;
  if (args.empty()) throw UsageError("missing subcommand (explore or replay)");
  o.command = args[0];
  if (o.command == "-h" || o.command == "--help" || o.command == "help") {
    o.command = "help";
    return o;
  }
  if (o.command == "--version" || o.command == "version") {
    o.command = "version";
    return o;
  }
  if (o.command != "explore" && o.command != "replay") {
    throw UsageError("unknown subcommand '" + o.command + "' (want explore or replay)");
  }
  const bool explore = o.command == "explore";
  size_t i = 1;
  for (; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg == "--") {
      ++i;
      break;
    }
    if (arg.empty() || arg[0] != '-') break;  // the program
    if (arg == "-h" || arg == "--help") {
      o.command = "help";
      return o;
    }
    std::string flag = arg;
    std::string value;
    bool has_value = false;
    if (size_t eq = arg.find('='); eq != std::string::npos) {
      flag = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      has_value = true;
    }
    auto take_value = [&]() -> std::string {
      if (has_value) return value;
      if (i + 1 >= args.size()) throw UsageError(flag + " needs a value");
      return args[++i];
    };
    auto no_value = [&] {
      if (has_value) throw UsageError(flag + " takes no value");
    };
    if (flag == "--strategy") {
      o.schedule.strategy = parse_strategy(flag, take_value());
    } else if (flag == "--pct-depth") {
      o.schedule.pct_depth = static_cast<int>(parse_count(flag, take_value(), 1, 1000));
    } else if (flag == "--pct-steps") {
      o.schedule.pct_steps = parse_count(flag, take_value(), 0, 1000000000);
    } else if (flag == "--timeout") {
      o.timeout_s = parse_seconds(flag, take_value());
    } else if (flag == "--report-dir") {
      std::string dir = take_value();
      if (dir.empty()) throw UsageError("--report-dir wants a directory, got ''");
      (explore ? o.report_dir : o.replay_report_dir) = dir;
    } else if (explore && flag == "--runs") {
      o.runs = parse_count(flag, take_value(), 1, 1000000);
    } else if (explore && flag == "--jobs") {
      o.jobs = static_cast<int>(parse_count(flag, take_value(), 1, 1024));
    } else if (explore && flag == "--until-first") {
      no_value();
      o.until_first = true;
    } else if (!explore && flag == "--seed") {
      o.seed = parse_count(flag, take_value(), 0, INT64_MAX);
      o.seed_set = true;
    } else {
      throw UsageError("unknown flag '" + flag + "' for gorace " + o.command);
    }
  }
  o.program.assign(args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
  if (o.program.empty()) throw UsageError("missing the program to run (after --)");
  if (!explore && !o.seed_set) throw UsageError("replay needs --seed N");
  return o;
}

}  // namespace gorace::explore
