// RunLog: a run's unique races, appended to its JSON Lines log as they are
// found, and written whole (with their counts) as JSON Lines and HTML at
// the end.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <mutex>
#include <unordered_map>

#include "gorace/report/atomic_file.hpp"
#include "gorace/report/html.hpp"
#include "gorace/report/model_json.hpp"
#include "gorace/report/writers.hpp"

namespace gorace::report {
namespace {

/// The program's base name with every character outside [A-Za-z0-9._-]
/// replaced by '_', so it is safe as a file name.
std::string file_stem(const std::string& program) {
  std::string base =
      program.substr(program.rfind('/') == std::string::npos ? 0 : program.rfind('/') + 1);
  for (char& c : base) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    if (!ok) c = '_';
  }
  if (base.empty() || base == "." || base == "..") base = "program";
  return base;
}

/// The log's name after the program: `<program>-<pid>`, or for a
/// deterministic run `<program>-seed<N>`, plus `-<hash of its arguments>`
/// when it has any. A replay (same seed, same arguments) writes the same
/// files; runs of one seed with other arguments keep their own.
std::string log_stem(const RunInfo& run) {
  std::string stem = file_stem(run.program) + "-";
  if (!run.seed) return stem + std::to_string(run.pid);
  stem += "seed" + std::to_string(*run.seed);
  if (run.args.empty()) return stem;
  uint32_t hash = 2166136261u;  // FNV-1a over the arguments, each ended by a NUL
  for (const std::string& arg : run.args) {
    for (char c : arg) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
    hash *= 16777619u;
  }
  char hex[9];
  std::snprintf(hex, sizeof hex, "%08x", hash);
  return stem + "-" + hex;
}

}  // namespace

struct RunLog::Impl {
  const RunInfo run;
  const std::string dir;
  // `<dir>/<log_stem>`: the log and the report are this plus .jsonl and
  // .html.
  const std::string base;
  mutable std::mutex mu;
  // Invariant: builder holds one race per fingerprint, in first-seen order,
  // each with the number of occurrences recorded; guarded by mu.
  ReportBuilder builder;
  size_t run_index = 0;
  std::string strip_prefix;  // guarded by mu
  // The log as the run goes (see record()); -1 before the first race, -2
  // once it could not be created (finish() reports why). Guarded by mu.
  int live_log = -1;

  Impl(RunInfo r, std::string d)
      : run(std::move(r)), dir(std::move(d)), base(dir + "/" + log_stem(run)) {
    run_index = builder.add_run(run);
  }
  ~Impl() {
    if (live_log >= 0) close(live_log);
  }

  /// Appends `line` to the live log, creating it (with the run's line
  /// first) on the first call. One write per line: a crash leaves whole lines.
  void append_live(const std::string& line) {
    if (live_log == -2) return;
    if (live_log == -1) {
      create_live(json::dump(run_to_json(builder.report().runs.front())) + "\n" + line + "\n");
      return;
    }
    write_fully(live_log, line + "\n");
  }

  /// Creates the live log with `first` (the run's line and the first
  /// race's). When that write fails (a full disk) the file is removed, not
  /// left empty or cut for readers to trip on; finish() reports why.
  void create_live(const std::string& first) {
    const std::string path = base + ".jsonl";
    try {
      ensure_directory(dir);
    } catch (const std::exception&) {
      live_log = -2;
      return;
    }
    live_log = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (live_log < 0) {
      live_log = -2;
    } else if (!write_fully(live_log, first)) {
      close(live_log);
      unlink(path.c_str());
      live_log = -2;
    }
  }
};

RunLog::RunLog(RunInfo run, std::string dir) : impl_(new Impl(std::move(run), std::move(dir))) {}

RunLog::~RunLog() {
  delete impl_;
}

bool RunLog::record(const Race& race) {
  std::string fp = fingerprint(race);
  std::lock_guard<std::mutex> lock(impl_->mu);
  if (!impl_->builder.add_race(impl_->run_index, race, fp, 1)) return false;
  // A new race goes to the log at once, so a run that crashes, is killed or
  // exits without its exit handlers keeps every race found (each with one
  // occurrence); finish() rewrites the log with the counts.
  impl_->append_live(json::dump(race_to_json(race, fp)));
  return true;
}

void RunLog::set_strip_path_prefix(std::string prefix) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->strip_prefix = std::move(prefix);
}

size_t RunLog::unique_races() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->builder.report().races.size();
}

std::string RunLog::finish() {
  Report snapshot;
  HtmlOptions html_options;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    snapshot = impl_->builder.report();
    html_options.strip_path_prefix = impl_->strip_prefix;
  }
  if (snapshot.races.empty()) return "";
  const std::string& base = impl_->base;
  try {
    ensure_directory(impl_->dir);
    write_file_atomically(base + ".jsonl", [&](const ChunkSink& sink) {
      sink(json::dump(run_to_json(snapshot.runs.front())));
      sink("\n");
      for (const ReportRace& r : snapshot.races) {
        sink(json::dump(race_to_json(r.race, r.fingerprint)));
        sink("\n");
      }
    });
    write_file_atomically(base + ".html", render_html(snapshot, html_options));
    // Races found from now on are appended to the finished log.
    std::lock_guard<std::mutex> lock(impl_->mu);
    if (impl_->live_log >= 0) close(impl_->live_log);
    impl_->live_log = open((base + ".jsonl").c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (impl_->live_log < 0) impl_->live_log = -2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gorace: cannot write the race report: %s\n", e.what());
    return "";
  }
  return base + ".html";
}

}  // namespace gorace::report
