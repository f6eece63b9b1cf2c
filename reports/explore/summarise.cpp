// The summary of an exploration: each unique race (by fingerprint) with the
// seeds that exposed it, the runs that hung or crashed, and the merged HTML
// report in which every race names its seeds and their replay commands.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "child.hpp"
#include "explore.hpp"
#include "gorace/report/atomic_file.hpp"
#include "gorace/report/failure_line.hpp"
#include "gorace/report/html.hpp"
#include "gorace/report/log_reader.hpp"
#include "gorace/report/replay.hpp"

namespace gorace::explore {
namespace {

namespace fs = std::filesystem;

std::string top_frame(const gorace::report::Access& a) {
  if (a.stack.empty()) return "?";
  const gorace::report::Frame& f = a.stack.front();
  return fs::path(f.file).filename().string() + ":" + std::to_string(f.line);
}

std::string percent(size_t part, size_t whole) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f%%",
                whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole));
  return buf;
}

// The line of a run's stderr that says why it failed (its panic or fatal
// error), not gorace's own lines after it.
std::string failure_of(const std::string& dir) {
  std::ifstream in(dir + "/stderr", std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return gorace::report::failure_line(text.str());
}

}  // namespace

std::string replay_command(const Options& o, const RunResult& run) {
  report::Replay replay{run.seed, o.schedule.strategy, 0, -1, o.program};
  if (o.schedule.strategy == "pct") {
    replay.pct_depth = o.schedule.pct_depth;
    replay.pct_steps = static_cast<int64_t>(run.pct_steps);
  }
  return report::replay_command(replay);
}

int summarise(const Options& o, const std::vector<RunResult>& results,
              const Calibration& calibration) {
  gorace::report::ReportBuilder builder;
  std::map<size_t, uint64_t> seed_of_run;  // report run index -> seed
  size_t runs_with_races = 0;
  for (const RunResult& r : results) {
    if (r.found_race) ++runs_with_races;
    std::vector<std::string> logs;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(r.dir, ec)) {
      if (entry.path().extension() == ".jsonl") logs.push_back(entry.path().string());
    }
    std::sort(logs.begin(), logs.end());
    for (const std::string& log : logs) {
      size_t before = builder.report().runs.size();
      gorace::report::ReadOptions ro;
      ro.warn = [](const std::string& w) { std::fprintf(stderr, "gorace: %s\n", w.c_str()); };
      try {
        gorace::report::read_log(log, builder, ro);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "gorace: %s\n", e.what());
      }
      for (size_t k = before; k < builder.report().runs.size(); ++k) seed_of_run[k] = r.seed;
    }
  }
  gorace::report::Report report = builder.take();

  std::printf("gorace explore: %s: %zu run(s), strategy %s", o.program[0].c_str(), results.size(),
              o.schedule.strategy.c_str());
  if (o.schedule.strategy == "pct" && o.schedule.pct_steps) {
    std::printf(" (pct_depth %d, pct_steps %llu)", o.schedule.pct_depth,
                static_cast<unsigned long long>(*o.schedule.pct_steps));
  } else if (o.schedule.strategy == "pct" && calibration.steps) {
    std::printf(" (pct_depth %d, pct_steps %llu as counted by seed 1)", o.schedule.pct_depth,
                static_cast<unsigned long long>(*calibration.steps));
  } else if (o.schedule.strategy == "pct") {
    std::printf(" (pct_depth %d, pct_steps 0: seed 1 %s, so each seed draws k)",
                o.schedule.pct_depth, calibration.failure.c_str());
  }
  std::printf("\n");
  for (size_t i = 0; i < report.races.size(); ++i) {
    const gorace::report::ReportRace& rr = report.races[i];
    std::vector<uint64_t> seeds;
    for (size_t run : rr.runs) seeds.push_back(seed_of_run[run]);
    std::sort(seeds.begin(), seeds.end());
    seeds.erase(std::unique(seeds.begin(), seeds.end()), seeds.end());
    std::printf("race %zu: %s vs %s \u2014 found by %zu/%zu seeds (%s):", i + 1,
                top_frame(rr.race.current).c_str(), top_frame(rr.race.previous).c_str(),
                seeds.size(), results.size(), percent(seeds.size(), results.size()).c_str());
    for (uint64_t s : seeds) std::printf(" %llu", static_cast<unsigned long long>(s));
    if (!seeds.empty())
      std::printf("\n  replay: %s", replay_command(o, results[seeds.front() - 1]).c_str());
    std::printf("\n");
  }
  size_t timed_out = 0;
  size_t crashed = 0;
  for (const RunResult& r : results) {
    if (r.timed_out) {
      ++timed_out;
      std::printf("seed %llu: timed out after %gs (killed); output in %s\n",
                  static_cast<unsigned long long>(r.seed), o.timeout_s, r.dir.c_str());
    } else if (r.signal != 0) {
      ++crashed;
      std::printf("seed %llu: crashed with %s; output in %s\n  replay: %s\n",
                  static_cast<unsigned long long>(r.seed), signal_name(r.signal).c_str(),
                  r.dir.c_str(), replay_command(o, r).c_str());
    } else if (r.exit_status != 0 && r.exit_status != 66) {
      ++crashed;
      std::printf("seed %llu: exited with status %d: %s\n  replay: %s\n",
                  static_cast<unsigned long long>(r.seed), r.exit_status, failure_of(r.dir).c_str(),
                  replay_command(o, r).c_str());
    }
  }
  std::printf("races in %zu of %zu runs (%s), %zu unique race(s); %zu timed out, %zu crashed\n",
              runs_with_races, results.size(), percent(runs_with_races, results.size()).c_str(),
              report.races.size(), timed_out, crashed);
  if (o.until_first && results.size() < o.runs && runs_with_races > 0) {
    std::printf("stopped early (--until-first) after %zu of %llu seeds\n", results.size(),
                static_cast<unsigned long long>(o.runs));
  }
  if (!report.races.empty()) {
    gorace::report::HtmlOptions html;
    html.title = "gorace explore: " + fs::path(o.program[0]).filename().string() + " (" +
                 std::to_string(results.size()) + " seeds, " + o.schedule.strategy + ")";
    std::string path = fs::absolute(o.report_dir).lexically_normal().string() + "/report.html";
    try {
      gorace::report::write_file_atomically(path, gorace::report::render_html(report, html));
      std::printf("HTML report: %s\n", path.c_str());
    } catch (const std::exception& e) {
      std::fprintf(stderr, "gorace: cannot write the HTML report: %s\n", e.what());
    }
  }
  std::fflush(stdout);
  if (!report.races.empty() || runs_with_races != 0) return 66;
  return crashed != 0 || timed_out != 0 ? 1 : 0;  // a failing program is not a passing one
}

}  // namespace gorace::explore
